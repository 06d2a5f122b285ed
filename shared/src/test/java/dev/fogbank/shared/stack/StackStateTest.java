package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackStateTest {

  private static final StackState ROLLED_BACK =
      new StackState("web", "id", "ROLLBACK_COMPLETE", "The following resource(s) failed");

  @Test
  void failureMessage_whenResourcesFailed_thenNamesThemEarliestFirstAndAtMostFive() {
    List<StackEvent> newestFirst = new ArrayList<>();
    newestFirst.add(event("web", "ROLLBACK_COMPLETE", null));
    for (int i = 7; i >= 1; i--) {
      newestFirst.add(event("R" + i, "CREATE_FAILED", "reason " + i));
    }

    assertEquals(
        "stack 'web' ended ROLLBACK_COMPLETE: The following resource(s) failed; failed resources:"
            + " R3 (reason 3), R4 (reason 4), R5 (reason 5), R6 (reason 6), R7 (reason 7)",
        ROLLED_BACK.failureMessage(newestFirst));
  }

  @Test
  void failureMessage_whenNoEvents_thenStatusAndReasonOnly() {
    assertEquals(
        "stack 'web' ended ROLLBACK_COMPLETE: The following resource(s) failed",
        ROLLED_BACK.failureMessage(List.of()));
  }

  @Test
  void requireUpdatable_whenDeleteFailed_thenStackFailedSayingWhatToDo() {
    StackState stack = new StackState("web", "id", "DELETE_FAILED", null);

    DeploymentException e = assertThrows(DeploymentException.class, stack::requireUpdatable);

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertEquals(
        "stack 'web' is DELETE_FAILED and CloudFormation will not update it: continue the"
            + " rollback or finish the deletion (AWS console or CLI) first",
        e.getMessage());
  }

  private static StackEvent event(String logicalId, String status, String reason) {
    return new StackEvent(Instant.EPOCH, logicalId, "AWS::SQS::Queue", status, reason);
  }
}
