package dev.fogbank.shared.deploy;

import java.time.Instant;
import java.util.List;

/** What each deploy step adds to the execution's state (stored under its ResultPath). */
public final class StepResults {
  private StepResults() {}

  /** $.lock: acquired, or who holds the stack and until when we keep trying. */
  public record LockAttempt(
      boolean acquired, String holderDeploymentId, Instant expiresAt, Instant waitDeadline) {}

  /**
   * $.template: what validation found. {@code warnings}: what it could not judge, each with its
   * place (a Transform's template, checked by CloudFormation on its processed form; a type the
   * bundled schemas do not know).
   */
  public record TemplateCheck(
      int sizeBytes, int resourceCount, String format, List<String> warnings) {
    public TemplateCheck {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
  }

  /** $.changeSet: the created change set and whether it has anything to do. */
  public record ChangeSetStep(
      String changeSetId,
      String changeSetName,
      String type,
      String stackId,
      String status,
      ChangeSummary summary) {
    public boolean noChanges() {
      return "NO_CHANGES".equals(status);
    }
  }

  /** $.execution: when the change set was executed and how long we wait for the stack. */
  public record ExecutionStep(Instant executedAt, Instant deadline) {}

  /** $.stack: the stack's status after the execution. */
  public record StackProgress(String status, String reason, boolean inProgress) {}
}
