package dev.fogbank.shared.execution;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * {@link ExecutionStarter} over Step Functions (standard workflows). The caller derives the
 * execution name from what triggered it (bucket/key/version, deployment id), so a duplicate event
 * maps to the same name and Step Functions itself refuses to start it twice.
 */
public final class SfnExecutionStarter implements ExecutionStarter {

  /**
   * A same-name, same-input StartExecution of a running execution succeeds and returns the original
   * start date. A start date this much older than our request means it was not ours; the margin
   * covers clock skew between this host and Step Functions.
   */
  static final Duration ORIGINAL_START_MARGIN = Duration.ofSeconds(5);

  private final SfnClient sfn;
  private final String stateMachineArn;
  private final Clock clock;

  public SfnExecutionStarter(SfnClient sfn, String stateMachineArn) {
    this(sfn, stateMachineArn, Clock.systemUTC());
  }

  SfnExecutionStarter(SfnClient sfn, String stateMachineArn, Clock clock) {
    this.sfn = Objects.requireNonNull(sfn, "sfn");
    this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public StartedExecution start(String executionName, String inputJson) {
    Instant requested = clock.instant();
    try {
      StartExecutionResponse response =
          sfn.startExecution(
              r -> r.stateMachineArn(stateMachineArn).name(executionName).input(inputJson));
      boolean original =
          response.startDate() != null
              && response.startDate().isBefore(requested.minus(ORIGINAL_START_MARGIN));
      return new StartedExecution(response.executionArn(), original);
    } catch (ExecutionAlreadyExistsException e) {
      // Same name with other input, or an execution that already ended: nothing new starts.
      return new StartedExecution(executionArn(executionName), true);
    } catch (SdkException e) {
      // The state machine and the input are the control plane's own: a refusal (a missing state
      // machine, a missing permission, an input over the size limit) is its fault, not an outage.
      throw AwsFailures.failure(
          "Step Functions StartExecution '" + executionName + "' of " + stateMachineArn,
          e,
          ErrorCode.INTERNAL);
    }
  }

  /** arn:…:stateMachine:NAME → arn:…:execution:NAME:EXECUTION, as Step Functions names it. */
  String executionArn(String executionName) {
    return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
  }
}
