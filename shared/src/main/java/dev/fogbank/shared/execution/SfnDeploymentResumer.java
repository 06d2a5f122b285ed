package dev.fogbank.shared.execution;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@link DeploymentResumer} over Step Functions' SendTaskSuccess. */
public final class SfnDeploymentResumer implements DeploymentResumer {

  private final SfnClient sfn;

  public SfnDeploymentResumer(SfnClient sfn) {
    this.sfn = Objects.requireNonNull(sfn, "sfn");
  }

  @Override
  public boolean resume(String taskToken, String outputJson) {
    try {
      sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson));
      return true;
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      // The wait already ended (its heartbeat fell back to polling, or the execution stopped):
      // the token left on the lock is stale and the deployment goes on without this event.
      return false;
    } catch (SdkException e) {
      // The token is the control plane's own: any other refusal (permissions) is its fault.
      throw AwsFailures.failure("Step Functions SendTaskSuccess", e, ErrorCode.INTERNAL);
    }
  }

  @Override
  public boolean fail(String taskToken, String error, String cause) {
    try {
      sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause));
      return true;
    } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
      return false;
    } catch (SdkException e) {
      throw AwsFailures.failure("Step Functions SendTaskFailure", e, ErrorCode.INTERNAL);
    }
  }
}
