package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StepResults.LockAttempt;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
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
  void apply_whenAwsUnavailable_thenRetryableWithCodedMessage() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new AwsUnavailableException(
                  "CloudFormation DescribeStacks for stack 'web' failed: throttled");
            });

    StepFailedException e = assertThrows(StepFailedException.class, () -> step.apply(state()));

    assertInstanceOf(StepRetryableException.class, e);
    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertEquals(
        "[AWS_UNAVAILABLE] CloudFormation DescribeStacks for stack 'web' failed: throttled",
        e.getMessage());
  }

  @Test
  void apply_whenOtherDeploymentFailure_thenNotRetryableWithCodedMessage() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new DeploymentException(
                  ErrorCode.STACK_FAILED, "stack '" + in.stackName() + "' ended ROLLBACK_COMPLETE");
            });

    StepFailedException e = assertThrows(StepFailedException.class, () -> step.apply(state()));

    assertFalse(e instanceof StepRetryableException, "retrying cannot fix a failed stack");
    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertEquals("[STACK_FAILED] stack 'web' ended ROLLBACK_COMPLETE", e.getMessage());
    assertEquals(0, e.getStackTrace().length, "no stack trace travels into the Cause");
  }

  @Test
  void apply_whenStepMessageGoesThroughFailureReason_thenCodeSurvivesTheRoundTrip() {
    StepHandler step =
        new FixedStep(
            in -> {
              throw new DeploymentException(ErrorCode.CHANGE_SET_FAILED, "change set failed: x");
            });
    StepFailedException e = assertThrows(StepFailedException.class, () -> step.apply(state()));
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

    StepFailedException e =
        assertThrows(
            StepFailedException.class, () -> step.apply(Json.mapper().readTree("[1, 2]")));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertEquals("[INVALID_REQUEST] FixedStep: unreadable step input", e.getMessage());
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
  void retryPolicy_namesTheRetryableExceptionClass() throws IOException {
    // The state machine matches Lambda's errorType by class name; a rename must not silently
    // stop every retry.
    Path asl = Path.of("..", "statemachines", "deploy.asl.json");
    String definition = Files.readString(asl);

    assertTrue(definition.contains("\"" + StepRetryableException.class.getName() + "\""));
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
