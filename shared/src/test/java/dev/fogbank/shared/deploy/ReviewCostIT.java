package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.rules.SecurityRules;
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
import dev.fogbank.shared.validation.ReferenceCheck;
import dev.fogbank.shared.validation.RequiredTags;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * The Review step's cost estimate over the real adapters: CloudFormation on the emulator, the
 * price cache on DynamoDB Local, prices from {@link PriceListServer} (recorded us-east-1 Price List
 * answers) through the SDK's pricing client. Expected figures are worked out by hand.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class ReviewCostIT {
  private static final String ACCOUNT = "123456789012";

  /** 100 GB of gp3 in us-east-1: 100 × $0.08 = $8.00 a month. */
  private static final String VOLUME =
      """
      Resources:
        Data:
          Type: AWS::EC2::Volume
          Properties:
            AvailabilityZone: us-east-1a
            Size: 100
            VolumeType: gp3
      """;

  /** The volume and a db.t3.micro MySQL with 20 GB: 0.017 × 730 + 20 × 0.115 = $14.71 more. */
  private static final String VOLUME_AND_DATABASE =
      VOLUME
          + """
            Orders:
              Type: AWS::RDS::DBInstance
              Properties:
                DBInstanceClass: db.t3.micro
                Engine: mysql
                AllocatedStorage: "20"
                MasterUsername: admin
                MasterUserPassword: not-a-secret-1
          """;

  private final FaultInjector faults = new FaultInjector();
  private final FaultInjector pricingFaults = new FaultInjector();
  private AwsClientFactory clients;
  private AwsClientFactory pricingClients;
  private PriceListServer prices;
  private String region;
  private DynamoDbDeploymentHistory history;
  private TemplateStore templates;
  private StackDeployer stackChanges;
  private String stack;
  private DynamoDbClient dynamoDb;
  private String table;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    clients = aws.clients(faults);
    region = aws.region();
    prices = PriceListServer.start();
    pricingClients =
        AwsClientFactory.create(
            AwsSettings.of("us-east-1", prices.endpoint()), List.of(pricingFaults));
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    String bucket = "cost-templates-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    templates = new S3TemplateStore(clients.s3(), bucket);
    CostEstimator estimator =
        new CostEstimator(
            new CachingPriceBook(
                new DynamoDbPriceCache(dynamoDb, table, CachingPriceBook.DEFAULT_REFRESH_PERIOD),
                new PricingApiPriceSource(pricingClients.pricing()),
                Clock.systemUTC(),
                CachingPriceBook.DEFAULT_REFRESH_PERIOD));
    stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
            templates,
            Optional.empty(),
            ResourceSchemas.bundled(),
            SecurityRules.standard(),
            RequiredTags.none(),
            ReferenceCheck.NONE,
            Clock.systemUTC(),
            estimator);
    stack = "cost-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    clients.close();
    pricingClients.close();
    prices.close();
  }

  @Test
  void review_whenUpdateAddsAnRdsInstance_thenCostEstimateHasItsMonthlyDelta() {
    deploy(queued("d-v1", VOLUME, ReviewPolicy.defaults()));
    DeploymentInput in = queued("d-v2", VOLUME_AND_DATABASE, ReviewPolicy.defaults());

    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    ReviewReport review = stackChanges.review(in, changeSet);

    ReviewCostEstimate cost = review.costEstimate();
    assertNull(cost.unavailable(), cost::toString);
    assertEquals(new BigDecimal("22.71"), cost.monthly()); // 8.00 + 14.71
    assertEquals(new BigDecimal("272.52"), cost.annual());
    assertEquals(new BigDecimal("14.71"), cost.deltaMonthly());
    assertEquals(new BigDecimal("183.9"), cost.deltaPercent()); // 14.71 / 8.00
    assertEquals(new ReviewCostEstimate.CoverageCounts(2, 0, 0), cost.coverage());
    assertEquals(
        List.of(
            new ReviewCostEstimate.ResourceCost(
                "Orders", "AWS::RDS::DBInstance", null, new BigDecimal("14.71"))),
        cost.resources());
    assertFalse(review.approvalRequired(), "an addition is LOW risk and there is no cost limit");
    // Kept with the deployment's record, which GET /deployments/{id} shows.
    DeploymentLedger ledger =
        new DeploymentLedger(
            new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC()),
            history,
            e -> {},
            Clock.systemUTC());
    ledger.acquireLock(in, null);
    ledger.recordResult(in, changeSet, null, review);
    assertEquals(cost, history.get(in.deploymentId()).orElseThrow().review().costEstimate());
  }

  @Test
  void review_whenIncreaseAboveMaxMonthlyIncrease_thenApprovalRequiredAndNoteSaysWhy() {
    deploy(queued("d-v1", VOLUME, ReviewPolicy.defaults()));
    DeploymentInput in =
        queued("d-v2", VOLUME_AND_DATABASE, ReviewPolicy.parse(null, null, "10"));

    ReviewReport review = stackChanges.review(in, stackChanges.createChangeSet(in));

    assertEquals(Severity.LOW, review.riskLevel());
    assertTrue(review.approvalRequired(), review::toString);
    assertTrue(
        review.notes().contains(
            "cost: +$14.71/month is above maxMonthlyIncrease $10: approval required"),
        review.notes()::toString);
  }

  @Test
  void review_whenIncreaseWithinMaxMonthlyIncrease_thenNoApproval() {
    deploy(queued("d-v1", VOLUME, ReviewPolicy.defaults()));
    DeploymentInput in =
        queued("d-v2", VOLUME_AND_DATABASE, ReviewPolicy.parse(null, null, "14.71"));

    ReviewReport review = stackChanges.review(in, stackChanges.createChangeSet(in));

    assertFalse(review.approvalRequired(), review::toString);
  }

  @Test
  void review_whenDeploymentYamlGivesUsage_thenUsagePricedResourceCountedAfterTheStateMachineHop()
      throws Exception {
    String template =
        VOLUME
            + """
              Jobs:
                Type: AWS::SQS::Queue
            """;
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            "usage:\n  Jobs:\n    monthlyRequests: 5000000\n".getBytes(StandardCharsets.UTF_8));
    DeploymentInput queued = queued("d-usage", template, manifest.reviewPolicy());
    // The state machine hands each step the input as JSON.
    DeploymentInput in =
        Json.mapper().readValue(Json.mapper().writeValueAsString(queued), DeploymentInput.class);

    ReviewCostEstimate cost = stackChanges.review(in, stackChanges.createChangeSet(in)).costEstimate();

    // 100 GB × 0.08 + 5M standard requests × 0.40/M (the free first million's tier skipped).
    assertEquals(new BigDecimal("10.00"), cost.monthly(), cost::toString);
    assertEquals(new ReviewCostEstimate.CoverageCounts(2, 0, 0), cost.coverage());
  }

  @Test
  void review_whenNoUsageGiven_thenTheQueueIsUsageBasedAndNotCounted() {
    String template =
        VOLUME
            + """
              Jobs:
                Type: AWS::SQS::Queue
            """;
    DeploymentInput in = queued("d-nousage", template, ReviewPolicy.defaults());

    ReviewCostEstimate cost = stackChanges.review(in, stackChanges.createChangeSet(in)).costEstimate();

    assertEquals(new BigDecimal("8.00"), cost.monthly(), cost::toString);
    assertEquals(new ReviewCostEstimate.CoverageCounts(1, 1, 0), cost.coverage());
    assertTrue(cost.summary().endsWith("; not counted: 1 usage-based"), cost.summary());
  }

  @Test
  void review_whenPricingEndpointFails_thenEstimateUnavailableAndReviewGoesOn() {
    // AWS answers GetProducts with 500 InternalFailure past the SDK's retries; nothing is cached.
    pricingFaults.internalFailureNext("GetProducts", FaultInjector.ALWAYS);
    DeploymentInput in =
        queued("d-new", VOLUME_AND_DATABASE, ReviewPolicy.parse(null, null, "10"));

    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    ReviewReport review = stackChanges.review(in, changeSet);

    ReviewCostEstimate cost = review.costEstimate();
    assertNotNull(cost.unavailable(), cost::toString);
    assertTrue(cost.unavailable().startsWith("no prices could be read"), cost.unavailable());
    assertNull(cost.deltaMonthly());
    assertFalse(review.blocked());
    assertFalse(review.approvalRequired(), "no estimate: the cost limit is not applied");
    stackChanges.execute(in, changeSet); // the deployment goes on
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
