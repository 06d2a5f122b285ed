package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.FailedResource;
import org.junit.jupiter.api.Test;

/** A Catch's {Error, Cause}, as Step Functions hands it to RecordFailure, becomes an error. */
class FailureReasonTest {

  @Test
  void from_whenErrorIsFogbankCodeWithLambdaCause_thenThatCodeAndErrorMessage() {
    // What Step Functions hands a Catch when a Java Lambda throws fogbank.LOCKED: Error is the
    // exception's class name, Cause is the runtime's JSON.
    String cause =
        "{\"errorMessage\":\"stack 'web' stayed locked by deployment d-1 for the whole"
            + " wait of 600 s\",\"errorType\":\"fogbank.LOCKED\",\"stackTrace\":[]}";

    DeploymentError error = FailureReason.from(failure("fogbank.LOCKED", cause));

    assertEquals(
        new DeploymentError(
            "LOCKED", "stack 'web' stayed locked by deployment d-1 for the whole wait of 600 s"),
        error);
  }

  @Test
  void from_whenStackFailedLeadsWithFailedResource_thenItIsTheErrorsDetails() throws Exception {
    // CheckStack's message for a rolled-back update: the root cause's line, then the status.
    String message =
        "Queue (AWS::SQS::Queue) UPDATE_FAILED: Invalid value for MessageRetentionPeriod\n"
            + "stack 'web' ended UPDATE_ROLLBACK_COMPLETE";
    ObjectNode cause = Json.mapper().createObjectNode();
    cause.put("errorMessage", message);
    cause.put("errorType", "fogbank.STACK_FAILED");

    DeploymentError error =
        FailureReason.from(failure("fogbank.STACK_FAILED", Json.mapper().writeValueAsString(cause)));

    assertEquals(
        new DeploymentError(
            "STACK_FAILED",
            message,
            new FailedResource(
                "Queue",
                "AWS::SQS::Queue",
                "UPDATE_FAILED",
                "Invalid value for MessageRetentionPeriod")),
        error);
  }

  @Test
  void from_whenStatesTimeout_thenInternalTimedOut() {
    DeploymentError error =
        FailureReason.from(failure("States.Timeout", "Task timed out after 300.00 seconds"));

    assertEquals(new DeploymentError("INTERNAL", "a deployment step timed out"), error);
  }

  @Test
  void from_whenUnknownError_thenInternalWithErrorAndMessage() {
    String cause =
        "{\"errorMessage\":\"Cannot invoke \\\"String.length()\\\" because \\\"s\\\" is null\","
            + "\"errorType\":\"java.lang.NullPointerException\","
            + "\"stackTrace\":[\"a.B.c(B.java:1)\"]}";

    DeploymentError error = FailureReason.from(failure("java.lang.NullPointerException", cause));

    assertEquals("INTERNAL", error.code());
    assertEquals(
        "deployment step failed (java.lang.NullPointerException): Cannot invoke"
            + " \"String.length()\" because \"s\" is null",
        error.message());
    assertTrue(!error.message().contains("B.java"), "never a stack trace");
  }

  @Test
  void from_whenPlainTextCauseOfUnknownError_thenInternalWithThatText() {
    DeploymentError error =
        FailureReason.from(failure("Lambda.Unknown", "The cause could not be determined"));

    assertEquals(
        new DeploymentError(
            "INTERNAL",
            "deployment step failed (Lambda.Unknown): The cause could not be determined"),
        error);
  }

  @Test
  void from_whenErrorNameIsFogbankCode_thenThatCode() {
    DeploymentError error = FailureReason.from(failure("fogbank.STACK_BUSY", "stack is busy"));

    assertEquals(new DeploymentError("STACK_BUSY", "stack is busy"), error);
  }

  @Test
  void from_whenMessageOnlyLooksCoded_thenInternal() {
    // The code travels in the error name only; a message is never parsed for one.
    DeploymentError error =
        FailureReason.from(failure("Custom", "{\"errorMessage\":\"[LOCKED] not ours\"}"));

    assertEquals("INTERNAL", error.code());
    assertEquals("deployment step failed (Custom): [LOCKED] not ours", error.message());
  }

  @Test
  void from_whenFogbankNameIsNoCode_thenInternal() {
    DeploymentError error =
        FailureReason.from(failure("fogbank.NOPE", "{\"errorMessage\":\"not ours\"}"));

    assertEquals(
        new DeploymentError("INTERNAL", "deployment step failed (fogbank.NOPE): not ours"), error);
  }

  @Test
  void from_whenEveryErrorCodeName_thenThatCode() {
    for (ErrorCode code : ErrorCode.values()) {
      DeploymentError error =
          FailureReason.from(failure(code.errorName(), "{\"errorMessage\":\"why\"}"));

      assertEquals(new DeploymentError(code.name(), "why"), error, code.name());
    }
  }

  @Test
  void from_whenCauseIsHuge_thenMessageIsCut() {
    DeploymentError error = FailureReason.from(failure("Custom", "x".repeat(5_000)));

    assertEquals("INTERNAL", error.code());
    assertEquals("deployment step failed (Custom): " + "x".repeat(500) + "...", error.message());
  }

  private static JsonNode failure(String error, String cause) {
    ObjectNode failure = Json.mapper().createObjectNode();
    failure.put("Error", error);
    failure.put("Cause", cause);
    return failure;
  }
}
