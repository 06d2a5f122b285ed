package dev.fogbank.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The functions read the variables the control-plane stack writes, by the shared names. */
class FunctionEnvironmentTest {

  @Test
  void from_whenStackSetsEveryVariable_thenEachSettingIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put(ControlPlaneEnvironment.AWS_REGION, "eu-west-1");
    env.put(ControlPlaneEnvironment.ACCOUNT, "123456789012");
    env.put(ControlPlaneEnvironment.TABLE, "fogbank");
    env.put(ControlPlaneEnvironment.ARTIFACTS_BUCKET, "artifacts");
    env.put(ControlPlaneEnvironment.STATE_MACHINE_ARN, "arn:sm");
    env.put(ControlPlaneEnvironment.TOPIC_ARN, "arn:topic");
    env.put(ControlPlaneEnvironment.DEPLOYMENT_ROLE_ARN, "arn:role");
    env.put(ControlPlaneEnvironment.AWS_ENDPOINT, "http://127.0.0.1:5000");

    FunctionEnvironment read = FunctionEnvironment.from(env);

    assertEquals(
        new FunctionEnvironment(
            "eu-west-1",
            "123456789012",
            "fogbank",
            "artifacts",
            "arn:sm",
            "arn:topic",
            "arn:role",
            "http://127.0.0.1:5000",
            null),
        read);
  }

  @Test
  void from_whenTableMissing_thenErrorNamesTheVariable() {
    Map<String, String> env = Map.of(ControlPlaneEnvironment.ACCOUNT, "123456789012");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FunctionEnvironment.from(env));

    assertEquals(
        "environment variable FOGBANK_TABLE is not set (the control-plane stack sets it)",
        e.getMessage());
  }
}
