package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Review step (and what records it) over the real adapters: CloudFormation on the emulator,
 * history and locks on DynamoDB Local.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class ReviewStepsIT {
  private static final String ACCOUNT = "123456789012";

  private static final String EXPORTING =
      """
      Resources:
        Topic:
          Type: AWS::SNS::Topic
      Outputs:
        TopicArn:
          Value: !Ref Topic
          Export: {Name: !Sub '${AWS::StackName}-TopicArn'}
      """;

  private static final String NOT_EXPORTING =
      """
      Resources:
        Topic:
          Type: AWS::SNS::Topic
        Queue:
          Type: AWS::SQS::Queue
      """;

  private final FaultInjector faults = new FaultInjector();
  private final List<DeploymentEvent> events = new ArrayList<>();
  private AwsClientFactory clients;
  private String region;
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private TemplateStore templates;
  private DeploymentLedger ledger;
  private StackDeployer stackChanges;
  private String stack;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    clients = aws.clients(faults);
    region = aws.region();
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC());
    String bucket = "review-templates-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    templates = new S3TemplateStore(clients.s3(), bucket);
    Notifier notifier = events::add;
    ledger = new DeploymentLedger(locks, history, notifier, Clock.systemUTC());
    stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
            templates,
            Optional.empty(),
            ResourceSchemas.bundled(),
            Clock.systemUTC());
    stack = "review-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void review_whenNewStack_thenAdditionsLowAndNoApprovalUnderTheDefault() {
    DeploymentInput in = queued("d-new", EXPORTING, ReviewPolicy.defaults());

    ReviewReport review = stackChanges.review(in, stackChanges.createChangeSet(in));

    assertEquals(Severity.LOW, review.riskLevel());
    assertEquals(1, review.changeCount());
    assertEquals("Add", review.changes().getFirst().action());
    assertFalse(review.approvalRequired());
    assertFalse(review.blocked());
  }

  @Test
  void review_whenApprovalAlways_thenEvenLowRiskWaits() {
    DeploymentInput in =
        queued("d-always", EXPORTING, new ReviewPolicy(ApprovalPolicy.ALWAYS, null));

    ReviewReport review = stackChanges.review(in, stackChanges.createChangeSet(in));

    assertTrue(review.approvalRequired());
    assertEquals("always", review.approval());
  }

  @Test
  void review_whenExportStillImported_thenBlockedChangeSetDeletedAndRecordedFailed() {
    deploy(queued("d-v1", EXPORTING, ReviewPolicy.defaults()));
    DeploymentInput in = queued("d-v2", NOT_EXPORTING, ReviewPolicy.defaults());
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    // Stands in for AWS's ListImports (moto answers HTTP 500): another stack imports the export.
    faults.answerNext(
        "ListImports",
        1,
        "<ListImportsResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
            + "<ListImportsResult><Imports><member>billing</member></Imports></ListImportsResult>"
            + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListImportsResponse>");

    ReviewReport review = stackChanges.review(in, changeSet);

    assertTrue(review.blocked(), review::toString);
    assertTrue(review.blockReasons().getFirst().contains("billing"), review::toString);
    assertFalse(
        clients.cloudFormation().listChangeSets(r -> r.stackName(stack)).summaries().stream()
            .anyMatch(s -> s.changeSetName().equals(changeSet.changeSetName())),
        "a blocked change set is deleted before anything runs");
    DeploymentRecord record = ledger.recordBlocked(in, null, review);
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals(ErrorCode.CHANGE_SET_BLOCKED.name(), record.error().code());
    assertTrue(record.error().message().contains("billing"), record.error()::message);
    assertTrue(history.get(in.deploymentId()).orElseThrow().review().blocked(), "the review is kept");
  }

  @Test
  void awaitApproval_thenAwaitingWithReviewTokenLockExtendedAndOneRequest() {
    DeploymentInput in = queued("d-wait", EXPORTING, ReviewPolicy.defaults());
    ledger.acquireLock(in, null);
    ReviewReport review =
        new ReviewReport(
            Severity.CRITICAL,
            1,
            Map.of("Modify", 1),
            Map.of(Severity.CRITICAL, 1),
            List.of(
                new ReviewedChange(
                    "Modify", "Topic", "AWS::SNS::Topic", Replacement.TRUE, "template diff",
                    List.of(), Severity.CRITICAL, "replaced")),
            List.of(),
            List.of(),
            false,
            List.of(),
            List.of(),
            "auto-below-high",
            true);

    ledger.awaitApproval(in, review, "token-1", 86_400);
    DeploymentRecord record = ledger.awaitApproval(in, review, "token-1", 86_400);

    assertEquals(DeploymentStatus.AWAITING_APPROVAL, record.status());
    assertEquals("token-1", record.approvalToken());
    assertEquals(Replacement.TRUE, record.review().changes().getFirst().replacement());
    var lock = locks.read(in.stack()).orElseThrow();
    assertTrue(
        lock.expiresAt().isAfter(java.time.Instant.now().plus(Duration.ofHours(23))),
        "the lock outlives the wait: " + lock.expiresAt());
    assertEquals(
        1,
        events.stream().filter(e -> e.kind() == DeploymentEvent.Kind.APPROVAL_REQUESTED).count(),
        "a retried WaitForApproval asks once");

    DeploymentRecord cancelled =
        ledger.recordCancellation(in, "fogbank.CANCELLED", "rejected by ops: not now", null);
    assertEquals(DeploymentStatus.CANCELLED, cancelled.status());
    assertTrue(cancelled.error().message().contains("not now"));
    assertNotNull(cancelled.endedAt());
    ledger.notifyOutcome(in);
    assertEquals(DeploymentEvent.Kind.CANCELLED, events.getLast().kind());
  }

  private void deploy(DeploymentInput in) {
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    stackChanges.execute(in, changeSet);
  }

  private DeploymentInput queued(String id, String template, ReviewPolicy policy) {
    TemplateStore.StoredTemplate stored =
        templates.put(template.getBytes(StandardCharsets.UTF_8));
    DeploymentRecord record =
        DeploymentRecord.requested(
            id + "-" + stack,
            StackRef.of(ACCOUNT, region, stack),
            DeploymentSource.API,
            "tester",
            stored.sha256(),
            stored.location(),
            Map.of(),
            Map.of(),
            java.time.Instant.now());
    history.append(record);
    return DeploymentInput.fromRecord(
        record, null, DeploymentOptions.defaults(), null, policy);
  }
}
