package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StepResults.LockAttempt;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import fogbank.FunctionFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How a step's domain failure becomes the Lambda error the state machine retries or catches. */
class StepHandlerTest {

  @Test
  void apply_whenAwsUnavailable_thenFailureNamedFogbankAwsUnavailable() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new AwsUnavailableException(
                  "CloudFormation DescribeStacks for stack 'web' failed: throttled");
            });

    FunctionFailure e = assertThrows(FunctionFailure.class, () -> step.apply(state()));

    // The Java Lambda runtime reports the class name as the error; Retry matches this name.
    assertEquals("fogbank.AWS_UNAVAILABLE", e.getClass().getName());
    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertEquals("CloudFormation DescribeStacks for stack 'web' failed: throttled", e.getMessage());
  }

  @Test
  void apply_whenOtherDeploymentFailure_thenFailureNamedForItsCodeWithPlainMessage() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new DeploymentException(
                  ErrorCode.STACK_FAILED, "stack '" + in.stackName() + "' ended ROLLBACK_COMPLETE");
            });

    FunctionFailure e = assertThrows(FunctionFailure.class, () -> step.apply(state()));

    assertEquals("fogbank.STACK_FAILED", e.getClass().getName());
    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertEquals("stack 'web' ended ROLLBACK_COMPLETE", e.getMessage());
    assertEquals(0, e.getStackTrace().length, "no stack trace travels into the Cause");
  }

  @Test
  void apply_whenFailureGoesThroughFailureReason_thenCodeAndMessageSurviveTheRoundTrip() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new DeploymentException(ErrorCode.CHANGE_SET_FAILED, "change set failed: x");
            });
    FunctionFailure e = assertThrows(FunctionFailure.class, () -> step.apply(state()));
    // The Java Lambda runtime reports {errorMessage, errorType}; Step Functions puts it in Cause.
    var cause = Json.mapper().createObjectNode();
    cause.put("errorMessage", e.getMessage());
    cause.put("errorType", e.getClass().getName());
    var failure = Json.mapper().createObjectNode();
    failure.put("Error", e.getClass().getName());
    failure.put("Cause", cause.toString());

    var error = FailureReason.from(failure);

    assertEquals("CHANGE_SET_FAILED", error.code());
    assertEquals("change set failed: x", error.message());
  }

  @Test
  void apply_whenStateIsNotADeployment_thenInvalidRequestNamingTheStep() {
    StepHandler step = new FixedStep(in -> "never");

    FunctionFailure e =
        assertThrows(FunctionFailure.class, () -> step.apply(Json.mapper().readTree("[1, 2]")));

    assertEquals("fogbank.INVALID_REQUEST", e.getClass().getName());
    assertEquals("FixedStep: unreadable step input", e.getMessage());
  }

  @Test
  void apply_whenStepHasABug_thenInternalNamingStepAndTypeButNotTheBugsMessage() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new IllegalStateException("secret detail from a library");
            });

    FunctionFailure e = assertThrows(FunctionFailure.class, () -> step.apply(state()));

    assertEquals("fogbank.INTERNAL", e.getClass().getName());
    assertEquals("FixedStep: internal error (IllegalStateException)", e.getMessage());
  }

  @Test
  void apply_whenStepReturnsRecordOrNothing_thenJsonOrNull() throws Exception {
    Instant deadline = Instant.parse("2026-11-21T22:15:01Z");
    JsonNode result =
        new FixedStep(in -> new LockAttempt(true, in.deploymentId(), deadline, deadline))
            .apply(state());

    assertTrue(result.path("acquired").asBoolean());
    assertEquals("d-20261121T220501-3f9a1c2b7d4e", result.path("holderDeploymentId").asText());
    assertEquals("2026-11-21T22:15:01Z", result.path("waitDeadline").asText());
    assertTrue(new FixedStep(in -> null).apply(state()).isNull());
  }

  @Test
  void handleRequest_whenStreamed_thenWritesTheResultJson() throws Exception {
    StepHandler step = new FixedStep(in -> in.stackName() + "@" + in.region());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (InputStream in = fixture()) {
      step.handleRequest(in, out, null);
    }

    assertEquals("\"web@us-east-1\"", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void retryPolicy_namesTheClassThrownForAwsUnavailable() throws IOException {
    // The state machine matches Lambda's errorType, the class name; a rename must not silently
    // stop every retry.
    Path asl = Path.of("..", "statemachines", "deploy.asl.json");
    String definition = Files.readString(asl);
    String thrown = FunctionFailure.of(ErrorCode.AWS_UNAVAILABLE, "down").getClass().getName();

    assertTrue(definition.contains("\"" + thrown + "\""), thrown);
  }

  private static JsonNode state() throws IOException {
    try (InputStream in = fixture()) {
      return Json.mapper().readTree(in);
    }
  }

  private static InputStream fixture() {
    InputStream in =
        StepHandlerTest.class.getResourceAsStream("/events/step-record-failure-state.json");
    return in == null ? new ByteArrayInputStream(new byte[0]) : in;
  }

  /** A step whose work is given by the test. */
  private static final class FixedStep extends StepHandler {
    private final Function<DeploymentInput, Object> work;

    FixedStep(Function<DeploymentInput, Object> work) {
      this.work = work;
    }

    @Override
    protected Object run(DeploymentInput input, JsonNode state) {
      return work.apply(input);
    }
  }
}
