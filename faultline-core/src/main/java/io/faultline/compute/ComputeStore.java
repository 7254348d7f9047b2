package io.faultline.compute;

import io.faultline.tx.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of compute services, instances, faults and actions. */
public interface ComputeStore {
  void insertHost(Transaction tx, ComputeHost host);

  /** Saves status, reason, forced-down and updated-at. */
  void updateHost(Transaction tx, ComputeHost host);

  /** Records a beat; false when the service does not exist yet. */
  boolean recordHeartbeat(Transaction tx, String host, String binary, Instant at);

  Optional<ComputeHost> findHost(Transaction tx, ServiceId id);

  Optional<ComputeHost> findHost(Transaction tx, String host, String binary);

  /** Finds and locks the service row until the transaction ends: reports on a host serialize. */
  Optional<ComputeHost> lockHost(Transaction tx, String host, String binary);

  List<ComputeHost> listHosts(Transaction tx, Optional<String> host, Optional<String> binary);

  /** Usage of every host that runs at least one live (not deleted) instance. */
  Map<String, HostUsage> usageByHost(Transaction tx);

  HostUsage usageOf(Transaction tx, String host);

  /** Live (not deleted) instances counted by host and vm state; of one host when given. */
  Map<String, Map<VmState, Integer>> instanceStatesByHost(Transaction tx, Optional<String> host);

  void insertInstance(Transaction tx, Instance instance);

  /** Saves host, states, previous states and timestamps. */
  void updateInstance(Transaction tx, Instance instance);

  /** A live or deleted instance. */
  Optional<Instance> findInstance(Transaction tx, InstanceId id);

  Optional<Instance> lockInstance(Transaction tx, InstanceId id);

  List<Instance> listInstances(Transaction tx, InstanceFilter filter);

  /**
   * Part of a server list, in Nova's order (newest first, then by id): at most {@code count} of the
   * instances matching {@code query} that come after {@code after} in that order. Deleted instances
   * are listed only with {@code changesSince}. The query's limit and marker are not read here.
   */
  List<Instance> pageInstances(
      Transaction tx, ServerQuery query, Optional<Instance> after, int count);

  /**
   * Every instance on {@code host}, deleted ones included. Callers hold the host's service row
   * lock, which every writer of that host's instances takes first, so the rows need no lock of
   * their own.
   */
  List<Instance> instancesOnHost(Transaction tx, String host);

  /**
   * Saves the instances a host-down report stopped (their states decided by {@link
   * Instance#stoppedByHostDown}) in one batched statement, recording {@code cause} as each one's
   * latest fault at {@code now} and {@code action} in each one's action log, written once for them
   * all; throws when one of them is not there to update.
   */
  void saveStopped(
      Transaction tx,
      List<Instance> stopped,
      InstanceFault.Cause cause,
      InstanceAction.Template action,
      Instant now);

  /** The instance's latest fault, if it has one. */
  Optional<InstanceFault> latestFault(Transaction tx, InstanceId id);

  void insertActions(Transaction tx, List<InstanceAction> actions);

  /** Newest first, a host-down report's among them. */
  List<InstanceAction> listActions(Transaction tx, InstanceId id);

  /** Saves {@code report}'s parts that are present on the host's service row. */
  void recordHostReport(Transaction tx, String host, String binary, HostReport report);

  /** What each host's agent last reported, by host name. */
  Map<String, HostReport> hostReports(Transaction tx);

  /** Inserts or replaces a server's details. */
  void saveServerDetails(Transaction tx, InstanceId id, ServerDetails details);

  /** The details of each given server that has any; others have {@link ServerDetails#NONE}. */
  Map<InstanceId, ServerDetails> serverDetails(Transaction tx, List<InstanceId> ids);

  /** Like {@link #listInstances}, deleted instances included, changed at or after {@code since}. */
  List<Instance> listInstancesChangedSince(Transaction tx, InstanceFilter filter, Instant since);

  /** What the live instances of a project (of one user of it, when given) take. */
  HostUsage usageOfProject(Transaction tx, String projectId, Optional<String> userId);

  /** Records a migration; its id is the store's. */
  void insertMigration(Transaction tx, Migration migration);

  /** Migrations matching the filter, newest first. */
  List<Migration> listMigrations(Transaction tx, Migration.Filter filter);
}
