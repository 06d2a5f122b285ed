package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling back through the local control plane as a user would: deploy v1, deploy v2, POST
 * /stacks/{name}/rollback; a third deployment (source rollback) deploys v1's template again through
 * the same state machine, on the emulator.
 */
@ExtendWith(AwsEndpointExtension.class)
class RollbackLocalIT {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED", "REJECTED");
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TOKEN = "test-token-rollback";

  static final String V1 =
      """
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            MessageRetentionPeriod: 345600
      """;
  static final String V2 = V1.replace("345600", "1209600");

  @TempDir Path tmp;
  LocalControlPlane plane;
  LocalRuntimeClient client;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  @DisplayName(
      "deploy v1, deploy v2, POST rollback: a third deployment, source rollback, deploys v1's"
          + " template; a rollback to a failed or unknown deployment is refused with a code")
  void rollback_afterTwoDeployments_redeploysTheFirstTemplate(AwsEndpoint endpoint)
      throws IOException {
    start(endpoint);
    JsonNode v1 = client.awaitStatus(post("orders", V1), ENDED, WAIT);
    assertEquals("SUCCEEDED", v1.path("status").asText(), v1::toString);
    JsonNode v2 = client.awaitStatus(post("orders", V2), ENDED, WAIT);
    assertEquals("SUCCEEDED", v2.path("status").asText(), v2::toString);
    assertTrue(deployedTemplate(endpoint, "orders").contains("1209600"));

    LocalRuntimeClient.Answer accepted = client.post("/stacks/orders/rollback", "");

    assertEquals(202, accepted.status(), accepted.body()::toString);
    assertEquals("rollback", accepted.body().path("source").asText());
    JsonNode third =
        client.awaitStatus(accepted.body().path("deploymentId").asText(), ENDED, WAIT);
    assertEquals("SUCCEEDED", third.path("status").asText(), third::toString);
    assertEquals("rollback", third.path("source").asText());
    assertEquals(v1.path("templateSha256").asText(), third.path("templateSha256").asText());
    String deployed = deployedTemplate(endpoint, "orders");
    assertTrue(deployed.contains("345600") && !deployed.contains("1209600"), deployed);
    assertEquals(3, client.awaitHistory("orders", 3, WAIT).path("items").size());

    LocalRuntimeClient.Answer unknown =
        client.post("/stacks/orders/rollback", "{\"toDeploymentId\":\"d-nope\"}");
    assertEquals(404, unknown.status(), unknown.body()::toString);
    JsonNode other = client.awaitStatus(post("billing", V1), ENDED, WAIT);
    LocalRuntimeClient.Answer foreign =
        client.post(
            "/stacks/orders/rollback",
            "{\"toDeploymentId\":\"" + other.path("deploymentId").asText() + "\"}");
    assertEquals(409, foreign.status(), foreign.body()::toString);
    assertEquals("ROLLBACK_NOT_POSSIBLE", foreign.body().path("error").path("code").asText());
  }

  private void start(AwsEndpoint endpoint) throws IOException {
    LocalConfig config =
        new LocalConfig(
            0,
            tmp.resolve("drop"),
            tmp.resolve("data"),
            endpoint.endpoint().toString(),
            endpoint.region(),
            null,
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(60).withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    client = new LocalRuntimeClient(plane.start(), TOKEN);
  }

  private String post(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private static String deployedTemplate(AwsEndpoint endpoint, String stack) {
    AwsClientFactory clients = endpoint.clients();
    try {
      return clients.cloudFormation().getTemplate(r -> r.stackName(stack)).templateBody();
    } finally {
      clients.close();
    }
  }
}
