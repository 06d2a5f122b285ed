package dev.fogbank.shared.review;

import static dev.fogbank.shared.review.ChangeReviewTest.changeSet;
import static dev.fogbank.shared.review.ChangeReviewTest.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackPoliciesTest {

  private static ReviewedChange change(String action, String id, String type, Replacement r) {
    return new ReviewedChange(action, id, type, r, "change set", List.of(), Severity.LOW, "");
  }

  private static final ReviewedChange TABLE_REPLACED =
      change("Modify", "Table", "AWS::DynamoDB::Table", Replacement.TRUE);
  private static final ReviewedChange TABLE_MODIFIED =
      change("Modify", "Table", "AWS::DynamoDB::Table", Replacement.FALSE);
  private static final ReviewedChange BUCKET_REMOVED =
      change("Remove", "Bucket", "AWS::S3::Bucket", Replacement.FALSE);
  private static final ReviewedChange ROLE_REPLACED =
      change("Modify", "Role", "AWS::IAM::Role", Replacement.TRUE);
  private static final ReviewedChange TOPIC_ADDED =
      change("Add", "Topic", "AWS::SNS::Topic", Replacement.FALSE);

  @Test
  void protectStateful_whenStatefulReplacedOrRemoved_thenDeniedOthersAllowed() {
    StackPolicy policy = StackPolicies.of("protect-stateful");

    List<PolicyDenial> denials =
        policy.denials(
            List.of(TABLE_REPLACED, TABLE_MODIFIED, BUCKET_REMOVED, ROLE_REPLACED, TOPIC_ADDED));

    assertEquals(
        List.of("Table:Update:Replace", "Bucket:Update:Delete"),
        denials.stream().map(d -> d.logicalId() + ":" + d.updateAction()).toList());
    assertTrue(
        denials.getFirst().reason().contains("statement 1 denies it"), denials.getFirst().reason());
    assertTrue(read(policy).toString().contains("\"AWS::DynamoDB::Table\""));
  }

  @Test
  void protectAll_whenAnyUpdate_thenDeniedButAdditionsNotGoverned() {
    List<PolicyDenial> denials =
        StackPolicies.of("protect-all")
            .denials(List.of(TABLE_MODIFIED, ROLE_REPLACED, TOPIC_ADDED));

    assertEquals(List.of("Table", "Role"), denials.stream().map(PolicyDenial::logicalId).toList());
  }

  @Test
  void none_whenAnyUpdate_thenAllowedAndDocumentAllowsAll() {
    StackPolicy none = StackPolicies.of("none");

    assertEquals(List.of(), none.denials(List.of(TABLE_REPLACED, BUCKET_REMOVED)));
    assertEquals("Allow", read(none).path("Statement").path(0).path("Effect").asText());
  }

  @Test
  void custom_whenDenyAndAllowBothMatch_thenDenyWins() {
    StackPolicy policy =
        StackPolicies.of(
            """
            {"Statement": [
              {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
              {"Effect": "Deny", "Action": ["Update:Replace"], "Principal": "*",
               "Resource": "LogicalResourceId/Ro?e*"}
            ]}
            """);

    assertEquals(
        List.of("Role"),
        policy.denials(List.of(TABLE_REPLACED, ROLE_REPLACED)).stream()
            .map(PolicyDenial::logicalId)
            .toList());
  }

  @Test
  void custom_whenNoStatementAllows_thenDeniedByDefault() {
    StackPolicy policy =
        StackPolicies.of(
            """
            {"Statement": {"Effect": "Allow", "Action": "Update:Modify", "Principal": "*",
              "NotResource": "LogicalResourceId/Table"}}
            """);

    assertNull(policy.refusal("Update:Modify", "Queue", "AWS::SQS::Queue"));
    assertTrue(
        policy
            .refusal("Update:Modify", "Table", "AWS::DynamoDB::Table")
            .contains("no statement allows it"));
    assertTrue(
        policy
            .refusal("Update:Delete", "Queue", "AWS::SQS::Queue")
            .contains("no statement allows it"));
  }

  @Test
  void custom_whenResourceTypeCondition_thenStringLikeMatchesWildcards() {
    StackPolicy policy =
        StackPolicies.of(
            """
            {"Statement": [
              {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
              {"Effect": "Deny", "NotAction": "Update:Modify", "Principal": "*", "Resource": "*",
               "Condition": {"StringLike": {"ResourceType": ["AWS::EC2::*", "AWS::IAM::*"]}}}
            ]}
            """);

    assertTrue(policy.refusal("Update:Replace", "Role", "AWS::IAM::Role") != null);
    assertNull(
        policy.refusal("Update:Modify", "Role", "AWS::IAM::Role"), "NotAction leaves Modify");
    assertNull(policy.refusal("Update:Replace", "Table", "AWS::DynamoDB::Table"));
  }

  @Test
  void denials_whenReplacementConditional_thenPossibleDenialNotCertain() {
    ReviewedChange maybe =
        change("Modify", "Table", "AWS::DynamoDB::Table", Replacement.CONDITIONAL);

    List<PolicyDenial> denials = StackPolicies.of("protect-stateful").denials(List.of(maybe));

    assertEquals(1, denials.size());
    assertEquals("Update:Replace", denials.getFirst().updateAction());
    assertFalse(denials.getFirst().certain());
  }

  @Test
  void of_whenMalformed_thenClearErrorSayingWhere() {
    InvalidRequestException json =
        assertThrows(
            InvalidRequestException.class,
            () -> StackPolicies.of("{\"Statement\": [ {\"Effect\": }"));
    assertEquals(ErrorCode.INVALID_REQUEST, json.code());
    assertTrue(json.getMessage().contains("not valid JSON (line 1"), json.getMessage());

    String action =
        assertThrows(
                InvalidRequestException.class,
                () ->
                    StackPolicies.of(
                        "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"Update:Destroy\","
                            + " \"Principal\": \"*\", \"Resource\": \"*\"}]}"))
            .getMessage();
    assertTrue(action.contains("Statement 1: unknown action Update:Destroy"), action);

    String name =
        assertThrows(InvalidRequestException.class, () -> StackPolicies.of("protect-some"))
            .getMessage();
    assertTrue(name.contains("unknown stackPolicy 'protect-some'"), name);

    String empty =
        assertThrows(InvalidRequestException.class, () -> StackPolicies.of("{\"Statement\": []}"))
            .getMessage();
    assertTrue(empty.contains("non-empty Statement"), empty);

    String big = "{\"Statement\": [], \"Pad\": \"" + "x".repeat(StackPolicies.MAX_BYTES) + "\"}";
    assertTrue(
        assertThrows(InvalidRequestException.class, () -> StackPolicies.of(big))
            .getMessage()
            .contains("at most 16384 bytes"));
  }

  @Test
  void review_whenStackPolicyDeniesAChange_thenInReviewAndBlocked() {
    String v1 = "Resources:\n  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: a}}\n";
    String v2 = "Resources:\n  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: b}}\n";
    ChangeReview review = ChangeReview.of(ResourceSchemas.bundled(), name -> List.of());

    Review result =
        review.review(
            new ReviewRequest(
                changeSet(
                    modify("Queue", "AWS::SQS::Queue"),
                    new ResourceChange("Add", "Dlq", "AWS::SQS::Queue", null)),
                v1,
                v2,
                Map.of(),
                Map.of(),
                StackPolicies.of("protect-stateful")));

    assertEquals(1, result.policyDenials().size());
    assertEquals("Update:Replace", result.policyDenials().getFirst().updateAction());
    assertTrue(result.blocked());
    assertTrue(
        result.blockReasons().getFirst().contains("protect-stateful"),
        result.blockReasons().toString());
  }

  private static JsonNode read(StackPolicy policy) {
    try {
      return Json.mapper().readTree(policy.json());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
