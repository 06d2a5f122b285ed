package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The change review and approvals end to end through the local runtime on the emulator, as a new
 * user would meet them: a table whose key changes is replaced (the emulator says nothing about
 * replacement; fogbank's own diff does), which is CRITICAL, so the deployment waits for a person.
 */
@ExtendWith(AwsEndpointExtension.class)
class ReviewApprovalLocalIT {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED", "CANCELLED");
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TOKEN = "test-token-review";

  static final String TABLE_V1 =
      """
      Resources:
        Table:
          Type: AWS::DynamoDB::Table
          Properties:
            BillingMode: PAY_PER_REQUEST
            AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
            KeySchema: [{AttributeName: pk, KeyType: HASH}]
      """;

  static final String TABLE_V2 = TABLE_V1.replace("pk", "id");

  @TempDir Path tmp;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;
  AwsEndpoint aws;

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    aws = endpoint;
    slack = new SlackWebhookStub();
    LocalConfig config =
        new LocalConfig(
            0,
            tmp.resolve("drop"),
            tmp.resolve("data"),
            endpoint.endpoint().toString(),
            endpoint.region(),
            slack.url(),
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    URI url = plane.start();
    client = new LocalRuntimeClient(url, TOKEN);
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    slack.close();
  }

  @Test
  @DisplayName(
      "a table key change is reviewed Replacement True, CRITICAL, waits AWAITING_APPROVAL and"
          + " completes once approved")
  void tableKeyChange_whenApproved_thenWaitsThenSucceeds() {
    String stack = "orders-approve";
    JsonNode first = client.awaitStatus(deploy(stack, TABLE_V1), ENDED, WAIT);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    assertEquals("LOW", first.path("riskLevel").asText(), "an addition is LOW: " + first);
    assertFalse(first.path("approvalRequired").asBoolean());

    String id = deploy(stack, TABLE_V2);
    JsonNode waiting = client.awaitStatus(id, Set.of("AWAITING_APPROVAL", "FAILED"), WAIT);

    assertEquals("AWAITING_APPROVAL", waiting.path("status").asText(), waiting::toString);
    assertEquals("CRITICAL", waiting.path("riskLevel").asText());
    JsonNode table = waiting.path("changes").get(0);
    assertEquals("Table", table.path("logicalId").asText());
    assertEquals("Modify", table.path("action").asText());
    assertEquals("True", table.path("replacement").asText(), table::toString);
    assertEquals("template diff", table.path("replacementSource").asText());
    assertEquals("CRITICAL", table.path("risk").asText());
    assertTrue(table.path("reason").asText().contains("KeySchema"), table::toString);
    assertTrue(table.path("properties").toString().contains("KeySchema"), table::toString);
    assertTrue(client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean());

    LocalRuntimeClient.Answer approved =
        client.post("/deployments/" + id + "/approve", "{\"reason\": \"migration planned\"}");
    assertEquals(200, approved.status(), approved.body()::toString);
    JsonNode done = client.awaitStatus(id, ENDED, WAIT);

    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    assertEquals("APPROVED", done.path("approval").path("decision").asText());
    assertFalse(done.path("approval").path("by").asText().isBlank());
    assertEquals("CRITICAL", done.path("riskLevel").asText(), "the review stays with the record");
    LocalRuntimeClient.Answer again = client.post("/deployments/" + id + "/approve", "");
    assertEquals(409, again.status(), again.body()::toString);
    assertEquals("NOT_AWAITING_APPROVAL", again.body().path("error").path("code").asText());
  }

  @Test
  @DisplayName("a reject ends CANCELLED with its reason, the change set deleted, the lock released")
  void tableKeyChange_whenRejected_thenCancelledAndChangeSetGone() {
    String stack = "orders-reject";
    JsonNode first = client.awaitStatus(deploy(stack, TABLE_V1), ENDED, WAIT);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    String id = deploy(stack, TABLE_V2);
    client.awaitStatus(id, Set.of("AWAITING_APPROVAL"), WAIT);
    try (CloudFormationClient cfn = cloudFormation()) {
      assertTrue(changeSetNames(cfn, stack).contains("fogbank-" + id));

      LocalRuntimeClient.Answer noReason = client.post("/deployments/" + id + "/reject", "{}");
      assertEquals(400, noReason.status(), noReason.body()::toString);
      LocalRuntimeClient.Answer rejected =
          client.post("/deployments/" + id + "/reject", "{\"reason\": \"not during the sale\"}");
      assertEquals(200, rejected.status(), rejected.body()::toString);
      JsonNode done = client.awaitStatus(id, ENDED, WAIT);

      assertEquals("CANCELLED", done.path("status").asText(), done::toString);
      assertEquals("CANCELLED", done.path("error").path("code").asText());
      assertTrue(done.path("error").path("message").asText().contains("not during the sale"));
      assertEquals("REJECTED", done.path("approval").path("decision").asText());
      assertFalse(changeSetNames(cfn, stack).contains("fogbank-" + id), "change set deleted");
    }
    awaitUnlocked(stack);
    assertEquals(
        404, client.post("/deployments/d-unknown/approve", "").status(), "unknown deployment");
  }

  @Test
  @DisplayName(
      "a deployment whose lock was taken over while it waited (force-released, then locked by a"
          + " person) is approved: it fails LOCKED at ConfirmLock, never executes its change set,"
          + " and leaves the new owner's lock as it was")
  void approved_whenLockTakenOverMeanwhile_thenFailsLockedWithoutExecuting() {
    String stack = "orders-taken";
    JsonNode first = client.awaitStatus(deploy(stack, TABLE_V1), ENDED, WAIT);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    String id = deploy(stack, TABLE_V2);
    client.awaitStatus(id, Set.of("AWAITING_APPROVAL"), WAIT);
    // The lock changes hands as after an expiry: removed, then taken by another owner.
    assertEquals(200, client.delete("/stacks/" + stack + "/lock?force=true").status());
    LocalRuntimeClient.Answer taken =
        client.post(
            "/stacks/" + stack + "/lock", "{\"ttlSeconds\": 600, \"reason\": \"hotfix\"}");
    assertEquals(200, taken.status(), taken.body()::toString);
    JsonNode newLock = client.get("/stacks/" + stack + "/lock").body();

    LocalRuntimeClient.Answer approved = client.post("/deployments/" + id + "/approve", "{}");
    assertEquals(200, approved.status(), approved.body()::toString);
    JsonNode done = client.awaitStatus(id, ENDED, WAIT);

    assertEquals("FAILED", done.path("status").asText(), done::toString);
    assertEquals("LOCKED", done.path("error").path("code").asText(), done::toString);
    assertTrue(
        done.path("error").path("message").asText().contains("lost the lock"), done::toString);
    assertEquals(newLock, client.get("/stacks/" + stack + "/lock").body(), "new owner's lock");
    try (CloudFormationClient cfn = cloudFormation()) {
      String status =
          cfn.listChangeSets(r -> r.stackName(stack)).summaries().stream()
              .filter(c -> c.changeSetName().equals("fogbank-" + id))
              .map(c -> c.executionStatusAsString())
              .findFirst()
              .orElse("none");
      assertTrue(!status.equals("EXECUTE_COMPLETE") && !status.startsWith("EXECUTE_IN"), status);
    }
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private void awaitUnlocked(String stack) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean()) {
      assertTrue(System.nanoTime() < deadline, "stack " + stack + " is still locked");
      LocalRuntimeClient.sleep(20);
    }
  }

  private CloudFormationClient cloudFormation() {
    return AwsClientFactory.create(AwsSettings.of(aws.region(), aws.endpoint())).cloudFormation();
  }

  private static Set<String> changeSetNames(CloudFormationClient cfn, String stack) {
    return Set.copyOf(
        cfn.listChangeSets(r -> r.stackName(stack)).summaries().stream()
            .map(s -> s.changeSetName())
            .toList());
  }
}
