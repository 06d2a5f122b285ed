package dev.fogbank.shared.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * Where a deployment sits in history's newest-first order, across stacks: its request time (to the
 * millisecond, as the store sorts it), then its id (unique), both descending.
 */
public record HistoryPosition(Instant requestedAt, String deploymentId)
    implements Comparable<HistoryPosition> {
  /** Newest first. */
  static final Comparator<HistoryPosition> ORDER =
      Comparator.comparing(HistoryPosition::requestedAt)
          .thenComparing(HistoryPosition::deploymentId)
          .reversed();

  public HistoryPosition {
    requestedAt = requestedAt.truncatedTo(ChronoUnit.MILLIS);
  }

  public static HistoryPosition of(DeploymentRecord r) {
    return new HistoryPosition(r.requestedAt(), r.deploymentId());
  }

  /** As text for a page cursor: {@code <epoch millis>:<id>}. */
  public String cursor() {
    return requestedAt.toEpochMilli() + ":" + deploymentId;
  }

  /** The position {@link #cursor} wrote; null for text it did not write. */
  public static HistoryPosition fromCursor(String cursor) {
    int colon = cursor.indexOf(':');
    try {
      return colon < 1 || colon == cursor.length() - 1
          ? null
          : new HistoryPosition(
              Instant.ofEpochMilli(Long.parseLong(cursor.substring(0, colon))),
              cursor.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int compareTo(HistoryPosition other) {
    return ORDER.compare(this, other);
  }
}
