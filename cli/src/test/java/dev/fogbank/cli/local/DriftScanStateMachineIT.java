package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.scans.DriftScanStepHandler;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.shared.drift.CloudFormationDriftDetector;
import dev.fogbank.shared.drift.DriftApiStandIn;
import dev.fogbank.shared.drift.DriftApiStandIn.Resource;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DriftScanRecord;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.drift.DriftStatus;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbDriftScans;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.drift.ResourceDrift;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.statemachines.asl.ExecutionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code drift-scan.asl.json} on the local ASL engine, its Tasks answered by the drift-scan
 * function's handler (as in AWS), through the real SDK: the control table on DynamoDB Local,
 * CloudFormation on the emulator. moto 5.2 has no drift API (HTTP 500); {@link DriftApiStandIn}
 * answers it at the SDK layer as CloudFormation does, and injects what moto cannot do: drift with
 * property differences (from AWS-shaped JSON fixtures), a failed detection, a detection already
 * running on a stack, throttling. Wait states and retry intervals pass on simulated time.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class DriftScanStateMachineIT {
  private static final String ACCOUNT = "123456789012";

  private final DriftApiStandIn cloudFormation = new DriftApiStandIn();
  private final List<DeploymentEvent> notified = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger transitions = new AtomicInteger();
  /** State transitions per execution: the scan's own and each Distributed Map child's. */
  private final Map<String, AtomicInteger> transitionsByExecution =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong simulatedSeconds = new AtomicLong();
  private AwsEndpoint aws;
  private DynamoDbClient dynamoDb;
  private String table;
  private AwsClientFactory clients;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.aws = aws;
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  @AfterEach
  void tearDown() {
    if (clients != null) {
      clients.close();
    }
  }

  /** A stack with a deployment in history: fogbank manages it. */
  private void deployed(String stack) {
    // A real history record: the stack index the managed-stack listing reads is written with it.
    new dev.fogbank.shared.history.DynamoDbDeploymentHistory(dynamoDb, table)
        .append(
            dev.fogbank.shared.history.DeploymentRecord.requested(
                "d-" + stack,
                ref(stack),
                dev.fogbank.shared.deploy.DeploymentSource.API,
                "tester",
                "ab".repeat(32),
                "s3://artifacts/templates/" + "ab".repeat(32),
                Map.of(),
                Map.of(),
                java.time.Instant.parse("2026-11-21T10:00:00Z")));
  }


  private StackRef ref(String stack) {
    return StackRef.of(ACCOUNT, aws.region(), stack);
  }

  private DriftScanSteps steps(boolean standIn, int concurrency) {
    return steps(standIn, concurrency, List.of());
  }

  /** {@code discover}: existing stacks' patterns scanned beside history (FOGBANK_DRIFT_DISCOVER). */
  private DriftScanSteps steps(boolean standIn, int concurrency, List<String> discover) {
    clients = standIn ? aws.clients(cloudFormation) : aws.clients();
    Clock clock = Clock.systemUTC();
    return new DriftScanSteps(
        ACCOUNT,
        aws.region(),
        ManagedStacks.of(
                new DynamoDbStackSummaries(
                    dynamoDb, table, ACCOUNT, aws.region(), java.time.Clock.systemUTC()))
            .alsoMatching(
                discover,
                () ->
                    new dev.fogbank.shared.stack.CloudFormationStackGateway(
                            clients.cloudFormation())
                        .stackNames(),
                ACCOUNT,
                aws.region()),
        new CloudFormationDriftDetector(clients.cloudFormation()),
        new DynamoDbDriftRecords(dynamoDb, table),
        new DynamoDbDriftScans(dynamoDb, table, clock),
        notified::add,
        clock,
        DriftScanLimits.withConcurrency(concurrency));
  }

  /** Runs the definition as the schedule starts it; the execution name is the scan id. */
  private ExecutionResult run(DriftScanSteps steps, String scanId) throws Exception {
    ExecutionJournal counting =
        new ExecutionJournal() {
          @Override
          public void transition(String name, String stateName) {
            transitions.incrementAndGet();
            transitionsByExecution
                .computeIfAbsent(name, k -> new AtomicInteger())
                .incrementAndGet();
          }
        };
    AslEngine engine =
        AslEngine.create(
            new LocalTaskInvoker(
                Map.of(
                    LocalDefinitions.functionName(FunctionName.DRIFT_SCAN),
                    new DriftScanStepHandler(steps))),
            counting,
            d -> simulatedSeconds.addAndGet(d.toSeconds()),
            Clock.systemUTC());
    JsonNode definition = LocalDefinitions.load("drift-scan.asl.json", aws.region(), ACCOUNT);
    return engine.run(
        "fogbank-drift-scan",
        scanId,
        definition,
        Json.mapper().readTree("{\"trigger\":\"schedule\",\"stacks\":[]}"));
  }

  private DriftScanRecord scan(String scanId) {
    return new DynamoDbDriftScans(dynamoDb, table, Clock.systemUTC()).find(scanId).orElseThrow();
  }

  private List<DriftReport> records(String stack) {
    return new DynamoDbDriftRecords(dynamoDb, table).history(ref(stack), 10);
  }

  @Test
  @Timeout(300)
  @DisplayName(
      "200 managed stacks, 30% of CloudFormation calls throttled: every stack reported, never more"
          + " than the configured 5 detections in flight")
  void scan_when200StacksAndAThirdOfCallsThrottled_thenEveryStackReportedWithinConcurrency()
      throws Exception {
    int n = 200;
    for (int i = 0; i < n; i++) {
      String name = String.format("stack-%03d", i);
      deployed(name);
      if (i % 40 == 7) {
        continue; // deleted outside fogbank between its last deployment and this scan
      }
      cloudFormation.stack(
          name,
          i % 10 == 3
              ? new Resource("Queue", "AWS::SQS::Queue", "MODIFIED")
              : new Resource("Queue", "AWS::SQS::Queue", "IN_SYNC"));
      cloudFormation.inProgressPolls(name, i % 3);
    }
    cloudFormation.throttle(0.3, 42).oneDetectionPerStack();
    DriftScanSteps steps = steps(true, 5);

    long started = System.nanoTime();
    ExecutionResult result = run(steps, "scan-200");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    DriftScanRecord scan = scan("scan-200");
    assertEquals(DriftScanRecord.Status.SUCCEEDED, scan.status());
    assertEquals(n, scan.total());
    assertEquals(n, scan.done(), "every stack reported");
    assertEquals(
        n, scan.outcomes().values().stream().mapToInt(Integer::intValue).sum(), scan.toString());
    assertEquals(5, scan.outcomes().get(DriftScanRecord.GONE));
    int failed = scan.outcomes().getOrDefault(DriftScanRecord.FAILED, 0);
    assertEquals(failed, scan.failures().size(), "each failed stack is named with its reason");
    int drifted = scan.outcomes().getOrDefault("DRIFTED", 0);
    int inSync = scan.outcomes().getOrDefault("IN_SYNC", 0);
    assertEquals(n - 5 - failed, drifted + inSync, scan.toString());
    assertTrue(cloudFormation.throttled() > 100, "throttled: " + cloudFormation.throttled());
    assertTrue(
        cloudFormation.maxRunning() <= 5, "in flight at most 5: " + cloudFormation.maxRunning());
    assertTrue(cloudFormation.maxRunning() >= 2, "detections ran concurrently");
    long announced =
        notified.stream().filter(e -> e.kind() == DeploymentEvent.Kind.DRIFT_DETECTED).count();
    assertEquals(drifted, announced, "each new drift announced once");
    assertEquals(
        1,
        notified.stream().filter(e -> e.kind() == DeploymentEvent.Kind.DRIFT_SCAN_SUMMARY).count());
    System.out.printf(
        "drift-scan-bench {\"stacks\": %d, \"wallMillis\": %d, \"transitions\": %d,"
            + " \"calls\": %s, \"throttled\": %d, \"maxInFlight\": %d, \"failed\": %d,"
            + " \"simulatedWaitSeconds\": %d}%n",
        n,
        millis,
        transitions.get(),
        Json.mapper().writeValueAsString(cloudFormation.calls()),
        cloudFormation.throttled(),
        cloudFormation.maxRunning(),
        failed,
        simulatedSeconds.get());
  }

  @Test
  @Timeout(900)
  @DisplayName(
      "2,500 managed stacks, beyond what an inline Map's one execution history holds: the scan"
          + " completes with every stack reported, each stack a child execution, the scan's own"
          + " history a few events per page")
  void scan_when2500Stacks_thenCompletesWithEveryStackReportedInChildExecutions()
      throws Exception {
    int n = 2500;
    for (int i = 0; i < n; i++) {
      String name = String.format("stack-%04d", i);
      deployed(name);
      cloudFormation.stack(
          name,
          i % 50 == 3
              ? new Resource("Queue", "AWS::SQS::Queue", "MODIFIED")
              : new Resource("Queue", "AWS::SQS::Queue", "IN_SYNC"));
    }
    DriftScanSteps steps = steps(true, 20);

    ExecutionResult result = run(steps, "scan-2500");

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    DriftScanRecord scan = scan("scan-2500");
    assertEquals(DriftScanRecord.Status.SUCCEEDED, scan.status());
    assertEquals(n, scan.total());
    assertEquals(n, scan.done(), "every stack reported");
    assertEquals(Map.of("DRIFTED", 50, "IN_SYNC", n - 50), scan.outcomes(), scan.toString());
    assertEquals(DriftStatus.IN_SYNC, records("stack-2499").getFirst().status());
    assertTrue(cloudFormation.maxRunning() <= 20, "in flight: " + cloudFormation.maxRunning());
    // The scan's own history: BeginScan, ScanSkipped, per page of 500 the Map and a Choice,
    // NextPage between pages, FinishScan.
    int pages = (n + DriftScanLimits.STACKS_PER_PAGE - 1) / DriftScanLimits.STACKS_PER_PAGE;
    assertEquals(2 + 3 * pages, transitionsByExecution.get("scan-2500").get());
    List<String> children =
        transitionsByExecution.keySet().stream().filter(k -> !k.equals("scan-2500")).toList();
    assertEquals(n, children.size(), "one child execution per stack");
    int largest =
        children.stream().mapToInt(c -> transitionsByExecution.get(c).get()).max().orElse(0);
    assertTrue(largest <= 10, "a child's own history stays small: " + largest + " transitions");
    System.out.printf(
        "drift-scan-2500 {\"stacks\": %d, \"transitions\": %d, \"scanTransitions\": %d,"
            + " \"largestChild\": %d}%n",
        n, transitions.get(), transitionsByExecution.get("scan-2500").get(), largest);
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "IN_SYNC, DRIFTED with property diffs, detection FAILED, a detection already running, a"
          + " stack gone, a drift resolved: each recorded; notified only on a change, plus one"
          + " summary")
  void scan_whenEachRealPath_thenRecordedAndNotifiedOnChangeOnly() throws Exception {
    for (String s : List.of("drifted", "in-sync", "failing", "busy", "gone", "resolved")) {
      deployed(s);
    }
    // CloudFormation's answers for each stack, as its API documents them.
    cloudFormation
        .stackFromFixture("drifted", "/drift/describe-stack-resource-drifts-drifted.json")
        .stackFromFixture("in-sync", "/drift/describe-stack-resource-drifts-in-sync.json")
        .stackFromFixture("resolved", "/drift/describe-stack-resource-drifts-in-sync.json")
        .stack("failing", new Resource("Queue", "AWS::SQS::Queue", "NOT_CHECKED"))
        // DETECTION_FAILED: CloudFormation could not check a resource type it cannot read.
        .detectionFails("failing", "Failed to detect drift on resource [Custom]: not supported")
        .stack("busy", new Resource("Queue", "AWS::SQS::Queue", "IN_SYNC"))
        // Someone started a detection on "busy" from the console: refused twice, then free.
        .busy("busy", 2)
        .inProgressPolls("drifted", 2);
    // "resolved" was DRIFTED and announced at the previous scan.
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(
            new DriftReport(
                ref("resolved"),
                Instant.parse("2026-12-05T05:00:00Z"),
                DriftStatus.DRIFTED,
                1,
                List.of(new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED")),
                "old",
                null,
                true));

    ExecutionResult result = run(steps(true, 2), "scan-paths");

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    DriftScanRecord scan = scan("scan-paths");
    assertEquals(
        Map.of("DRIFTED", 1, "IN_SYNC", 3, "UNKNOWN", 1, "GONE", 1), scan.outcomes(), "" + scan);
    DriftReport drifted = records("drifted").getFirst();
    assertEquals(DriftStatus.DRIFTED, drifted.status());
    assertEquals(2, drifted.driftedCount());
    ResourceDrift queue = drifted.excerpt().getFirst();
    assertEquals("Queue", queue.logicalId());
    assertEquals("/VisibilityTimeout", queue.properties().getFirst().path());
    assertEquals("30", queue.properties().getFirst().expected());
    assertEquals("120", queue.properties().getFirst().actual());
    assertEquals("NOT_EQUAL", queue.properties().getFirst().type());
    assertEquals("DELETED", drifted.excerpt().get(1).difference());
    DriftReport failing = records("failing").getFirst();
    assertEquals(DriftStatus.UNKNOWN, failing.status());
    assertTrue(failing.reason().contains("Failed to detect drift"), failing.reason());
    assertEquals(DriftStatus.IN_SYNC, records("busy").getFirst().status());
    assertTrue(records("gone").isEmpty());
    assertEquals(
        List.of(
            DeploymentEvent.Kind.DRIFT_DETECTED,
            DeploymentEvent.Kind.DRIFT_RESOLVED,
            DeploymentEvent.Kind.DRIFT_SCAN_SUMMARY),
        notified.stream().map(DeploymentEvent::kind).sorted().toList());
    DeploymentEvent detected = notified.stream()
        .filter(e -> e.kind() == DeploymentEvent.Kind.DRIFT_DETECTED).findFirst().orElseThrow();
    assertEquals("drifted", detected.stackName());
    assertTrue(
        detected.stackStatus().reason().contains("/VisibilityTimeout 30 -> 120"),
        detected.stackStatus().reason());

    // The next scan finds the same: nothing changed, so only its summary.
    notified.clear();
    cloudFormation.inProgressPolls("drifted", 0);
    ExecutionResult again = run(steps(true, 2), "scan-paths-2");

    assertTrue(again.succeeded(), () -> again.error() + ": " + again.cause());
    assertEquals(
        List.of(DeploymentEvent.Kind.DRIFT_SCAN_SUMMARY),
        notified.stream().map(DeploymentEvent::kind).toList());
  }

  @Test
  @Timeout(60)
  @DisplayName("A scan started while another runs is recorded SKIPPED and detects nothing")
  void scan_whenAnotherScanRuns_thenSkippedAndRecorded() throws Exception {
    deployed("orders");
    cloudFormation.stack("orders", new Resource("Queue", "AWS::SQS::Queue", "IN_SYNC"));
    new DynamoDbDriftScans(dynamoDb, table, Clock.systemUTC())
        .begin(DriftScanRecord.running("scan-running", "schedule", Instant.now(), 1),
            Duration.ofHours(1));

    ExecutionResult result = run(steps(true, 5), "scan-second");

    assertTrue(result.succeeded());
    DriftScanRecord skipped = scan("scan-second");
    assertEquals(DriftScanRecord.Status.SKIPPED, skipped.status());
    assertTrue(skipped.reason().contains("scan-running"), skipped.reason());
    assertTrue(cloudFormation.calls().isEmpty(), "no detection: " + cloudFormation.calls());
    assertTrue(notified.isEmpty());
  }

  @Test
  @Timeout(120)
  @DisplayName("Against moto, which has no drift API, the stack is recorded DRIFT_UNSUPPORTED")
  void scan_whenEndpointHasNoDriftApi_thenDriftUnsupportedRecordedNotFailed() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO);
    deployed("orders");

    ExecutionResult result = run(steps(false, 5), "scan-moto");

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    assertEquals(Map.of("DRIFT_UNSUPPORTED", 1), scan("scan-moto").outcomes());
    DriftReport report = records("orders").getFirst();
    assertEquals(DriftStatus.DRIFT_UNSUPPORTED, report.status());
    assertTrue(report.reason().contains("no CloudFormation drift detection API"), report.reason());
    assertFalse(scan("scan-moto").failures().iterator().hasNext());
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "Include web-*, exclude *-tmp: a scan of every stack detects only web-a and web-b")
  void scan_whenScopeHasIncludeAndExcludePatterns_thenOnlyMatchingManagedStacksScanned()
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO);
    for (String stack : List.of("batch-1", "web-a", "web-b", "web-tmp")) {
      deployed(stack);
    }
    DriftScanSteps scoped =
        steps(false, 5)
            .withScope(dev.fogbank.shared.drift.DriftScanScope.parse("web-*", " *-tmp "));

    ExecutionResult result = run(scoped, "scan-scoped");

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    assertEquals(2, scan("scan-scoped").total());
    assertEquals(Map.of("DRIFT_UNSUPPORTED", 2), scan("scan-scoped").outcomes());
    assertEquals(1, records("web-a").size());
    assertEquals(1, records("web-b").size());
    assertTrue(records("web-tmp").isEmpty(), "excluded");
    assertTrue(records("batch-1").isEmpty(), "not included");
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "Discover legacy-*: stacks created directly on the emulator, never deployed through fogbank,"
          + " are scanned beside the stacks with history, each once")
  void scan_whenDiscoverPatternsMatchStacksCreatedDirectly_thenScannedWithHistoryOnceEach()
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO);
    aws.reset(); // no stacks left on the emulator by other tests
    deployed("web");
    deployed("legacy-a"); // has history and exists: once
    DriftScanSteps discovering = steps(false, 5, List.of("legacy-*"));
    String template =
        "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}}}";
    for (String stack : List.of("legacy-a", "legacy-b", "other")) {
      clients.cloudFormation().createStack(r -> r.stackName(stack).templateBody(template));
    }

    ExecutionResult result = run(discovering, "scan-discover");

    assertTrue(result.succeeded(), () -> result.error() + ": " + result.cause());
    assertEquals(3, scan("scan-discover").total());
    assertEquals(Map.of("DRIFT_UNSUPPORTED", 3), scan("scan-discover").outcomes());
    assertEquals(1, records("legacy-a").size());
    assertEquals(1, records("legacy-b").size(), "found with ListStacks");
    assertEquals(1, records("web").size());
    assertTrue(records("other").isEmpty(), "matches no pattern");
    // GET /drift's listing: the discovered stack beside the managed ones, with its result.
    dev.fogbank.shared.drift.DriftReports reports =
        new dev.fogbank.shared.drift.DriftReports(
            ACCOUNT,
            aws.region(),
            ManagedStacks.of(
                new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, aws.region(), Clock.systemUTC())),
            new DynamoDbDriftRecords(dynamoDb, table),
            new DynamoDbDriftScans(dynamoDb, table, Clock.systemUTC()),
            () -> {
              throw new AssertionError("no scan started");
            },
            Clock.systemUTC(),
            DriftScanLimits.defaults().maxStacks());
    var latest = reports.latest(null, 100, name -> true);
    assertEquals(
        List.of("legacy-a", "legacy-b", "web"),
        latest.stacks().stream().map(dev.fogbank.shared.drift.DriftReports.Latest::stack).toList());
    assertEquals(
        DriftStatus.DRIFT_UNSUPPORTED,
        latest.stacks().get(1).report().orElseThrow().status(),
        "the discovered stack's own result");
  }
}
