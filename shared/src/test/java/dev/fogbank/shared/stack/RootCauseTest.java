package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RootCauseTest {
  private static final String STACK = "web";

  @Test
  void pick_whenOthersWereCancelledAfterTheFirstFailure_thenTheFirstRealFailure() {
    List<StackEvent> newestFirst =
        List.of(
            event(STACK, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null),
            event("Topic", "AWS::SNS::Topic", "UPDATE_FAILED", "Resource update cancelled"),
            event("Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "bad retention"),
            event("Topic", "AWS::SNS::Topic", "UPDATE_IN_PROGRESS", null));

    assertEquals(
        Optional.of(new FailedResource("Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "bad retention")),
        RootCause.pick(STACK, newestFirst));
  }

  @Test
  void pick_whenOnlyTheStackItselfFailed_thenEmpty() {
    List<StackEvent> newestFirst =
        List.of(event(STACK, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", "stuck"));

    assertTrue(RootCause.pick(STACK, newestFirst).isEmpty());
  }

  @Test
  void rollbackBlockers_whenRollbackFailed_thenOnlyFailuresAfterTheRollbackBegan() {
    List<StackEvent> newestFirst =
        List.of(
            event(STACK, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", null),
            event("Db", "AWS::RDS::DBInstance", "UPDATE_FAILED", "instance deleted outside"),
            event(STACK, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", null),
            event("Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "bad retention"));

    assertEquals(
        List.of(
            new FailedResource(
                "Db", "AWS::RDS::DBInstance", "UPDATE_FAILED", "instance deleted outside")),
        RootCause.rollbackBlockers(STACK, newestFirst));
  }

  @Test
  void parse_whenDescribedThenFollowedByMore_thenTheSameResource() {
    FailedResource queue =
        new FailedResource("Queue", "AWS::SQS::Queue", "CREATE_FAILED", "a (b): c\nd");

    Optional<FailedResource> read =
        FailedResource.parse(queue.describe() + "\nstack 'web' ended ROLLBACK_COMPLETE");

    assertEquals(
        Optional.of(new FailedResource("Queue", "AWS::SQS::Queue", "CREATE_FAILED", "a (b): c d")),
        read);
    assertTrue(FailedResource.parse("stack 'web' ended ROLLBACK_COMPLETE").isEmpty());
  }

  private static StackEvent event(String logicalId, String type, String status, String reason) {
    return new StackEvent(Instant.EPOCH, logicalId, type, status, reason);
  }
}
