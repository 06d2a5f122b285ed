package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * SIGKILL of a `fogbank local` child JVM at each state of a deployment (the {@link TestPause}
 * hook stops it exactly there), then a restart on the same data dir: the deployment completes, or
 * is recorded FAILED (INTERRUPTED) with the reason; the lock is released; no change set is left
 * behind; Slack hears the outcome; the next deployment works.
 */
@ExtendWith(AwsEndpointExtension.class)
class CrashRecoveryLocalIT {
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path work;
  AwsEndpoint aws;
  SlackWebhookStub slack;
  LocalRuntimeProcess runtime;

  @BeforeEach
  void setUp(AwsEndpoint endpoint) throws IOException {
    aws = endpoint;
    slack = new SlackWebhookStub();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (runtime != null) {
      runtime.close();
    }
    slack.close();
  }

  @Test
  @DisplayName("killed right after the 202, before the execution ran a state: it runs after the"
      + " restart and succeeds")
  void killedRightAfter202_thenDeploymentCompletesAfterRestart() throws Exception {
    String id = deployAndKillAt("crash-queued", "start");

    JsonNode record = restartAndAwait(id);

    assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
    assertEquals("CREATE_COMPLETE", stack("crash-queued").map(Stack::stackStatusAsString).orElse(""));
    assertUnlockedAndNextDeploymentWorks("crash-queued");
  }

  @Test
  @DisplayName("killed after taking the lock: run again from the start, the lock re-owned")
  void killedAfterLock_thenDeploymentCompletes() throws Exception {
    String id = deployAndKillAt("crash-locked", "after:AcquireLock");

    JsonNode record = restartAndAwait(id);

    assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
    assertUnlockedAndNextDeploymentWorks("crash-locked");
  }

  @Test
  @DisplayName("killed after its change set was created: the change set and the new"
      + " REVIEW_IN_PROGRESS stack are deleted, FAILED INTERRUPTED, Slack told")
  void killedAfterChangeSet_thenOrphanDeletedAndRecordedInterrupted() throws Exception {
    String id = deployAndKillAt("crash-changeset", "after:CreateChangeSet");
    assertEquals(
        "REVIEW_IN_PROGRESS",
        stack("crash-changeset").map(Stack::stackStatusAsString).orElse(""),
        "the kill left the new stack under review with its change set");

    JsonNode record = restartAndAwait(id);

    assertEquals("FAILED", record.path("status").asText(), record::toString);
    assertEquals("INTERRUPTED", record.path("error").path("code").asText(), record::toString);
    String message = record.path("error").path("message").asText();
    assertTrue(message.contains("CreateChangeSet") && message.contains("deleted"), message);
    assertEquals(Optional.empty(), stack("crash-changeset"), "no orphan stack is left");
    List<String> texts = slack.awaitText(t -> t.contains("crash-changeset"), WAIT);
    assertTrue(texts.stream().anyMatch(t -> t.contains("crash-changeset")), texts::toString);
    assertUnlockedAndNextDeploymentWorks("crash-changeset");
  }

  @Test
  @DisplayName("killed after ExecuteChangeSet went through: CloudFormation is asked and the"
      + " deployment is recorded as what the stack really did")
  void killedAfterExecute_thenRecordsWhatCloudFormationDid() throws Exception {
    String id = deployAndKillAt("crash-executed", "after:ExecuteChangeSet");

    JsonNode record = restartAndAwait(id);

    assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
    assertEquals(
        "CREATE_COMPLETE", stack("crash-executed").map(Stack::stackStatusAsString).orElse(""));
    List<String> texts = slack.awaitText(t -> t.contains("crash-executed"), WAIT);
    assertTrue(texts.stream().anyMatch(t -> t.contains("crash-executed")), texts::toString);
    assertUnlockedAndNextDeploymentWorks("crash-executed");
  }

  @Test
  @DisplayName("killed while recording the result: the record step runs again")
  void killedWhileRecording_thenResultRecorded() throws Exception {
    String id = deployAndKillAt("crash-recording", "before:RecordResult");

    JsonNode record = restartAndAwait(id);

    assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
    assertUnlockedAndNextDeploymentWorks("crash-recording");
  }

