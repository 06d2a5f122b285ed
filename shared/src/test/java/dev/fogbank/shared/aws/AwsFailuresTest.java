package dev.fogbank.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which AWS answers are an outage (retried) and which are a refusal (recorded at once). */
class AwsFailuresTest {
  private static final String CALL = "CloudFormation ExecuteChangeSet for stack 'web'";

  @Test
  void failure_whenValidationError_thenRefusedCodeWithAwsMessage() {
    AwsServiceException e =
        answer(400, "ValidationError", "Resource handler returned message: \"Invalid request\"");

    DeploymentException failure = AwsFailures.failure(CALL, e, ErrorCode.CHANGE_SET_FAILED);

    assertEquals(ErrorCode.CHANGE_SET_FAILED, failure.code());
    assertFalse(failure instanceof AwsUnavailableException);
    assertEquals(
        CALL
            + " failed: rejected by AWS (HTTP 400 ValidationError): Resource handler returned"
            + " message: \"Invalid request\"",
        failure.getMessage());
    assertSame(e, failure.getCause());
  }

  @Test
  void failure_whenAccessDenied_thenRefusedNotUnavailable() {
    AwsServiceException e = answer(403, "AccessDenied", "User is not authorized");

    DeploymentException failure = AwsFailures.failure(CALL, e, ErrorCode.STACK_FAILED);

    assertEquals(ErrorCode.STACK_FAILED, failure.code());
    assertTrue(failure.getMessage().endsWith(": User is not authorized"), failure.getMessage());
  }

  @Test
  void failure_whenThrottledUnder4xxCodes_thenAwsUnavailable() {
    for (String code :
        List.of(
            "Throttling",
            "ThrottlingException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "RequestTimeout",
            "PriorRequestNotComplete")) {
      DeploymentException failure =
          AwsFailures.failure(CALL, answer(400, code, "slow down"), ErrorCode.CHANGE_SET_FAILED);

      assertInstanceOf(AwsUnavailableException.class, failure, code);
      assertEquals(ErrorCode.AWS_UNAVAILABLE, failure.code(), code);
    }
  }

  @Test
  void failure_whenDynamoDbTransactionConflict_thenAwsUnavailable() {
    // Another transaction held the items; a condition failure never gets here (callers handle it).
    for (String code : List.of("TransactionConflictException", "TransactionCanceledException")) {
      DeploymentException failure =
          AwsFailures.failure(CALL, answer(400, code, "conflict"), ErrorCode.INTERNAL);

      assertEquals(ErrorCode.AWS_UNAVAILABLE, failure.code(), code);
    }
  }

  @Test
  void failure_whenHttp429Or5xx_thenAwsUnavailable() {
    for (int status : List.of(429, 500, 502, 503, 504)) {
      DeploymentException failure =
          AwsFailures.failure(CALL, answer(status, "Whatever", "x"), ErrorCode.CHANGE_SET_FAILED);

      assertEquals(ErrorCode.AWS_UNAVAILABLE, failure.code(), "HTTP " + status);
    }
  }

  @Test
  void failure_whenNoAnswer_thenAwsUnavailable() {
    SdkClientException e = SdkClientException.create("Unable to execute HTTP request");

    DeploymentException failure = AwsFailures.failure(CALL, e, ErrorCode.CHANGE_SET_FAILED);

    assertEquals(ErrorCode.AWS_UNAVAILABLE, failure.code());
    assertEquals(
        CALL + " failed: no answer from the service (network error or timeout)",
        failure.getMessage());
  }

  @Test
  void failure_whenNoRefusedCode_thenNullPointerNamingIt() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> AwsFailures.failure(CALL, answer(400, "ValidationError", "x"), null));

    assertEquals("refused", e.getMessage());
  }

  private static AwsServiceException answer(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }
}
