package io.faultline.alarm.notify;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/** Identifies one delivery (one action call for one firing); stable across its retries. */
public record DeliveryId(String value) {
  public DeliveryId {
    requireNonNull(value, "value is null");
  }

  public static DeliveryId random() {
    return new DeliveryId(UUID.randomUUID().toString());
  }

  /**
   * The id of the delivery of {@code action} for the alarm's firing on one event: the same event
   * evaluated again (redelivered to another node after a crash, say) makes the same delivery, which
   * its consumer recognises and the store keeps once.
   *
   * <p>The id is laid out as a version 7 UUID (RFC 9562) whose time is the event's {@code
   * generated} time and whose remaining 74 bits are a SHA-256 hash of alarm, event and action, not
   * random: stable across replays, and ordered by event time, so that the deliveries of one fault
   * sit together in the store's key index. A hashed id in place of the time (as a name-based UUID
   * is) put each of a fault's deliveries on a page of its own, which the embedded store rewrites at
   * the commit that inserts it and again at the one that records its outcome.
   */
  public static DeliveryId forFiring(
      String alarmId, String eventMessageId, Instant eventGenerated, String action) {
    byte[] hash = sha256(alarmId + "\n" + eventMessageId + "\n" + action);
    ByteBuffer bits = ByteBuffer.wrap(hash);
    long millis = Math.max(0, eventGenerated.toEpochMilli()) & 0xFFFF_FFFF_FFFFL;
    long most = (millis << 16) | 0x7000L | (bits.getShort() & 0x0FFFL);
    long least = (bits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
    return new DeliveryId(new UUID(most, least).toString());
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
