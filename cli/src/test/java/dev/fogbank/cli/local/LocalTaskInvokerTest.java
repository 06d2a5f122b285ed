package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.steps.StepHandler;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.statemachines.asl.TaskFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local runtime reports a step's failure with the Error and Cause Step Functions shows. */
class LocalTaskInvokerTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

  @Test
  void invoke_whenStepFailsWithACode_thenErrorIsFogbankCodeAndCauseIsLambdasJson()
      throws Exception {
    LocalTaskInvoker invoker =
        new LocalTaskInvoker(
            Map.of(
                "Validate",
                step(
                    new DeploymentException(
                        ErrorCode.TEMPLATE_INVALID, "template.yaml line 3: no Resources"))));

    TaskFailure failure =
        assertThrows(TaskFailure.class, () -> invoker.invoke(ARN + "Validate", input(), null));

    assertEquals("fogbank.TEMPLATE_INVALID", failure.error());
    JsonNode cause = Json.mapper().readTree(failure.cause());
    assertEquals("template.yaml line 3: no Resources", cause.path("errorMessage").asText());
    assertEquals("fogbank.TEMPLATE_INVALID", cause.path("errorType").asText());
    assertTrue(cause.path("stackTrace").isArray());
    assertEquals(0, cause.path("stackTrace").size(), "fogbank's failures carry no trace");
  }

  @Test
  void invoke_whenStepHasABug_thenFogbankInternalWithoutTheBugsMessage() throws Exception {
    LocalTaskInvoker invoker =
        new LocalTaskInvoker(Map.of("Validate", step(new IllegalStateException("secret"))));

    TaskFailure failure =
        assertThrows(TaskFailure.class, () -> invoker.invoke(ARN + "Validate", input(), null));

    assertEquals("fogbank.INTERNAL", failure.error());
    JsonNode cause = Json.mapper().readTree(failure.cause());
    assertFalse(cause.path("errorMessage").asText().contains("secret"), failure.cause());
  }

  @Test
  void lambdaError_whenNotAFogbankFailure_thenClassNameFramesAndNestedCause() throws Exception {
    // What the Java runtime reports for any other exception escaping a handler.
    TaskFailure failure =
        LocalTaskInvoker.lambdaError(
            new IllegalStateException("bug", new ArithmeticException("/ by zero")));

    assertEquals("java.lang.IllegalStateException", failure.error());
    JsonNode cause = Json.mapper().readTree(failure.cause());
    assertEquals("bug", cause.path("errorMessage").asText());
    assertEquals("java.lang.IllegalStateException", cause.path("errorType").asText());
    assertFalse(cause.path("stackTrace").isEmpty(), "Lambda sends a bug's frames");
    assertEquals("java.lang.ArithmeticException", cause.path("cause").path("errorType").asText());
    assertEquals("/ by zero", cause.path("cause").path("errorMessage").asText());
  }

  @Test
  void invoke_whenFunctionUnknown_thenLambdaResourceNotFound() {
    LocalTaskInvoker invoker = new LocalTaskInvoker(Map.of());

    TaskFailure failure =
        assertThrows(TaskFailure.class, () -> invoker.invoke(ARN + "Nope", input(), null));

    assertEquals("Lambda.ResourceNotFoundException", failure.error());
  }

  @Test
  void invoke_whenLambdaInvokeIntegration_thenNamedFunctionGetsThePayload() throws Exception {
    java.util.List<JsonNode> seen = new java.util.ArrayList<>();
    LocalTaskInvoker invoker =
        new LocalTaskInvoker(
            Map.of(
                "fogbank-wait-for-stack",
                new StepHandler() {
                  @Override
                  protected Object run(DeploymentInput input, JsonNode state) {
                    seen.add(state);
                    return Map.of("recorded", true);
                  }
                }));
    JsonNode parameters =
        Json.mapper()
            .readTree(
                "{\"FunctionName\": \"" + ARN + "fogbank-wait-for-stack\", \"Payload\":"
                    + " {\"deploymentId\": \"d-1\", \"stackName\": \"web\","
                    + " \"taskToken\": \"t\"}}");

    invoker.invoke("arn:aws:states:::lambda:invoke.waitForTaskToken", parameters, null);

    assertEquals(parameters.path("Payload"), seen.getFirst());
  }

  private static JsonNode input() throws Exception {
    return Json.mapper().readTree("{\"deploymentId\": \"d-1\", \"stackName\": \"web\"}");
  }

  private static StepHandler step(RuntimeException thrown) {
    return new StepHandler() {
      @Override
      protected Object run(DeploymentInput input, JsonNode state) {
        throw thrown;
      }
    };
  }
}
