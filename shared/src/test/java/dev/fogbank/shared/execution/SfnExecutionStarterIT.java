package dev.fogbank.shared.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter.StartedExecution;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * moto 5.2.1 keeps executions RUNNING forever and, per region, may refuse a further execution until
 * reset; the extension resets moto before each test, so each test starts its own.
 */
@ExtendWith(AwsEndpointExtension.class)
class SfnExecutionStarterIT {

  private static final String DEFINITION =
      """
      {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}
      """;

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private String stateMachineArn;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    stateMachineArn =
        clients
            .sfn()
            .createStateMachine(
                r ->
                    r.name("deploy-" + UUID.randomUUID().toString().substring(0, 8))
                        .definition(DEFINITION)
                        .roleArn("arn:aws:iam::123456789012:role/fogbank-deploy"))
            .stateMachineArn();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void start_whenNameIsNew_thenStartsExecution() {
    SfnExecutionStarter starter = new SfnExecutionStarter(clients.sfn(), stateMachineArn);

    StartedExecution started = starter.start("drop-abc", "{\"stack\":\"web\"}");

    assertFalse(started.alreadyStarted());
    assertEquals(starter.executionArn("drop-abc"), started.executionId());
    assertEquals(
        "{\"stack\":\"web\"}",
        clients.sfn().describeExecution(r -> r.executionArn(started.executionId())).input());
  }

  @Test
  void start_whenNameExistsWithOtherInput_thenAlreadyStarted() {
    SfnExecutionStarter starter = new SfnExecutionStarter(clients.sfn(), stateMachineArn);
    StartedExecution first = starter.start("drop-dup", "{\"attempt\":1}");

    StartedExecution second = starter.start("drop-dup", "{\"attempt\":2}");

    assertTrue(second.alreadyStarted());
    assertEquals(first.executionId(), second.executionId());
  }

  @Test
  void start_whenSameNameAndInputOfOlderExecution_thenAlreadyStarted() {
    // Step Functions answers a same-name, same-input start of a running execution with the
    // original execution (HTTP 200); a clock a minute ahead makes that original look old.
    SfnExecutionStarter starter = new SfnExecutionStarter(clients.sfn(), stateMachineArn);
    StartedExecution first = starter.start("drop-same", "{}");
    SfnExecutionStarter later =
        new SfnExecutionStarter(
            clients.sfn(), stateMachineArn, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));

    StartedExecution second = later.start("drop-same", "{}");

    assertFalse(first.alreadyStarted());
    assertTrue(second.alreadyStarted());
    assertEquals(first.executionId(), second.executionId());
  }

  @Test
  void start_whenStateMachineMissing_thenInternalNotOutageNamingExecution() {
    SfnExecutionStarter starter = new SfnExecutionStarter(clients.sfn(), stateMachineArn + "-gone");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> starter.start("drop-x", "{}"));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().startsWith("Step Functions StartExecution 'drop-x'"), e.getMessage());
    assertTrue(e.getMessage().contains("StateMachineDoesNotExist"), e.getMessage());
  }

  @Test
  void start_whenStepFunctionsRefusesTheInput_thenInternalAtOnceWithItsReason() {
    SfnExecutionStarter starter = new SfnExecutionStarter(clients.sfn(), stateMachineArn);
    // Stands in for Step Functions refusing an input over its 256 KiB limit (400
    // InvalidExecutionInput), which moto does not enforce.
    String reason = "The input exceeds the maximum size of 262144 bytes.";
    faults.failNext("StartExecution", FaultInjector.ALWAYS, 400, "InvalidExecutionInput", reason);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> starter.start("drop-big", "{}"));

    assertEquals(ErrorCode.INTERNAL, e.code(), "a refusal is not an outage");
    assertEquals(
        "Step Functions StartExecution 'drop-big' of "
            + stateMachineArn
            + " failed: rejected by AWS (HTTP 400 InvalidExecutionInput): "
            + reason,
        e.getMessage());
    assertEquals(1, faults.attempts("StartExecution"), "a refusal is not retried");
  }
}
