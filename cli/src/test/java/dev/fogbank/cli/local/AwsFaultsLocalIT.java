package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.shared.testing.FaultInjector.Chaos;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;

/**
 * Whole deployments through the local runtime while the AWS SDK meets AWS's faults, injected at
 * the SDK layer over the real emulator ({@link FaultInjector#chaos}): throttling, HTTP 500s,
 * read timeouts after the call was performed, connection resets. The control table (DynamoDB
 * Local, in-process) is not faulted.
 */
@ExtendWith(AwsEndpointExtension.class)
class AwsFaultsLocalIT {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED");
  static final Duration WAIT = Duration.ofSeconds(100);
  static final String TOKEN = "faults-token";
  static final long SEED = 20261207L;
  static final String TEMPLATE =
      """
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
      Outputs:
        Name:
          Value: !Ref Bucket
      """;

  @TempDir Path tmp;
  AwsEndpoint aws;
  FaultInjector faults;
  LocalControlPlane plane;
  LocalRuntimeClient client;

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    aws = endpoint;
    faults = new FaultInjector();
    LocalConfig config =
        new LocalConfig(
            0, tmp.resolve("drop"), tmp.resolve("data"), aws.endpoint().toString(), aws.region(),
            null, TOKEN, "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(600).withPolls(1, 1), 50, 1_000);
    plane = new LocalControlPlane(config, List.of(faults));
    client = new LocalRuntimeClient(plane.start(), TOKEN);
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  @DisplayName(
      "30% of AWS calls throttled, failed, timed out or reset: every deployment still finishes,"
          + " each change set created once and executed once, none left behind")
  void deployments_whenThirtyPercentOfCallsFault_thenAllFinishWithoutDuplicates() {
    faults.chaos(0.3, SEED, operation -> true);
    List<String> stacks = List.of("chaos-a", "chaos-b", "chaos-c");
    int deployments = 0;
    for (int round = 0; round < 2; round++) {
      for (String stack : stacks) {
        String template = TEMPLATE + "  Round:\n    Value: r" + round + "\n";
        JsonNode done = awaitEnded(deploy(stack, template));
        assertEquals(
            "SUCCEEDED", done.path("status").asText(), () -> "seed " + SEED + ": " + done);
        deployments++;
      }
    }
    Map<Chaos, Integer> injected = faults.chaosCounts();
    for (Chaos kind : Chaos.values()) {
      assertTrue(injected.getOrDefault(kind, 0) > 0, () -> "seed " + SEED + ": " + injected);
    }
    assertEquals(
        deployments,
        faults.performed("CreateChangeSet"),
        () -> "duplicate change sets " + injected);
    assertEquals(
        deployments, faults.performed("ExecuteChangeSet"), () -> "double executions " + injected);
    String perWrite =
        "CreateChangeSet " + faults.chaosCounts("CreateChangeSet") + ", ExecuteChangeSet "
            + faults.chaosCounts("ExecuteChangeSet");
    faults.clear();
    try (AwsClientFactory direct =
        AwsClientFactory.create(AwsSettings.of(aws.region(), aws.endpoint()))) {
      CloudFormationClient cfn = direct.cloudFormation();
      // Keyed by id: moto answers ListChangeSets with every stack's change sets, and keeps the
      // executed ones (AWS deletes them once the stack has been updated).
      Map<String, ChangeSetSummary> changeSets = new java.util.HashMap<>();
      for (String stack : stacks) {
        cfn.listChangeSets(r -> r.stackName(stack))
            .summaries()
            .forEach(c -> changeSets.put(c.changeSetId(), c));
      }
      List<String> names =
          changeSets.values().stream().map(ChangeSetSummary::changeSetName).toList();
      assertEquals(deployments, names.size(), () -> "one change set per deployment: " + names);
      assertEquals(deployments, Set.copyOf(names).size(), () -> "no name twice: " + names);
      for (ChangeSetSummary c : changeSets.values()) {
        assertEquals(
            "EXECUTE_COMPLETE", c.executionStatusAsString(), () -> "left behind: " + c);
      }
    }
    System.out.printf(
        "AwsFaultsLocalIT: %d deployments, faults injected %s; %s%n",
        deployments, injected, perWrite);
  }

  @Test
  @DisplayName(
      "CreateChangeSet and ExecuteChangeSet each throttled, failed (500), reset and timed out after"
          + " being performed: the deployment succeeds, each performed once, the repeat answered"
          + " as AWS answers it")
  void deployment_whenEveryFaultHitsTheWrites_thenSucceedsCreatingAndExecutingOnce() {
    Chaos[] every = {
      Chaos.THROTTLING, Chaos.INTERNAL_FAILURE, Chaos.CONNECTION_RESET,
      Chaos.TIMEOUT_AFTER_PERFORMED
    };
    faults.chaosNext("CreateChangeSet", every).chaosNext("ExecuteChangeSet", every);
    JsonNode done = awaitEnded(deploy("writes", TEMPLATE));
    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    for (String write : List.of("CreateChangeSet", "ExecuteChangeSet")) {
      assertEquals(
          Map.of(
              Chaos.THROTTLING, 1, Chaos.INTERNAL_FAILURE, 1, Chaos.CONNECTION_RESET, 1,
              Chaos.TIMEOUT_AFTER_PERFORMED, 1),
          faults.chaosCounts(write),
          write);
      assertEquals(1, faults.performed(write), () -> write + " performed once");
      // 3 refused before they left, 1 performed with its answer lost, 1 repeat answered as AWS
      // does (AlreadyExists / InvalidChangeSetStatus), which the gateway reads as its own.
      assertEquals(5, faults.attempts(write), () -> write + " attempts");
    }
  }

  @Test
  @DisplayName(
      "DescribeStacks failing with HTTP 500 past every retry: FAILED AWS_UNAVAILABLE with the"
          + " cause; a ValidationError (HTTP 400) is not retried at all")
  void deployment_whenRetriesRunOutOrFourHundred_thenCauseRecordedAndFourHundredNotRetried() {
    // AWS-side outage of CloudFormation's read API (InternalFailure on every attempt).
    faults.failNext(
        "DescribeStacks", FaultInjector.ALWAYS, 500, "InternalFailure", "The request failed.");
    JsonNode failed = client.awaitStatus(deploy("outage", TEMPLATE), ENDED, WAIT);
    assertEquals("FAILED", failed.path("status").asText(), failed::toString);
    assertEquals("AWS_UNAVAILABLE", failed.path("error").path("code").asText(), failed::toString);
    String message = failed.path("error").path("message").asText();
    assertTrue(message.contains("DescribeStacks") || message.contains("500"), message);
    int attempts = faults.attempts("DescribeStacks");
    assertTrue(attempts > 3, "retried: " + attempts);

    // CloudFormation refusing a change set (e.g. a template it does not accept): HTTP 400.
    faults.clear();
    faults.failNext(
        "CreateChangeSet", FaultInjector.ALWAYS, 400, "ValidationError",
        "Template format error: Unresolved resource dependencies [Nope] in the Resources block");
    JsonNode refused = client.awaitStatus(deploy("refused", TEMPLATE), ENDED, WAIT);
    assertEquals("FAILED", refused.path("status").asText(), refused::toString);
    assertTrue(
        refused.path("error").path("message").asText().contains("Unresolved resource"),
        refused::toString);
    assertEquals(1, faults.attempts("CreateChangeSet"), "a 400 that is not throttling: one call");
  }

  /** Ended, or a failure that says where the runtime's threads are and what AWS was asked. */
  private JsonNode awaitEnded(String id) {
    try {
      return client.awaitStatus(id, ENDED, WAIT);
    } catch (AssertionError stuck) {
      StringBuilder where = new StringBuilder("seed " + SEED + ", faults " + faults.chaosCounts());
      for (String op :
          List.of(
              "CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet",
              "DescribeStacks", "ListChangeSets", "PutObject", "GetObject")) {
        where.append("\n").append(op).append(": attempts ").append(faults.attempts(op))
            .append(", performed ").append(faults.performed(op));
      }
      Thread.getAllStackTraces().forEach((thread, frames) -> {
        String trace = java.util.Arrays.toString(frames);
        if (trace.contains("dev.fogbank") && !trace.contains("AwsFaultsLocalIT")) {
          where.append("\n").append(thread.getName()).append(": ")
              .append(trace, 0, Math.min(trace.length(), 1500));
        }
      });
      throw new AssertionError(stuck.getMessage() + "\n" + where, stuck);
    }
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> String.valueOf(a.body()));
    return a.body().path("deploymentId").asText();
  }
}
