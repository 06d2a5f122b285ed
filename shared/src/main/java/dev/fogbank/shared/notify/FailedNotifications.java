package dev.fogbank.shared.notify;

import java.util.List;
import java.util.Optional;

/** The dead letters of notifications: kept until re-sent, newest first. */
public interface FailedNotifications {
  /** A page of dead letters. {@code next} is the store's cursor for the next one; null at the end. */
  record Page(List<FailedNotification> items, String next) {}

  /** Adds or replaces (same id) a dead letter. */
  void put(FailedNotification failed);

  Optional<FailedNotification> get(String id);

  /** Up to {@code limit} dead letters, newest first, after {@code cursor} (null: from the start). */
  Page list(String cursor, int limit);

  /** Removes a dead letter once delivered; false when there was none. */
  boolean remove(String id);
}
