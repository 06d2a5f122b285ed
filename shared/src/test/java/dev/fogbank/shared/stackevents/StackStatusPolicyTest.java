package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

class StackStatusPolicyTest {
  private static final Set<String> NEEDS_A_PERSON =
      Set.of(
          "UPDATE_ROLLBACK_FAILED",
          "ROLLBACK_FAILED",
          "DELETE_FAILED",
          "IMPORT_ROLLBACK_FAILED",
          "CREATE_FAILED",
          "UPDATE_FAILED",
          "ROLLBACK_COMPLETE",
          "UPDATE_ROLLBACK_COMPLETE",
          "IMPORT_ROLLBACK_COMPLETE");

  @Test
  void needsAttention_forEveryStatusTheSdkKnows_thenExactlyTheEndedFailures() {
    // The SDK's enum is generated from CloudFormation's API model: every documented status.
    Set<StackStatus> known = StackStatus.knownValues();
    assertTrue(known.size() >= 23, "the SDK lists the documented statuses: " + known);
    for (StackStatus status : known) {
      assertEquals(
          NEEDS_A_PERSON.contains(status.toString()),
          StackStatusPolicy.needsAttention(status.toString()),
          status.toString());
    }
    for (String status : NEEDS_A_PERSON) {
      assertTrue(known.contains(StackStatus.fromValue(status)), status + " is not a real status");
    }
  }

  @Test
  void nextStep_whenStatusNeedsAPerson_thenSaysWhatToDo() {
    assertTrue(
        StackStatusPolicy.nextStep("UPDATE_ROLLBACK_FAILED")
            .orElseThrow()
            .contains("continue the update rollback (ContinueUpdateRollback"));
    assertTrue(
        StackStatusPolicy.nextStep("ROLLBACK_COMPLETE").orElseThrow().contains("only deleted"));
    for (String status : NEEDS_A_PERSON) {
      assertFalse(StackStatusPolicy.nextStep(status).orElseThrow().isBlank(), status);
    }
  }

  @Test
  void nextStep_whenSuccessInProgressUnknownOrNull_thenNone() {
    assertEquals(Optional.empty(), StackStatusPolicy.nextStep("UPDATE_COMPLETE"));
    assertEquals(Optional.empty(), StackStatusPolicy.nextStep("UPDATE_ROLLBACK_IN_PROGRESS"));
    assertEquals(Optional.empty(), StackStatusPolicy.nextStep("SOMETHING_NEW"));
    assertEquals(Optional.empty(), StackStatusPolicy.nextStep(null));
    assertFalse(StackStatusPolicy.needsAttention(null));
  }
}
