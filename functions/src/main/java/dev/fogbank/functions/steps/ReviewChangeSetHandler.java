package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.metrics.Metric;

/**
 * ReviewChangeSet: replacement, risk and exports of the READY change set, and whether it waits for
 * approval; a change set that would fail part-way is deleted and comes back blocked. Null for
 * NO_CHANGES.
 */
public final class ReviewChangeSetHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public ReviewChangeSetHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public ReviewChangeSetHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Metric durationMetric() {
    return Metric.REVIEW_TIME;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    return steps.review(input, read(state, "changeSet", ChangeSetStep.class));
  }
}
