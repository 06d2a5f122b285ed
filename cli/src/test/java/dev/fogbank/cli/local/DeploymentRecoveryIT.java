package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.statemachines.asl.JournaledExecution;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a cut-off deployment goes on, decided against CloudFormation on the emulator (the SIGKILL
 * cases end to end are in {@link CrashRecoveryLocalIT}); a fault CloudFormation answers with is
 * injected at the SDK layer.
 */
@ExtendWith(AwsEndpointExtension.class)
class DeploymentRecoveryIT {
  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private DeploymentRecovery recovery;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    recovery =
        new DeploymentRecovery(
            new CloudFormationStackGateway(clients.cloudFormation()), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void restartPoint_whenCutBeforeItsFirstState_thenFromTheStart() {
    DeploymentRecovery.RestartPoint point = recovery.restartPoint(cut(null));

    assertNull(point.state());
    assertEquals(0, faults.attempts("DescribeStacks"), "nothing to ask CloudFormation");
  }

  @Test
  void restartPoint_whenCutInCreateChangeSetAndNoneExists_thenCreateChangeSetAgain() {
    DeploymentRecovery.RestartPoint point = recovery.restartPoint(cut("CreateChangeSet"));

    assertEquals("CreateChangeSet", point.state());
    assertEquals(1, faults.attempts("DescribeStacks"));
  }

  @Test
  void restartPoint_whenCloudFormationRefusesToAnswer_thenRecordFailureInterruptedNamingTheStack() {
    // The runtime's credentials lost cloudformation:DescribeStacks while it was down.
    faults.failNext(
        "DescribeStacks",
        FaultInjector.ALWAYS,
        403,
        "AccessDenied",
        "User is not authorized to perform: cloudformation:DescribeStacks");

    DeploymentRecovery.RestartPoint point = recovery.restartPoint(cut("ExecuteChangeSet"));

    assertEquals("RecordFailure", point.state());
    JsonNode failure = point.stateInput().path("failure");
    assertEquals("fogbank.INTERRUPTED", failure.path("Error").asText());
    String cause = failure.path("Cause").asText();
    assertTrue(
        cause.contains("could not be asked") && cause.contains("recovery-web")
            && cause.contains("ExecuteChangeSet"),
        cause);
    assertEquals("d-recovery-1", point.stateInput().path("deploymentId").asText());
  }

  private static JournaledExecution cut(String state) {
    ObjectNode input = Json.mapper().createObjectNode();
    input.put("deploymentId", "d-recovery-1");
    input.put("stackName", "recovery-web");
    input.put("account", "123456789012");
    input.put("region", "us-east-1");
    Instant now = Instant.now();
    return new JournaledExecution(
        "d-recovery-1",
        JournaledExecution.Status.RUNNING,
        input,
        state,
        state == null ? null : input,
        null,
        now,
        now,
        null,
        null,
        null);
  }
}
