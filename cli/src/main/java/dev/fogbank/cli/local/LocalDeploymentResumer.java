package dev.fogbank.cli.local;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.TaskTokenException;

/**
 * Step Functions' SendTaskSuccess and SendTaskFailure for local mode: the local ASL engine's own
 * task tokens, refused the way AWS refuses them.
 */
final class LocalDeploymentResumer implements DeploymentResumer {
  private final AslEngine engine;

  LocalDeploymentResumer(AslEngine engine) {
    this.engine = engine;
  }

  @Override
  public boolean resume(String taskToken, String outputJson) {
    try {
      engine.sendTaskSuccess(taskToken, outputJson);
      return true;
    } catch (TaskTokenException e) {
      return ended(e);
    }
  }

  @Override
  public boolean fail(String taskToken, String error, String cause) {
    try {
      engine.sendTaskFailure(taskToken, error, cause);
      return true;
    } catch (TaskTokenException e) {
      return ended(e);
    }
  }

  /** As {@code SfnDeploymentResumer}: a task no longer waiting is false, anything else a bug. */
  private static boolean ended(TaskTokenException e) {
    if (e.reason() == TaskTokenException.Reason.INVALID_OUTPUT) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "the local engine refused: " + e.getMessage());
    }
    return false;
  }
}
