package dev.fogbank.shared.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Deployments across stacks, newest first: for each candidate stack one {@link
 * DeploymentHistory#find} (at most {@code limit + 1} records past the cursor), merged by {@link
 * HistoryPosition}. A page costs one Query per stack that may hold a match (a stack whose latest
 * deployment is older than {@code from} is skipped unread), each reading at most {@code limit + 1}
 * matching records: O(stacks × limit) items, never a table Scan.
 */
public final class DeploymentSearch {
  private final DeploymentHistory history;

  public DeploymentSearch(DeploymentHistory history) {
    this.history = Objects.requireNonNull(history, "history");
  }

  /** A page of records and the position to continue after (null on the last page). */
  public record Page(List<DeploymentRecord> items, HistoryPosition next) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** {@code stacks}' deployments matching {@code query} after {@code after} (null: newest). */
  public Page search(
      List<StackSummary> stacks, DeploymentQuery query, HistoryPosition after, int limit) {
    List<DeploymentRecord> merged = new ArrayList<>();
    for (StackSummary stack : stacks) {
      if (query.from() != null
          && stack.requestedAt() != null
          && stack.requestedAt().isBefore(query.from())) {
        continue;
      }
      merged.addAll(history.find(stack.stack(), query, after, limit + 1));
    }
    merged.sort(Comparator.comparing(HistoryPosition::of));
    if (merged.size() <= limit) {
      return new Page(merged, null);
    }
    List<DeploymentRecord> page = merged.subList(0, limit);
    return new Page(page, HistoryPosition.of(page.get(limit - 1)));
  }
}
