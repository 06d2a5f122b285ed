package dev.fogbank.shared.deploy;

import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.validation.ValidationReport;
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
   * place (a Transform's template, whose processed form is checked once the change set exists; a
   * type the bundled schemas do not know).
   */
  public record TemplateCheck(
      int sizeBytes,
      int resourceCount,
      String format,
      List<String> warnings,
      boolean rejected,
      ValidationReport validation) {
    public TemplateCheck {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * {@code rejected}: the policy blocks the deployment on {@code validation}'s findings; the
     * state machine then records REJECTED instead of creating a change set.
     */
    public TemplateCheck(
        int sizeBytes,
        int resourceCount,
        String format,
        List<String> warnings,
        ValidationReport validation) {
      this(
          sizeBytes,
          resourceCount,
          format,
          warnings,
          validation != null && validation.blocked(),
          validation);
    }
  }

  /**
   * $.changeSet: the created change set as the state machine carries it: its counts, not its rows
   * (an execution's state is limited to 256 KB). status is READY or NO_CHANGES. {@code warnings}:
   * what the check of a Transform's processed template found but does not refuse, or why that form
   * could not be checked.
   */
  public record ChangeSetStep(
      String changeSetId,
      String changeSetName,
      ChangeSet.Type type,
      String stackId,
      ChangeSet.Status status,
      ChangeSummary summary,
      List<String> warnings) {

    public ChangeSetStep {
      warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static ChangeSetStep of(ChangeSet changeSet) {
      return of(changeSet, List.of());
    }

    public static ChangeSetStep of(ChangeSet changeSet, List<String> warnings) {
      return new ChangeSetStep(
          changeSet.changeSetId(),
          changeSet.name(),
          changeSet.type(),
          changeSet.stackId(),
          changeSet.status(),
          changeSet.summary(),
          warnings);
    }

    /** The change set to execute (its rows are not carried: execution does not need them). */
    public ChangeSet toChangeSet(String stackName) {
      return new ChangeSet(
          stackName, stackId, changeSetId, changeSetName, type, status, null, null);
    }

    public boolean noChanges() {
      return status == ChangeSet.Status.NO_CHANGES;
    }
  }

  /**
   * $.execution: when the change set was executed, how long we wait for the stack, and the
   * heartbeat (seconds) of the next WaitForStack; {@code protection}: the stack policy and
   * termination protection set on the stack before it ran.
   */
  public record ExecutionStep(
      Instant executedAt, Instant deadline, Integer waitSeconds, StackProtection protection) {
    public ExecutionStep(Instant executedAt, Instant deadline) {
      this(executedAt, deadline, null);
    }

    public ExecutionStep(Instant executedAt, Instant deadline, Integer waitSeconds) {
      this(executedAt, deadline, waitSeconds, null);
    }
  }

  /**
   * $.stack: the stack's status after the execution; while in progress, {@code waitSeconds} is the
   * next WaitForStack's heartbeat (the last one doubled: the BackOff state copies it into
   * $.execution.waitSeconds).
   */
  public record StackProgress(
      String status, String reason, boolean inProgress, Integer waitSeconds) {
    public StackProgress(String status, String reason, boolean inProgress) {
      this(status, reason, inProgress, null);
    }
  }
}
