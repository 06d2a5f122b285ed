package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.LockResult;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * End to end through the local runtime: files in the drop folder and calls to the HTTP API,
 * against the AWS emulator over HTTP, with the table in DynamoDB Local under the data dir.
 */
@ExtendWith(AwsEndpointExtension.class)
class LocalControlPlaneIT {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED");
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TOKEN = "test-token-123";

  static final String BUCKET_TEMPLATE =
      """
      AWSTemplateFormatVersion: "2010-09-09"
      Description: a bucket
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Properties:
            Tags:
              - Key: team
                Value: !Ref Team
      Parameters:
        Team:
          Type: String
          Default: platform
      """;

  @TempDir Path tmp;
  AwsEndpoint aws;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;
  Path dropDir;
  Path dataDir;

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    aws = endpoint;
    slack = new SlackWebhookStub();
    dropDir = tmp.resolve("drop");
    dataDir = tmp.resolve("data");
    startPlane(600);
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    slack.close();
  }

  private void startPlane(int lockWaitSeconds) throws IOException {
    startPlane(lockWaitSeconds, aws.endpoint());
  }

  private void startPlane(int lockWaitSeconds, URI endpoint) throws IOException {
    LocalConfig config =
        new LocalConfig(
            0,
            dropDir,
            dataDir,
            endpoint.toString(),
            aws.region(),
            slack.url(),
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(lockWaitSeconds).withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    URI url = plane.start();
    client = new LocalRuntimeClient(url, TOKEN);
  }

  private void restartPlane(int lockWaitSeconds) throws IOException {
    plane.close();
    plane = null;
    startPlane(lockWaitSeconds);
  }

  private void drop(String stack, String file, String content) throws IOException {
    Path dir = dropDir.resolve("stacks").resolve(stack);
    Files.createDirectories(dir);
    Path target = dir.resolve(file);
    // Written then moved so the watcher never sees a half file; it also checks stability.
    Path part = dir.resolve("." + file + ".part");
    Files.writeString(part, content);
    Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonNode awaitLatest(String stack, int historySize) {
    JsonNode history = client.awaitHistory(stack, historySize, WAIT);
    String id = history.path("items").get(0).path("deploymentId").asText();
    return client.awaitStatus(id, ENDED, WAIT);
  }

  /** History is written before the lock is released (RecordResult writes, then releases): poll. */
  private void awaitUnlocked(String stack) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean()) {
        return;
      }
      LocalRuntimeClient.sleep(20);
    }
    org.junit.jupiter.api.Assertions.fail("stack " + stack + " is still locked");
  }

  private CloudFormationClient cloudFormation() {
    return AwsClientFactory.create(AwsSettings.of(aws.region(), aws.endpoint())).cloudFormation();
  }

  private String apiDeploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  @Test
  @DisplayName("a dropped template is deployed, updated, found unchanged, recorded and announced")
  void drop_lifecycle() throws IOException {
    drop("web", "template.yaml", BUCKET_TEMPLATE);
    JsonNode first = awaitLatest("web", 1);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    assertEquals("drop", first.path("source").asText());
    assertEquals(1, first.path("changeSummary").path("adds").asInt());
    assertNotNull(first.path("startedAt").textValue());
    assertNotNull(first.path("endedAt").textValue());
    assertEquals(
        "CREATE_COMPLETE",
        cloudFormation().describeStacks(b -> b.stackName("web")).stacks().get(0).stackStatusAsString());

    // Parameters from deployment.yaml change the stack: an update.
    drop("web", "deployment.yaml", "parameters:\n  Team: payments\ntags:\n  owner: alice\n");
    drop("web", "template.yaml", BUCKET_TEMPLATE + "Outputs:\n  Name:\n    Value: !Ref Bucket\n");
    JsonNode second = awaitLatest("web", 2);
    assertEquals("SUCCEEDED", second.path("status").asText(), second::toString);
    assertEquals("payments", second.path("parameters").path("Team").asText());
    assertEquals("alice", second.path("tags").path("owner").asText());

    // The same template again: nothing to do.
    drop("web", "template.yaml", BUCKET_TEMPLATE + "Outputs:\n  Name:\n    Value: !Ref Bucket\n");
    JsonNode third = awaitLatest("web", 3);
    assertEquals("NO_CHANGES", third.path("status").asText(), third::toString);

    awaitUnlocked("web");
    // deployment.yaml and template.yaml written together deployed once, as in AWS (DropIntake).
    assertEquals(
        3,
        client.awaitHistory("web", 3, WAIT).path("items").size(),
        "one deployment per drop, the manifest's and the template's events collapsed");
    List<String> texts = slack.awaitTexts(t -> t.size() >= 5, WAIT);
    assertTrue(texts.stream().anyMatch(t -> t.contains("web")), texts::toString);
    assertTrue(
        slack.messages().size() >= 5, () -> "started+succeeded twice and no-changes: " + texts);
  }

  @Test
  @DisplayName("a broken template ends FAILED with the reason and leaves the stack unlocked")
  void drop_brokenTemplate_failsAndUnlocks() throws IOException {
    drop("broken", "template.yaml", "Resources: [unclosed\n");
    JsonNode failed = awaitLatest("broken", 1);
    assertEquals("FAILED", failed.path("status").asText());
    assertEquals("TEMPLATE_INVALID", failed.path("error").path("code").asText(), failed::toString);
    assertTrue(failed.path("error").path("message").asText().contains("line"), failed::toString);
    awaitUnlocked("broken");

    // The next deployment works.
    drop("broken", "template.yaml", BUCKET_TEMPLATE);
    assertEquals("SUCCEEDED", awaitLatest("broken", 2).path("status").asText());
  }

  @Test
  @DisplayName(
      "a misspelt property is refused by Validate with resource, property, line and column,"
          + " before any change set or stack exists")
  void drop_misspeltProperty_failsTemplateInvalidBeforeAnyChangeSet() throws IOException {
    drop(
        "misspelt",
        "template.yaml",
        """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketNme: drops
        """);

    JsonNode failed = awaitLatest("misspelt", 1);
    assertEquals("FAILED", failed.path("status").asText(), failed::toString);
    assertEquals("TEMPLATE_INVALID", failed.path("error").path("code").asText(), failed::toString);
    String message = failed.path("error").path("message").asText();
    assertTrue(message.contains("Resources.Bucket.Properties.BucketNme"), message);
    assertTrue(message.contains("unknown property BucketNme"), message);
    assertTrue(message.contains("(line 5, column 7)"), message);
    // No change set was created: creating one would have created the stack (REVIEW_IN_PROGRESS).
    assertTrue(
        cloudFormation().listStacks().stackSummaries().stream()
            .noneMatch(st -> st.stackName().equals("misspelt")),
        "the emulator has a stack named misspelt");
    awaitUnlocked("misspelt");
  }

  @Test
  @DisplayName("hostile and misplaced drops get FAILED records, nothing is ignored silently")
  void drop_badInput_recordedAsFailed() throws IOException {
    String bomb =
        "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
            + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            + "Resources: {}\n";
    drop("bomb", "template.yaml", bomb);
    JsonNode bombed = awaitLatest("bomb", 1);
    assertEquals("FAILED", bombed.path("status").asText());
    assertEquals("TEMPLATE_INVALID", bombed.path("error").path("code").asText(), bombed::toString);

    drop("empty", "template.yaml", "");
    assertEquals("FAILED", awaitLatest("empty", 1).path("status").asText());

    drop("9-starts-with-digit", "template.yaml", BUCKET_TEMPLATE);
    JsonNode badName = awaitLatest("9-starts-with-digit", 1);
    assertEquals("INVALID_STACK_NAME", badName.path("error").path("code").asText(), badName::toString);

    drop("huge", "template.yaml", "Resources: {}\n#" + "x".repeat(1_100_000) + "\n");
    JsonNode huge = awaitLatest("huge", 1);
    assertEquals("TEMPLATE_TOO_LARGE", huge.path("error").path("code").asText(), huge::toString);

    drop("web", "notes.txt", "hello");
    JsonNode stray = awaitLatest("web", 1);
    assertEquals("FAILED", stray.path("status").asText());
    assertTrue(stray.path("error").path("message").asText().contains("stacks/<stack-name>/template.yaml"));
  }

  @Test
  @DisplayName("the API validates its input and answers 202, 400, 401 and 404 with clear errors")
  void api_inputValidation() {
    assertEquals(200, client.getWithoutToken("/health").status());
    assertEquals(401, client.getWithoutToken("/stacks/web/lock").status());
    assertEquals(401, client.postWithoutToken("/deployments", "{}").status());
    assertEquals(404, client.get("/deployments/d-nope").status());

    for (String bad :
        List.of(
            "not json",
            "",
            "[]",
            "{\"stackName\":\"web\"}",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"extra\":1}",
            "{\"stackName\":5,\"templateBody\":\"x\"}",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"a\":{}}}",
            "{\"stackName\":\"bad_name!\",\"templateBody\":\"x\"}")) {
      LocalRuntimeClient.Answer a = client.post("/deployments", bad);
      assertEquals(400, a.status(), () -> bad + " -> " + a.body());
      assertFalse(a.body().path("error").path("code").asText().isEmpty(), bad);
      assertFalse(a.body().path("error").path("message").asText().isEmpty(), bad);
    }
    LocalRuntimeClient.Answer big = client.post("/deployments",
        "{\"stackName\":\"web\",\"templateBody\":\"" + "x".repeat(1_100_000) + "\"}");
    assertEquals(413, big.status(), () -> String.valueOf(big.body()));

    String id = apiDeploy("api-stack", BUCKET_TEMPLATE);
    JsonNode done = client.awaitStatus(id, ENDED, WAIT);
    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    assertEquals("api", done.path("source").asText());
  }

  @Test
  @DisplayName(
      "50 requests for one stack at once (API and drop mixed) run one at a time, none lost:"
          + " no two execution intervals overlap in history, nor with any lock record seen")
  void concurrentRequests_oneStack_runOneAtATimeAndNoneLost() throws Exception {
    String stack = "shared-stack";
    StackRef ref = StackRef.of("123456789012", aws.region(), stack);
    Map<String, Instant> locksSeen = new ConcurrentHashMap<>(); // deploymentId -> acquiredAt
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (sampling.get()) {
                      plane.locks().read(ref)
                          .ifPresent(l -> locksSeen.putIfAbsent(l.deploymentId(), l.acquiredAt()));
                      LocalRuntimeClient.sleep(5);
                    }
                  } catch (RuntimeException stopped) {
                    sampling.set(false); // the plane closed under it (a failed test)
                  }
                });
    int apiCount = 25;
    int dropCount = 25;
    ExecutorService pool = Executors.newFixedThreadPool(apiCount);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < apiCount; i++) {
      // A comment only: the first deployment creates the stack, later ones find few changes.
      String template = BUCKET_TEMPLATE + "# api-" + i + "\n";
      futures.add(pool.submit(() -> {
        go.await();
        return apiDeploy(stack, template);
      }));
    }
    go.countDown();
    // Each drop is a new version of template.yaml; written as soon as the previous one is taken
    // (the watcher collapses writes to one file it has not read yet, as S3 would not).
    for (int i = 0; i < dropCount; i++) {
      drop(stack, "template.yaml", BUCKET_TEMPLATE + "# drop-" + i + "\n");
      awaitDrops(stack, i + 1);
    }
    Set<String> apiIds = new HashSet<>();
    for (Future<String> f : futures) {
      apiIds.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertEquals(apiCount, apiIds.size(), "one deployment id per API request");

    JsonNode items =
        client.get("/stacks/" + stack + "/deployments?limit=100").body().path("items");
    assertEquals(apiCount + dropCount, items.size(), "every request recorded, none merged");
    List<JsonNode> ended = new ArrayList<>();
    for (JsonNode item : items) {
      String id = item.path("deploymentId").asText();
      ended.add(client.awaitStatus(id, ENDED, Duration.ofMinutes(3)));
    }
    sampling.set(false);
    sampler.join();
    Set<String> recorded = new HashSet<>();
    ended.forEach(r -> recorded.add(r.path("deploymentId").asText()));
    assertTrue(recorded.containsAll(apiIds), "every API request's deployment is in history");
    for (JsonNode r : ended) {
      assertTrue(
          Set.of("SUCCEEDED", "NO_CHANGES").contains(r.path("status").asText()), r::toString);
    }
    assertEquals(
        dropCount, ended.stream().filter(r -> r.path("source").asText().equals("drop")).count());
    assertNoOverlap(ended, locksSeen);
    awaitUnlocked(stack);
  }

  @Test
  @DisplayName("100 requests across 100 stacks at once all complete")
  void concurrentRequests_hundredStacks_allComplete() throws Exception {
    int count = 100;
    ExecutorService pool = Executors.newFixedThreadPool(count);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String stack = "many-" + i;
      futures.add(pool.submit(() -> {
        go.await();
        return apiDeploy(stack, BUCKET_TEMPLATE);
      }));
    }
    go.countDown();
    List<String> ids = new ArrayList<>();
    for (Future<String> f : futures) {
      ids.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    for (int i = 0; i < count; i++) {
      JsonNode r = client.awaitStatus(ids.get(i), ENDED, Duration.ofMinutes(3));
      assertEquals("SUCCEEDED", r.path("status").asText(), r::toString);
      assertEquals("many-" + i, r.path("stackName").asText());
    }
    assertEquals(count, Set.copyOf(ids).size());
  }

  /** Polls until the stack's history holds {@code count} records from the drop folder. */
  private void awaitDrops(String stack, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode items =
          client.get("/stacks/" + stack + "/deployments?limit=100").body().path("items");
      int drops = 0;
      for (JsonNode item : items) {
        drops += item.path("source").asText().equals("drop") ? 1 : 0;
      }
      if (drops >= count) {
        return;
      }
      LocalRuntimeClient.sleep(20);
    }
    org.junit.jupiter.api.Assertions.fail("drop " + count + " of " + stack + " was not recorded");
  }

  /**
   * No two [startedAt, endedAt] intervals overlap; and each lock record seen (holder and
   * acquiredAt) was written in its own deployment's turn: after the previous one ended.
   */
  private static void assertNoOverlap(List<JsonNode> ended, Map<String, Instant> locksSeen) {
    List<JsonNode> byStart = new ArrayList<>(ended);
    byStart.sort(Comparator.comparing(r -> Instant.parse(r.path("startedAt").asText())));
    Instant previousEnd = Instant.MIN;
    String previous = null;
    for (JsonNode r : byStart) {
      String id = r.path("deploymentId").asText();
      Instant started = Instant.parse(r.path("startedAt").asText());
      Instant endedAt = Instant.parse(r.path("endedAt").asText());
      String where = id + " (after " + previous + ")";
      assertFalse(started.isBefore(previousEnd), "started before the previous ended: " + where);
      Instant acquired = locksSeen.get(id);
      if (acquired != null) {
        // The lock is written again during a deployment (re-entrant), so its acquiredAt lies in
        // the deployment's own turn: after the previous one ended, before its own end.
        assertFalse(acquired.isAfter(endedAt), "lock written after it ended: " + where);
        assertFalse(acquired.isBefore(previousEnd), "lock taken while another ran: " + where);
      }
      previousEnd = endedAt;
      previous = id;
    }
    assertTrue(
        locksSeen.size() >= ended.size() / 2,
        "the sampler saw the lock records of most deployments: " + locksSeen.size());
  }

  @Test
  @DisplayName("a stack locked by someone else makes the deployment wait, then fail as LOCKED")
  void api_lockedStack_failsAsLockedAfterWait() throws IOException {
    restartPlane(2);
    LockResult held =
        plane.locks().acquire(
            StackRef.of("123456789012", aws.region(), "held"), "operator", "d-manual",
            Duration.ofMinutes(5));
    assertTrue(held.acquired());
    String id = apiDeploy("held", BUCKET_TEMPLATE);
    JsonNode r = client.awaitStatus(id, ENDED, WAIT);
    assertEquals("FAILED", r.path("status").asText());
    assertEquals("LOCKED", r.path("error").path("code").asText(), r::toString);
    // The other holder's lock is untouched.
    assertEquals("d-manual", client.get("/stacks/held/lock").body().path("deploymentId").asText());
  }

  @Test
  @DisplayName("history survives a restart; an interrupted deployment is failed and unlocked")
  void restart_keepsHistory_andFailsInterrupted() throws IOException {
    String id = apiDeploy("keep", BUCKET_TEMPLATE);
    assertEquals("SUCCEEDED", client.awaitStatus(id, ENDED, WAIT).path("status").asText());

    plane.locks().acquire(
        StackRef.of("123456789012", aws.region(), "waiting"), "operator", "d-manual",
        Duration.ofMinutes(5));
    String waiting = apiDeploy("waiting", BUCKET_TEMPLATE);
    client.awaitStatus(waiting, Set.of("QUEUED"), WAIT);
    restartPlane(600);

    JsonNode kept = client.get("/deployments/" + id).body();
    assertEquals("SUCCEEDED", kept.path("status").asText());
    JsonNode interrupted = client.awaitStatus(waiting, ENDED, WAIT);
    assertEquals("FAILED", interrupted.path("status").asText());
    assertEquals("INTERRUPTED", interrupted.path("error").path("code").asText());
  }

  @Test
  @DisplayName(
      "a request recorded QUEUED whose execution was never journaled (killed between the two"
          + " writes, before any 202) is failed INTERRUPTED on restart; keyed ones and drops are"
          + " left for their retry")
  void restart_whenQueuedRecordHasNoExecution_thenFailedInterrupted() throws IOException {
    // The state a SIGKILL between DeploymentIntake's history append and StartExecution's journal
    // write leaves: the record, and no execution. Written directly: the window is a few µs wide.
    Instant at = Instant.now();
    StackRef orphanStack = StackRef.of("123456789012", aws.region(), "orphan");
    plane.history().append(
        DeploymentRecord.requested(
            "d-orphan", orphanStack, DeploymentSource.API, "ci", "0".repeat(64), "local",
            Map.of(), Map.of(), at));
    plane.history().append(
        DeploymentRecord.requested(
                "d-keyed", orphanStack, DeploymentSource.API, "ci", "0".repeat(64), "local",
                Map.of(), Map.of(), at.plusMillis(1))
            .withRequestSha256("1".repeat(64)));
    restartPlane(600);

    JsonNode failed = client.get("/deployments/d-orphan").body();
    assertEquals("FAILED", failed.path("status").asText(), failed::toString);
    assertEquals("INTERRUPTED", failed.path("error").path("code").asText(), failed::toString);
    assertTrue(
        failed.path("error").path("message").asText().contains("before starting it"),
        failed::toString);
    assertEquals("QUEUED", client.get("/deployments/d-keyed").body().path("status").asText());
    // Nothing holds the stack: the next deployment runs.
    String next = apiDeploy("orphan", BUCKET_TEMPLATE);
    assertEquals("SUCCEEDED", client.awaitStatus(next, ENDED, WAIT).path("status").asText());
  }

  @Test
  @DisplayName("CloudFormation answering 500 fails the deployment with the reason; the next one works")
  void emulator500_failsWithReason_thenNextDeploymentWorks() throws IOException {
    try (FaultyEmulatorProxy proxy = new FaultyEmulatorProxy(aws.endpoint())) {
      plane.close();
      startPlane(600, proxy.endpoint());
      proxy.failCloudFormation(true);
      String id = apiDeploy("flaky", BUCKET_TEMPLATE);
      JsonNode failed = client.awaitStatus(id, ENDED, Duration.ofMinutes(3));
      assertEquals("FAILED", failed.path("status").asText());
      assertEquals("AWS_UNAVAILABLE", failed.path("error").path("code").asText(), failed::toString);
      assertTrue(failed.path("error").path("message").asText().contains("HTTP 500"), failed::toString);
      assertTrue(proxy.failedCalls() > 8, "retried: " + proxy.failedCalls());
      awaitUnlocked("flaky");

      proxy.failCloudFormation(false);
      String next = apiDeploy("flaky", BUCKET_TEMPLATE);
      assertEquals("SUCCEEDED", client.awaitStatus(next, ENDED, WAIT).path("status").asText());
    }
  }

  @Test
  @DisplayName(
      "CloudFormation refusing ExecuteChangeSet (HTTP 400) fails the deployment at once as"
          + " CHANGE_SET_FAILED with AWS's message, without retries")
  void executeChangeSetRefused_failsAsChangeSetFailedWithoutRetry() throws IOException {
    // Stands in for CloudFormation answering ExecuteChangeSet with HTTP 400 ValidationError (e.g.
    // a resource provider refusing the update); moto executes every change set it created.
    String refusal =
        "Resource handler returned message: \"Invalid request provided: Tags\""
            + " (HandlerErrorCode: InvalidRequest)";
    try (FaultyEmulatorProxy proxy = new FaultyEmulatorProxy(aws.endpoint())) {
      plane.close();
      startPlane(600, proxy.endpoint());
      proxy.refuse("ExecuteChangeSet", 400, "ValidationError", refusal);
      String id = apiDeploy("refused", BUCKET_TEMPLATE);
      JsonNode failed = client.awaitStatus(id, ENDED, WAIT);

      assertEquals("FAILED", failed.path("status").asText(), failed::toString);
      assertEquals(
          "CHANGE_SET_FAILED", failed.path("error").path("code").asText(), failed::toString);
      assertTrue(
          failed.path("error").path("message").asText().endsWith(refusal), failed::toString);
      assertEquals(
          1, proxy.calls("ExecuteChangeSet"), "neither the SDK nor the state machine retried");
      awaitUnlocked("refused");
    }
  }
}
