package dev.fogbank.shared.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetFixtures;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeReviewTest {

  private static final String ORDERS_V1 =
      """
      Parameters:
        Env: {Type: String, Default: dev}
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
            KeySchema: [{AttributeName: pk, KeyType: HASH}]
        Queue:
          Type: AWS::SQS::Queue
          Properties: {VisibilityTimeout: 30}
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
            Policies: []
        Archive:
          Type: AWS::S3::Bucket
      """;

  private static final String ORDERS_V2 =
      """
      Parameters:
        Env: {Type: String, Default: dev}
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions:
              - {AttributeName: pk, AttributeType: S}
              - {AttributeName: sk, AttributeType: S}
            KeySchema:
              - {AttributeName: pk, KeyType: HASH}
              - {AttributeName: sk, KeyType: RANGE}
        Queue:
          Type: AWS::SQS::Queue
          Properties: {VisibilityTimeout: 60}
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
            Policies: [{PolicyName: read, PolicyDocument: {Version: '2012-10-17', Statement: []}}]
        Alerts:
          Type: AWS::SNS::Topic
      """;

  private final ChangeReview review = ChangeReview.of(ResourceSchemas.bundled(), name -> List.of());

  @Test
  void review_whenAwsChangeSetSaysKeySchemaReplacesTable_thenCriticalRiskiestFirstWithCounts() {
    ChangeSet changeSet = ChangeSetFixtures.ready("/review/aws-update-table-key.json");

    Review result = review.review(request(changeSet, ORDERS_V1, ORDERS_V2));

    assertEquals(Severity.CRITICAL, result.riskLevel());
    ReviewedChange first = result.changes().getFirst();
    assertEquals("Table", first.logicalId(), "the replaced table is the riskiest");
    assertEquals(Replacement.TRUE, first.replacement());
    assertEquals("change set", first.replacementSource());
    assertTrue(first.reason().contains("KeySchema"), first.reason());
    assertTrue(first.reason().contains("UpdateReplacePolicy"), first.reason());
    assertEquals(
        List.of("Table", "Archive", "Role", "Queue", "Alerts"),
        result.changes().stream().map(ReviewedChange::logicalId).toList());
    assertEquals(
        List.of(Severity.CRITICAL, Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW),
        result.changes().stream().map(ReviewedChange::risk).toList());
    assertEquals(Map.of("Modify", 3, "Remove", 1, "Add", 1), result.countsByAction());
    assertEquals(
        Map.of(Severity.CRITICAL, 2, Severity.HIGH, 1, Severity.MEDIUM, 1, Severity.LOW, 1),
        result.countsByRisk());
    assertTrue(result.change("Archive").orElseThrow().reason().contains("DeletionPolicy"));
    assertEquals(
        "IAM change: AWS::IAM::Role Role is modified (Policies changes; change set: Replacement"
            + " False)",
        result.change("Role").orElseThrow().reason());
    assertFalse(result.blocked());
  }

  @Test
  void review_whenChangeSetSaysNothing_thenReplacementComputedFromCreateOnlyProperties() {
    ChangeSet changeSet =
        changeSet(
            modify("Table", "AWS::DynamoDB::Table"),
            modify("Queue", "AWS::SQS::Queue"),
            modify("Role", "AWS::IAM::Role"));

    Review result = review.review(request(changeSet, ORDERS_V1, ORDERS_V2));

    ReviewedChange table = result.change("Table").orElseThrow();
    assertEquals(Replacement.TRUE, table.replacement());
    assertEquals("template diff", table.replacementSource());
    assertEquals(Severity.CRITICAL, table.risk());
    assertTrue(table.reason().contains("KeySchema"), table.reason());
    assertTrue(
        table.properties().stream()
            .anyMatch(p -> p.path().equals("KeySchema") && p.replaces() == Replacement.TRUE),
        table.properties().toString());
    assertTrue(
        table.properties().stream()
            .anyMatch(
                p -> p.path().equals("AttributeDefinitions") && p.replaces() == Replacement.FALSE));
    ReviewedChange queue = result.change("Queue").orElseThrow();
    assertEquals(Replacement.FALSE, queue.replacement());
    assertEquals(Severity.MEDIUM, queue.risk());
    assertEquals(
        List.of("VisibilityTimeout"),
        queue.properties().stream().map(PropertyChange::path).toList());
    assertEquals(Severity.HIGH, result.change("Role").orElseThrow().risk());
  }

  @Test
  void review_whenCreateOnlyNameComesFromChangedParameter_thenReplaced() {
    String v1 =
        """
        Parameters: {QueueName: {Type: String}}
        Resources:
          Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${QueueName}-jobs'}}
        """;

    Review result =
        review.review(
            new ReviewRequest(
                changeSet(modify("Queue", "AWS::SQS::Queue")),
                v1,
                v1,
                Map.of("QueueName", "orders"),
                Map.of("QueueName", "billing"),
                null));

    ReviewedChange queue = result.change("Queue").orElseThrow();
    assertEquals(Replacement.TRUE, queue.replacement());
    assertEquals(Severity.CRITICAL, queue.risk(), "a queue holds messages");
    assertEquals("QueueName", queue.properties().getFirst().path());
  }

  @Test
  void review_whenParameterUnchanged_thenSameResolvedValueIsNoChange() {
    String v1 =
        """
        Parameters: {QueueName: {Type: String, Default: jobs}}
        Resources:
          Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref QueueName, DelaySeconds: 5}}
        """;
    String v2 = v1.replace("DelaySeconds: 5", "DelaySeconds: '10'");

    Review result =
        review.review(
            new ReviewRequest(
                changeSet(modify("Queue", "AWS::SQS::Queue")),
                v1,
                v2,
                Map.of(),
                Map.of("QueueName", "jobs"),
                null));

    ReviewedChange queue = result.change("Queue").orElseThrow();
    assertEquals(Replacement.FALSE, queue.replacement());
    assertEquals(
        List.of("DelaySeconds"), queue.properties().stream().map(PropertyChange::path).toList());
  }

  @Test
  void review_whenNestedCreateOnlyPathChanges_thenTrueButSiblingInPlace() {
    String v1 =
        """
        Resources:
          Fleet:
            Type: AWS::EC2::EC2Fleet
            Properties:
              LaunchTemplateConfigs: []
              TargetCapacitySpecification: {TotalTargetCapacity: 2, DefaultTargetCapacityType: spot}
        """;
    String capacity = v1.replace("TotalTargetCapacity: 2", "TotalTargetCapacity: 4");
    String kind =
        v1.replace("DefaultTargetCapacityType: spot", "DefaultTargetCapacityType: on-demand");
    ChangeSet changeSet = changeSet(modify("Fleet", "AWS::EC2::EC2Fleet"));

    ReviewedChange resized = review.review(request(changeSet, v1, capacity)).changes().getFirst();
    ReviewedChange retyped = review.review(request(changeSet, v1, kind)).changes().getFirst();

    assertEquals(Replacement.FALSE, resized.replacement());
    assertEquals(
        "TargetCapacitySpecification.TotalTargetCapacity", resized.properties().getFirst().path());
    assertEquals(Replacement.TRUE, retyped.replacement());
    assertEquals(Severity.HIGH, retyped.risk(), "any other replacement is HIGH");
    assertTrue(retyped.reason().contains("TargetCapacitySpecification.DefaultTargetCapacityType"));
  }

  @Test
  void review_whenCreateOnlyValueIsKnownOnlyDuringUpdate_thenConditional() {
    String v1 =
        """
        Resources:
          Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
          Other: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.1.0.0/16}}
          Subnet:
            Type: AWS::EC2::Subnet
            Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}
        """;
    String v2 = v1.replace("VpcId: !Ref Vpc", "VpcId: !GetAtt Other.VpcId");

    ReviewedChange subnet =
        review
            .review(request(changeSet(modify("Subnet", "AWS::EC2::Subnet")), v1, v2))
            .changes()
            .getFirst();

    assertEquals(Replacement.CONDITIONAL, subnet.replacement());
    assertEquals(Severity.HIGH, subnet.risk());
    assertTrue(
        subnet.properties().getFirst().note().contains("Fn::GetAtt"),
        subnet.properties().toString());
  }

  @Test
  void review_whenReferencedResourceIsReplaced_thenDependentCreateOnlyPropertyConditional() {
    String v1 =
        """
        Resources:
          Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
          Subnet:
            Type: AWS::EC2::Subnet
            Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}
        """;
    String v2 = v1.replace("CidrBlock: 10.0.0.0/16", "CidrBlock: 10.9.0.0/16");

    Review result =
        review.review(
            request(
                changeSet(modify("Vpc", "AWS::EC2::VPC"), modify("Subnet", "AWS::EC2::Subnet")),
                v1,
                v2));

    assertEquals(Replacement.TRUE, result.change("Vpc").orElseThrow().replacement());
    ReviewedChange subnet = result.change("Subnet").orElseThrow();
    assertEquals(Replacement.CONDITIONAL, subnet.replacement());
    assertTrue(
        subnet.properties().getFirst().note().contains("Vpc"), subnet.properties().toString());
  }

  @Test
  void review_whenTypeOfLogicalIdChanges_thenReplaced() {
    String v1 = "Resources:\n  Store: {Type: AWS::SQS::Queue}\n";
    String v2 = "Resources:\n  Store: {Type: AWS::SNS::Topic}\n";

    ReviewedChange store =
        review
            .review(request(changeSet(modify("Store", "AWS::SNS::Topic")), v1, v2))
            .changes()
            .getFirst();

    assertEquals(Replacement.TRUE, store.replacement());
    assertTrue(store.reason().contains("AWS::SQS::Queue"), store.reason());
  }

  @Test
  void review_whenStatefulResourcesKeepTheirData_thenNotCritical() {
    String v1 =
        """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            UpdateReplacePolicy: Retain
            Properties:
              AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
              KeySchema: [{AttributeName: pk, KeyType: HASH}]
          Logs: {Type: AWS::Logs::LogGroup, DeletionPolicy: Retain}
          Db: {Type: AWS::RDS::DBInstance, Properties: {DBInstanceClass: db.t3.micro}}
        """;
    String v2 =
        """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            UpdateReplacePolicy: Retain
            Properties:
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              KeySchema: [{AttributeName: id, KeyType: HASH}]
        """;

    Review result =
        review.review(
            request(
                changeSet(
                    modify("Table", "AWS::DynamoDB::Table"),
                    new ResourceChange("Remove", "Logs", "AWS::Logs::LogGroup", null),
                    new ResourceChange("Remove", "Db", "AWS::RDS::DBInstance", null)),
                v1,
                v2));

    assertEquals(Severity.HIGH, result.riskLevel());
    assertEquals(Replacement.TRUE, result.change("Table").orElseThrow().replacement());
    assertTrue(
        result.change("Table").orElseThrow().reason().contains("UpdateReplacePolicy Retain"));
    assertEquals(Severity.MEDIUM, result.change("Logs").orElseThrow().risk());
    assertTrue(
        result.change("Db").orElseThrow().reason().contains("DeletionPolicy Snapshot"),
        "CloudFormation snapshots a removed RDS instance by default");
  }

  @Test
  void review_whenTemplatesDoNotParse_thenConditionalWithNoteNeverAnException() {
    ChangeSet changeSet =
        changeSet(
            modify("Table", "AWS::DynamoDB::Table"),
            new ResourceChange("Remove", "Bucket", "AWS::S3::Bucket", null));

    Review result = review.review(request(changeSet, "Resources: [unclosed", "{\"not\": json"));

    assertEquals(Replacement.CONDITIONAL, result.change("Table").orElseThrow().replacement());
    assertEquals(Severity.CRITICAL, result.riskLevel(), "an unknown table change may lose data");
    assertTrue(result.change("Bucket").orElseThrow().reason().contains("unknown"));
    assertEquals(3, result.notes().size(), result.notes().toString());
    assertTrue(result.notes().getFirst().contains("deployed template could not be read"));
  }

  @Test
  void review_whenTypeIsUnknown_thenConditionalSayingSo() {
    String v1 = "Resources:\n  Thing: {Type: Acme::Widget::Gear, Properties: {Size: 1}}\n";
    String v2 = "Resources:\n  Thing: {Type: Acme::Widget::Gear, Properties: {Size: 2}}\n";

    ReviewedChange thing =
        review
            .review(request(changeSet(modify("Thing", "Acme::Widget::Gear")), v1, v2))
            .changes()
            .getFirst();

    assertEquals(Replacement.CONDITIONAL, thing.replacement());
    assertTrue(thing.reason().contains("no schema"), thing.reason());
    assertEquals(Severity.HIGH, thing.risk());
  }

  @Test
  void review_whenIntrinsicsEverywhere_thenReviewedWithoutException() {
    String v1 =
        """
        Conditions: {Prod: !Equals [!Ref 'AWS::AccountId', '123']}
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties: !If [Prod, {QueueName: a}, {QueueName: b}]
          Bucket:
            Type: AWS::S3::Bucket
            DeletionPolicy: Retain
            Properties:
              BucketName:
                !Join ['-', [!Ref 'AWS::Region', !Select [0, !Split [',', !ImportValue shared-names]]]]
              Tags: !If [Prod, [{Key: a, Value: !Base64 x}], !Ref 'AWS::NoValue']
        Outputs:
          Name: {Value: !Ref Bucket, Export: {Name: !Sub '${AWS::Region}-bucket'}}
        """;
    String v2 = v1.replace("QueueName: b", "QueueName: c").replace("shared-names", "other-names");

    Review result =
        review.review(
            request(
                changeSet(modify("Queue", "AWS::SQS::Queue"), modify("Bucket", "AWS::S3::Bucket")),
                v1,
                v2));

    assertEquals(Replacement.CONDITIONAL, result.change("Queue").orElseThrow().replacement());
    assertEquals(Replacement.CONDITIONAL, result.change("Bucket").orElseThrow().replacement());
    ReviewedChange bucket = result.change("Bucket").orElseThrow();
    assertEquals(
        Severity.CRITICAL, bucket.risk(), "DeletionPolicy does not apply to a replacement");
    assertTrue(bucket.reason().contains("no UpdateReplacePolicy"), bucket.reason());
    assertTrue(
        result.notes().stream().anyMatch(n -> n.contains("output Name")),
        result.notes().toString());
  }

  @Test
  void review_whenNoChanges_thenLowAndNothingBlocked() {
    Review result = review.review(request(changeSet(), ORDERS_V1, ORDERS_V1));

    assertEquals(Severity.LOW, result.riskLevel());
    assertEquals(List.of(), result.changes());
    assertEquals(0, result.countsByRisk().get(Severity.CRITICAL));
  }

  static ReviewRequest request(ChangeSet changeSet, String deployed, String next) {
    return new ReviewRequest(changeSet, deployed, next, Map.of(), Map.of(), null);
  }

  static ResourceChange modify(String logicalId, String type) {
    // As emulators give it: no Replacement, no Details.
    return new ResourceChange("Modify", logicalId, type, null);
  }

  static ChangeSet changeSet(ResourceChange... rows) {
    return new ChangeSet(
        "orders",
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/1",
        "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/fogbank-d-1/2",
        "fogbank-d-1",
        ChangeSet.Type.UPDATE,
        ChangeSet.Status.READY,
        null,
        List.of(rows));
  }
}
