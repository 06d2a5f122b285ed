package dev.fogbank.shared.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.stack.TemplateStage;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A change set created by the emulator through the real SDK, reviewed: moto describes change sets
 * without Replacement, so the table's replacement must be computed from the templates.
 */
@ExtendWith(AwsEndpointExtension.class)
class ChangeReviewIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  private static final String TABLE_V1 =
      """
      Parameters:
        Stage: {Type: String, Default: dev}
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            TableName: !Sub '${AWS::StackName}-${Stage}-orders'
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
            KeySchema: [{AttributeName: pk, KeyType: HASH}]
      Outputs:
        TableName:
          Value: !Ref Table
          Export: {Name: !Sub '${AWS::StackName}-TableName'}
      """;

  private static final String TABLE_V2 =
      TABLE_V1
          .replace(
              "AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]",
              "AttributeDefinitions: [{AttributeName: id, AttributeType: S}]")
          .replace(
              "KeySchema: [{AttributeName: pk, KeyType: HASH}]",
              "KeySchema: [{AttributeName: id, KeyType: HASH}]");

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private CloudFormationStackGateway gateway;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    gateway = new CloudFormationStackGateway(clients.cloudFormation(), AWAIT);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void review_whenTableKeySchemaChanges_thenReplacementComputedCriticalAndImportersBlock() {
    String stack = "it-review-" + UUID.randomUUID().toString().substring(0, 8);
    ChangeSet first = gateway.createChangeSet(request(stack, TABLE_V1));
    gateway.executeChangeSet(gateway.awaitChangeSet(first, AWAIT));
    StackState deployed = gateway.describe(stack).orElseThrow();
    ChangeSet update =
        gateway.awaitChangeSet(gateway.createChangeSet(request(stack, TABLE_V2)), AWAIT);
    ResourceChange row = update.changes().getFirst();
    assertNull(
        row.replacement(), "moto says nothing about replacement; the review must compute it");
    // Stands in for AWS's ListImports (moto has none): another stack imports the table's name.
    faults.answerNext(
        "ListImports",
        1,
        "<ListImportsResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
            + "<ListImportsResult><Imports><member>billing</member></Imports></ListImportsResult>"
            + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListImportsResponse>");

    Review review =
        ChangeReview.of(gateway)
            .review(
                new ReviewRequest(
                    update,
                    gateway.template(stack, TemplateStage.ORIGINAL),
                    TABLE_V2,
                    deployed.parameters(),
                    Map.of(),
                    StackPolicies.of("protect-stateful")));

    ReviewedChange table = review.change("Table").orElseThrow();
    assertEquals(Replacement.TRUE, table.replacement());
    assertEquals("template diff", table.replacementSource());
    assertEquals(Severity.CRITICAL, table.risk());
    assertEquals(Severity.CRITICAL, review.riskLevel());
    assertTrue(table.reason().contains("KeySchema"), table.reason());
    ExportImpact export = review.exports().getFirst();
    assertEquals(stack + "-TableName", export.exportName());
    assertEquals(ExportImpact.Kind.VALUE_CHANGES, export.kind());
    assertTrue(export.importers().contains("billing"));
    assertEquals("Update:Replace", review.policyDenials().getFirst().updateAction());
    assertTrue(review.blocked());
    assertEquals(2, review.blockReasons().size(), review.blockReasons().toString());
  }

  private static ChangeSetRequest request(String stack, String template) {
    return new ChangeSetRequest(
        stack, "cs-" + UUID.randomUUID(), template, null, null, null, null, null);
  }
}
