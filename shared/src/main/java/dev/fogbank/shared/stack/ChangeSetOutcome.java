package dev.fogbank.shared.stack;

import dev.fogbank.shared.deploy.ChangeSummary;
import java.util.List;

/**
 * A change set once CloudFormation finished creating it: READY to execute, NO_CHANGES (already
 * deleted by the gateway), or FAILED with CloudFormation's reason.
 */
public record ChangeSetOutcome(Status status, String reason, List<ResourceChange> changes) {
  public enum Status {
    READY,
    NO_CHANGES,
    FAILED
  }

  public ChangeSetOutcome {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  public ChangeSummary summary() {
    int adds = 0;
    int modifies = 0;
    int removes = 0;
    for (ResourceChange c : changes) {
      switch (c.action()) {
        case "Add", "Import" -> adds++;
        case "Remove" -> removes++;
        default -> modifies++;
      }
    }
    return new ChangeSummary(adds, modifies, removes);
  }
}
