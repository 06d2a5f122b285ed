package dev.fogbank.shared.history;

import java.util.List;

/** A page of records, newest first; nextToken is null on the last page. */
public record HistoryPage(List<DeploymentRecord> items, String nextToken) {
  public HistoryPage {
    items = List.copyOf(items);
  }
}
