package io.faultline.doctor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The built-in monitor: hosts running {@code faultline agent} beat at a fixed interval; a host
 * silent for {@code missedBeats} intervals is reported down, and reported up again only after
 * {@code recoveryBeats} beats on time in a row. Reports go to the inspector exactly as an external
 * monitor's would. Watching survives restarts: at start the monitor is handed every compute service
 * the store knows ({@link #watchAtStart}), and one that does not beat within the start grace period
 * is reported down.
 */
public final class HeartbeatMonitor {
  public static final String NAME = "faultline-heartbeat";

  private final Consumer<RawFault> inspector;
  private final InstantSource clock;
  private final MonitorSettings settings;
  private final Predicate<String> watched;
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();

  /** A monitor that watches every host (one process alone). */
  public HeartbeatMonitor(
      Consumer<RawFault> inspector, InstantSource clock, MonitorSettings settings) {
    this(inspector, clock, settings, host -> true);
  }

  /**
   * A monitor that hears every host's beats but judges only the hosts {@code watched} says this
   * node watches (one node of several): the others are judged by their own node.
   */
  public HeartbeatMonitor(
      Consumer<RawFault> inspector,
      InstantSource clock,
      MonitorSettings settings,
      Predicate<String> watched) {
    this.inspector = requireNonNull(inspector, "inspector is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.watched = requireNonNull(watched, "watched is null");
  }

  /** Every host heard of, watched here or not. */
  public java.util.Set<String> knownHosts() {
    return java.util.Set.copyOf(hosts.keySet());
  }

  /**
   * Starts judging a host another node watched until now: as down when it is forced down (so it is
   * reported up only after its recovery beats, and never fenced twice for one fault), else as up,
   * silent for no longer than its last beat heard or the start grace period allows.
   */
  public void takeOver(String host, boolean forcedDown) {
    Instant now = clock.instant();
    Instant graceEnds = now.plus(settings.startGrace()).minus(settings.downAfter());
    HostState state = hosts.computeIfAbsent(host, h -> new HostState(graceEnds));
    synchronized (state) {
      state.up = !forcedDown;
      state.beatsOnTime = 0;
      if (state.lastBeat.isBefore(graceEnds)) {
        state.lastBeat = graceEnds;
      }
    }
  }

  /** Whether a watched host is currently considered up. */
  public Optional<Boolean> isUp(String host) {
    return Optional.ofNullable(hosts.get(host)).map(state -> state.up);
  }

  /**
   * Watches the hosts the store knows, as of a start at {@code start}: each must beat within the
   * start grace period or is reported down. Hosts already forced down are watched as down, so that
   * they are reported up only after the recovery beats. A host that beat meanwhile keeps its state.
   */
  public void watchAtStart(Map<String, Boolean> forcedDownByHost, Instant start) {
    // The silence clock of a restored host starts so that it runs out at start + grace.
    Instant deemedLastBeat = start.plus(settings.startGrace()).minus(settings.downAfter());
    forcedDownByHost.forEach(
        (host, forcedDown) ->
            hosts.computeIfAbsent(
                host,
                h -> {
                  HostState state = new HostState(deemedLastBeat);
                  state.up = !forcedDown;
                  return state;
                }));
  }

  /**
   * Watches the host afresh as of now, as up: after its maintenance ends, a host whose agent is
   * silent must be reported down again even if it was before.
   */
  public void rearm(String host) {
    Instant now = clock.instant();
    HostState state = hosts.computeIfAbsent(host, h -> new HostState(now));
    synchronized (state) {
      state.up = true;
      state.beatsOnTime = 0;
      state.lastBeat = now;
    }
  }

  /** A beat from a host's agent; may report the host up when it recovers. */
  public void beat(String host) {
    Instant now = clock.instant();
    HostState state = hosts.computeIfAbsent(host, h -> new HostState(now));
    boolean recovered;
    synchronized (state) {
      if (!watched.test(host)) {
        state.lastBeat = now;
        return;
      }
      recovered = state.beat(now, settings);
    }
    if (recovered) {
      report(FaultType.COMPUTE_HOST_UP, host, now, "up");
    }
  }

  /** Reports every host whose silence has lasted too long; runs on a schedule. */
  public void check() {
    Instant now = clock.instant();
    List<String> down = new ArrayList<>();
    hosts.forEach(
        (host, state) -> {
          if (!watched.test(host)) {
            return;
          }
          synchronized (state) {
            if (state.silentTooLong(now, settings)) {
              down.add(host);
            }
          }
        });
    for (String host : down) {
      report(FaultType.COMPUTE_HOST_DOWN, host, now, "down");
    }
  }

  private void report(FaultType type, String host, Instant time, String status) {
    inspector.accept(
        new RawFault(
            time,
            type,
            host,
            Optional.empty(),
            Optional.of(status),
            NAME,
            Optional.of(UUID.randomUUID().toString()),
            Map.of()));
  }

  private static final class HostState {
    Instant lastBeat;
    boolean up = true;
    int beatsOnTime;

    HostState(Instant firstBeat) {
      this.lastBeat = firstBeat;
    }

    /** Records a beat; true when it brings a down host back up. */
    boolean beat(Instant now, MonitorSettings settings) {
      Duration gap = Duration.between(lastBeat, now);
      lastBeat = now;
      if (up) {
        return false;
      }
      beatsOnTime = gap.compareTo(settings.downAfter()) <= 0 ? beatsOnTime + 1 : 1;
      if (beatsOnTime >= settings.recoveryBeats()) {
        up = true;
        beatsOnTime = 0;
        return true;
      }
      return false;
    }

    /** True once, when an up host has been silent too long. */
    boolean silentTooLong(Instant now, MonitorSettings settings) {
      if (up && Duration.between(lastBeat, now).compareTo(settings.downAfter()) > 0) {
        up = false;
        beatsOnTime = 0;
        return true;
      }
      return false;
    }
  }
}
