package dev.fogbank.shared.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DriftScanTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final Duration BUDGET = Duration.ofSeconds(30);

  private final FakeDetector detector = new FakeDetector();
  private final FakeRecords records = new FakeRecords();
  private final List<DeploymentEvent> notified = Collections.synchronizedList(new ArrayList<>());
  private final Notifier notifier = notified::add;

  private DriftScan scan(List<String> stacks, DriftScanLimits limits) {
    ManagedStacks managed =
        limit -> stacks.stream().map(n -> StackRef.of(ACCOUNT, REGION, n)).limit(limit).toList();
    return new DriftScan(managed, detector, records, notifier, Clock.systemUTC(), limits);
  }

  private DriftScan scan(String... stacks) {
    return scan(List.of(stacks), new DriftScanLimits(100, 4, Duration.ofMillis(1)));
  }

  private static DriftReport previous(String stack, DriftStatus status, boolean alerted) {
    return new DriftReport(
        StackRef.of(ACCOUNT, REGION, stack),
        Instant.parse("2026-11-20T03:00:00Z"),
        status,
        status == DriftStatus.DRIFTED ? 1 : 0,
        List.of(),
        "old",
        null,
        alerted);
  }

  @Test
  void run_whenStackNewlyDrifted_thenRecordedDriftedAndNotifiedOnceWithTheDrifts() {
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    records.previous.put("orders", previous("orders", DriftStatus.IN_SYNC, false));

    DriftScanResult result = scan("orders").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.DRIFTED, result.stacks().getFirst().outcome());
    assertTrue(result.stacks().getFirst().notified());
    assertEquals(1, notified.size());
    DeploymentEvent event = notified.getFirst();
    assertEquals(DeploymentEvent.Kind.DRIFT_DETECTED, event.kind());
    assertEquals("orders", event.stackName());
    assertEquals("DRIFTED", event.stackStatus().status());
    assertTrue(event.stackStatus().reason().contains("Queue (MODIFIED)"), event.toString());
    DriftReport written = records.written.getFirst();
    assertEquals(DriftStatus.DRIFTED, written.status());
    assertEquals(1, written.driftedCount());
    assertEquals("Queue", written.excerpt().getFirst().logicalId());
    assertTrue(written.alerted());
    assertEquals(detector.lastId, written.detectionId());
  }

  @Test
  void run_whenNoPreviousRecordAndDrifted_thenNotified() {
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "DELETED"));

    scan("orders").run(BUDGET);

    assertEquals(1, notified.size());
  }

  @Test
  void run_whenPreviousRecordAlreadyDriftedAndAlerted_thenRecordedButNoRepeatedAlert() {
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    records.previous.put("orders", previous("orders", DriftStatus.DRIFTED, true));

    DriftScanResult result = scan("orders").run(BUDGET);

    assertEquals(0, notified.size());
    assertFalse(result.stacks().getFirst().notified());
    assertEquals(DriftStatus.DRIFTED, records.written.getFirst().status());
    assertTrue(records.written.getFirst().alerted(), "still counts as announced");
  }

  @Test
  void run_whenPreviousDriftedButItsAlertWasNeverDelivered_thenAlertsAgain() {
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    records.previous.put("orders", previous("orders", DriftStatus.DRIFTED, false));

    scan("orders").run(BUDGET);

    assertEquals(1, notified.size());
  }

  @Test
  void run_whenNotifierGivesUp_thenRecordedNotAlertedSoTheNextScanRetries() {
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    Notifier failing =
        new Notifier() {
          @Override
          public void notify(DeploymentEvent event) {}

          @Override
          public boolean tryNotify(DeploymentEvent event) {
            return false;
          }
        };
    DriftScan scan =
        new DriftScan(
            limit -> List.of(StackRef.of(ACCOUNT, REGION, "orders")),
            detector,
            records,
            failing,
            Clock.systemUTC(),
            DriftScanLimits.defaults());

    DriftScanResult result = scan.run(BUDGET);

    assertFalse(result.stacks().getFirst().notified());
    assertFalse(records.written.getFirst().alerted());
  }

  @Test
  void run_whenInSync_thenRecordedInSyncAndNoAlert() {
    detector.inSync("web");

    DriftScanResult result = scan("web").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.IN_SYNC, result.stacks().getFirst().outcome());
    assertEquals(DriftStatus.IN_SYNC, records.written.getFirst().status());
    assertEquals(0, records.written.getFirst().driftedCount());
    assertTrue(notified.isEmpty());
    assertEquals(0, detector.driftReads.get(), "no drift list read for an in-sync stack");
  }

  @Test
  void run_whenStackNoLongerExists_thenSkippedWithoutRecordAndOthersScanned() {
    detector.inSync("web");

    DriftScanResult result = scan("gone", "web").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.GONE, result.stacks().get(0).outcome());
    assertEquals(DriftScanResult.Outcome.IN_SYNC, result.stacks().get(1).outcome());
    assertEquals(List.of("web"), records.written.stream().map(r -> r.stack().name()).toList());
  }

  @Test
  void run_whenOneStackFails_thenTheOthersAreStillScannedAndRecorded() {
    detector.failing("broken");
    detector.drifted("orders", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    detector.inSync("web");

    DriftScanResult result = scan("broken", "orders", "web").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.FAILED, result.stacks().get(0).outcome());
    assertEquals(DriftScanResult.Outcome.DRIFTED, result.stacks().get(1).outcome());
    assertEquals(DriftScanResult.Outcome.IN_SYNC, result.stacks().get(2).outcome());
    assertEquals(2, records.written.size());
    assertEquals(1, notified.size());
  }

  @Test
  void run_whenRecordingFailsForOneStack_thenThatStackFailedAndOthersContinue() {
    detector.inSync("web");
    detector.inSync("api");
    records.failFor = "web";

    DriftScanResult result = scan("web", "api").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.FAILED, result.stacks().get(0).outcome());
    assertEquals(DriftScanResult.Outcome.IN_SYNC, result.stacks().get(1).outcome());
  }

  @Test
  void run_whenDetectionStillRunningAtTheBudget_thenUnknownRecordedAndNoAlert() {
    detector.drifted("slow", new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
    detector.inProgressPolls = Integer.MAX_VALUE;

    long started = System.nanoTime();
    DriftScanResult result =
        scan(List.of("slow"), new DriftScanLimits(10, 2, Duration.ofMillis(50)))
            .run(DriftScan.FINISH_MARGIN.plusMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertEquals(DriftScanResult.Outcome.UNKNOWN, result.stacks().getFirst().outcome());
    assertEquals(DriftStatus.UNKNOWN, records.written.getFirst().status());
    assertTrue(records.written.getFirst().reason().contains("time ran out"));
    assertTrue(notified.isEmpty());
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "bounded: " + took);
    assertTrue(detector.statusCalls.get() >= 2, "polled: " + detector.statusCalls.get());
  }

  @Test
  void run_whenDetectionFailedWithoutDrift_thenUnknown() {
    detector.inSync("partial");
    detector.failedDetection = true;

    DriftScanResult result = scan("partial").run(BUDGET);

    assertEquals(DriftScanResult.Outcome.UNKNOWN, result.stacks().getFirst().outcome());
  }

  @Test
  void run_whenBudgetAlreadySpent_thenStacksNotReachedAndNothingStarted() {
    detector.inSync("web");

    DriftScanResult result = scan("web").run(Duration.ofSeconds(1));

    assertEquals(DriftScanResult.Outcome.NOT_REACHED, result.stacks().getFirst().outcome());
    assertEquals(0, detector.starts.get());
  }

  @Test
  void run_whenManyStacks_thenDetectionsRunConcurrentlyButNeverAboveTheLimit() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      names.add("s" + i);
      detector.inSync("s" + i);
    }
    detector.inProgressPolls = 3;

    DriftScanResult result =
        scan(names, new DriftScanLimits(100, 3, Duration.ofMillis(20))).run(BUDGET);

    assertEquals(12, result.count(DriftScanResult.Outcome.IN_SYNC));
    assertEquals(3, detector.maxRunning.get(), "at most 3 at once, and 3 were used");
  }

  @Test
  void run_whenMoreStacksThanTheLimit_thenOnlyTheLimitIsScanned() {
    for (String n : List.of("a", "b", "c")) {
      detector.inSync(n);
    }

    DriftScanResult result =
        scan(List.of("a", "b", "c"), new DriftScanLimits(2, 2, Duration.ofMillis(1))).run(BUDGET);

    assertEquals(2, result.stacks().size());
  }

  /** CloudFormation's drift detection, scripted per stack. */
  static final class FakeDetector implements DriftDetector {
    final Map<String, List<ResourceDrift>> stacks = new HashMap<>();
    final List<String> failing = new ArrayList<>();
    final Map<String, String> ids = new HashMap<>();
    final Map<String, Integer> polls = new HashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger statusCalls = new AtomicInteger();
    final AtomicInteger driftReads = new AtomicInteger();
    volatile int inProgressPolls;
    volatile boolean failedDetection;
    volatile String lastId;

    void drifted(String stack, ResourceDrift... drifts) {
      stacks.put(stack, List.of(drifts));
    }

    void inSync(String stack) {
      stacks.put(stack, List.of());
    }

    void failing(String stack) {
      failing.add(stack);
    }

    @Override
    public synchronized String start(String stackName) {
      starts.incrementAndGet();
      if (failing.contains(stackName)) {
        throw new AwsUnavailableException("CloudFormation DetectStackDrift failed: HTTP 500");
      }
      if (!stacks.containsKey(stackName)) {
        throw new StackGoneException(stackName);
      }
      String id = "det-" + stackName;
      ids.put(id, stackName);
      lastId = id;
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      return id;
    }

    @Override
    public DriftDetection status(String detectionId) {
      statusCalls.incrementAndGet();
      String stack;
      int seen;
      synchronized (this) {
        stack = ids.get(detectionId);
        seen = polls.merge(detectionId, 1, Integer::sum);
      }
      if (seen <= inProgressPolls) {
        return new DriftDetection(
            "arn:" + stack, DriftDetection.State.IN_PROGRESS, DriftStatus.UNKNOWN, 0, null);
      }
      running.decrementAndGet();
      List<ResourceDrift> drifts = stacks.get(stack);
      return new DriftDetection(
          "arn:" + stack,
          failedDetection ? DriftDetection.State.FAILED : DriftDetection.State.COMPLETE,
          drifts.isEmpty() ? DriftStatus.IN_SYNC : DriftStatus.DRIFTED,
          drifts.size(),
          failedDetection ? "Failed to detect drift on resource [Bucket]" : null);
    }

    @Override
    public List<ResourceDrift> driftedResources(String stackName, int max) {
      driftReads.incrementAndGet();
      return stacks.get(stackName).stream().limit(max).toList();
    }
  }

  static final class FakeRecords implements DriftRecords {
    final Map<String, DriftReport> previous = new HashMap<>();
    final List<DriftReport> written = Collections.synchronizedList(new ArrayList<>());
    volatile String failFor;

    @Override
    public synchronized Optional<DriftReport> latestConclusive(StackRef stack) {
      return Optional.ofNullable(previous.get(stack.name()));
    }

    @Override
    public void record(DriftReport report) {
      if (report.stack().name().equals(failFor)) {
        throw new AwsUnavailableException("DynamoDB answered 500");
      }
      written.add(report);
    }
  }
}