  @Test
  @DisplayName("two folders dropped in one scan, killed between them: after the restart each"
      + " deploys exactly once")
  void dropKilledBetweenTwoFolders_thenEachDeploysOnce() throws Exception {
    for (String stack : List.of("crash-drop-a", "crash-drop-b")) {
      Path dir = Files.createDirectories(work.resolve("drop/stacks").resolve(stack));
      Files.writeString(dir.resolve("template.yaml"), LocalControlPlaneIT.BUCKET_TEMPLATE);
    }
    runtime =
        LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), "drop:uploaded", List.of());
    runtime.awaitPause("drop:uploaded", WAIT);
    // The first folder's event goes on while the scan is held before the second: let it deploy.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (deployments("crash-drop-a") + deployments("crash-drop-b") == 0) {
      assertTrue(System.nanoTime() < deadline, "the first folder did not deploy");
      LocalRuntimeClient.sleep(50);
    }
    runtime.kill();

    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), null, List.of());
    for (String stack : List.of("crash-drop-a", "crash-drop-b")) {
      JsonNode history = runtime.client.awaitHistory(stack, 1, WAIT);
      String id = history.path("items").get(0).path("deploymentId").asText();
      JsonNode record = runtime.client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
      assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
    }
    LocalRuntimeClient.sleep(2_000); // a second deployment would be recorded by now
    for (String stack : List.of("crash-drop-a", "crash-drop-b")) {
      JsonNode items = runtime.client.get("/stacks/" + stack + "/deployments").body().path("items");
      assertEquals(1, items.size(), () -> stack + ": " + items);
    }
  }

  @Test
  @DisplayName("killed during a drift scan: after the restart the scan is INTERRUPTED with the"
      + " reason, its lease is free and the next scan runs to its end")
  void killedDuringDriftScan_thenInterruptedAndNextScanRuns() throws Exception {
    String point = "before:DetectDrift";
    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), point, slackOption());
    String id = deploy("crash-drift", LocalControlPlaneIT.BUCKET_TEMPLATE);
    JsonNode deployed = runtime.client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
    assertEquals("SUCCEEDED", deployed.path("status").asText(), deployed::toString);
    String scanId = startDriftScan("crash-drift");
    runtime.awaitPause(point, WAIT);
    runtime.kill();
    runtime = null;

    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), null, slackOption());
    JsonNode cut = runtime.client.get("/drift-scans/" + scanId).body();
    assertEquals("INTERRUPTED", cut.path("status").asText(), cut::toString);
    assertTrue(cut.path("reason").asText().contains("stopped while this scan ran"), cut::toString);
    assertTrue(cut.hasNonNull("finishedAt"), cut::toString);
    String next = startDriftScan("crash-drift");
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode scan = runtime.client.get("/drift-scans/" + next).body();
    while (Set.of("STARTING", "RUNNING").contains(scan.path("status").asText())) {
      assertTrue(System.nanoTime() < deadline, () -> "next scan stuck: " + next);
      LocalRuntimeClient.sleep(200);
      scan = runtime.client.get("/drift-scans/" + next).body();
    }
    assertEquals("SUCCEEDED", scan.path("status").asText(), scan.toString());
    assertEquals(1, scan.path("progress").path("done").asInt(), scan.toString());
  }

  @Test
  @DisplayName("killed during a cost scan: after the restart the scan is FAILED INTERRUPTED with"
      + " the reason, and the next scan succeeds")
  void killedDuringCostScan_thenInterruptedAndNextScanRuns() throws Exception {
    String point = "cost:scan";
    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), point, slackOption());
    LocalRuntimeClient client = runtime.client;
    // Local mode runs the scan inside the request: it never answers, the process is killed.
    Thread asking = Thread.ofVirtual().start(() -> {
      try {
        client.post("/cost-scans", "{\"days\":1}");
      } catch (RuntimeException | AssertionError killed) {
        // the connection dies with the process
      }
    });
    runtime.awaitPause(point, WAIT);
    runtime.kill();
    runtime = null;
    asking.join(Duration.ofSeconds(30));

    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), null, slackOption());
    JsonNode scans = runtime.client.get("/cost-scans").body().path("items");
    assertEquals(1, scans.size(), scans::toString);
    JsonNode cut = scans.get(0);
    assertEquals("FAILED", cut.path("status").asText(), cut::toString);
    assertEquals("INTERRUPTED", cut.path("failure").path("code").asText(), cut::toString);
    assertTrue(
        cut.path("failure").path("message").asText().contains("stopped while this scan ran"),
        cut::toString);
    LocalRuntimeClient.Answer next = runtime.client.post("/cost-scans", "{\"days\":1}");
    assertEquals(200, next.status(), () -> next.body().toString());
    assertEquals("SUCCEEDED", next.body().path("status").asText(), () -> next.body().toString());
  }

  private String startDriftScan(String stack) {
    LocalRuntimeClient.Answer a =
        runtime.client.post("/drift-scans", "{\"stacks\":[\"" + stack + "\"]}");
    assertEquals(202, a.status(), () -> "POST /drift-scans: " + a.body());
    return a.body().path("scanId").asText();
  }

  private int deployments(String stack) {
    return runtime.client.get("/stacks/" + stack + "/deployments").body().path("items").size();
  }

  private String deployAndKillAt(String stack, String point) throws Exception {
    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), point, slackOption());
    String id = deploy(stack, LocalControlPlaneIT.BUCKET_TEMPLATE);
    runtime.awaitPause(point, WAIT);
    runtime.kill();
    runtime = null;
    return id;
  }

  private JsonNode restartAndAwait(String id) throws Exception {
    long started = System.nanoTime();
    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), null, slackOption());
    JsonNode record = runtime.client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
    System.out.printf(
        "recovered %s in %d ms after the restart began%n",
        id, (System.nanoTime() - started) / 1_000_000);
    try (Stream<Path> files = Files.list(work.resolve("data").resolve("executions"))) {
      assertEquals(
          List.of(),
          files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
          "no journal temp files");
    }
    return record;
  }

  private void assertUnlockedAndNextDeploymentWorks(String stack) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (runtime.client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean()) {
      assertTrue(System.nanoTime() < deadline, "stack " + stack + " stays locked");
      LocalRuntimeClient.sleep(50);
    }
    String next = deploy(stack, LocalControlPlaneIT.BUCKET_TEMPLATE.replace("a bucket", "again"));
    JsonNode record =
        runtime.client.awaitStatus(next, LocalControlPlaneIT.ENDED, Duration.ofSeconds(60));
    assertTrue(
        List.of("SUCCEEDED", "NO_CHANGES").contains(record.path("status").asText()),
        record::toString);
    assertFalse(
        runtime.client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean()
            && record.path("status").asText().equals("FAILED"));
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = runtime.client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private List<String> slackOption() {
    return List.of("--slack-webhook", slack.url().toString());
  }

  private Optional<Stack> stack(String name) {
    try (AwsClientFactory clients = aws.clients()) {
      return clients.cloudFormation().describeStacks(r -> r.stackName(name)).stacks().stream()
          .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE"))
          .findFirst();
    } catch (CloudFormationException e) {
      return Optional.empty();
    }
  }
}
