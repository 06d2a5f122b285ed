package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.cost.StackBudgets;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.review.ReviewReport;

/**
 * RecordResult: records SUCCEEDED or NO_CHANGES with the change summary and the change review; as
 * RecordRejection (after a Validate step whose findings block, {@code $.template.rejected}),
 * records REJECTED (SUCCEEDED also with {@code $.execution.protection}, the stack policy and
 * termination protection ExecuteChangeSet set); as RecordBlocked (the review's {@code $.review.blocked}), FAILED with
 * CHANGE_SET_BLOCKED; as RecordCancellation (WaitForApproval's {@code $.cancellation}: rejected or
 * timed out), CANCELLED. Always with what validation found. Then it releases the stack's lock
 * (there is no ReleaseLock state after it). After SUCCEEDED or NO_CHANGES the stack's AWS Budget
 * follows the deployment's {@code budget} ({@link StackBudgets}).
 */
public final class RecordResultHandler extends StepHandler {
  private final DeploymentLedger steps;
  private final StackBudgets budgets;

  /** Lambda entry: wired from the function's environment. */
  public RecordResultHandler() {
    this(StepsLedgerWiring.ledger(), StepsLedgerWiring.budgets());
  }

  public RecordResultHandler(DeploymentLedger steps) {
    this(steps, StackBudgets.none());
  }

  public RecordResultHandler(DeploymentLedger steps, StackBudgets budgets) {
    this.steps = steps;
    this.budgets = budgets;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    TemplateCheck template = read(state, "template", TemplateCheck.class);
    ReviewReport review = read(state, "review", ReviewReport.class);
    JsonNode cancellation = state.path("cancellation");
    DeploymentRecord record;
    if (template != null && template.rejected()) {
      record = steps.recordRejection(input, template);
    } else if (cancellation.isObject()) {
      record =
          steps.recordCancellation(
              input,
              cancellation.path("Error").asText(null),
              cancellation.path("Cause").asText(null),
              template);
    } else if (review != null && review.blocked()) {
      record = steps.recordBlocked(input, template, review);
    } else {
      ChangeSetStep changeSet = read(state, "changeSet", ChangeSetStep.class);
      ExecutionStep execution = read(state, "execution", ExecutionStep.class);
      record =
          steps.recordResult(
              input,
              changeSet,
              template,
              review,
              execution == null ? null : execution.protection());
    }
    // The record has ended, so the turn is over: the next deployment may take the lock now, not
    // one state later (a failure is thrown and the step retried; both writes are idempotent).
    steps.releaseLock(input);
    if (record.status() == DeploymentStatus.SUCCEEDED
        || record.status() == DeploymentStatus.NO_CHANGES) {
      budgets.follow(input);
    }
    return record.status().name();
  }
}
