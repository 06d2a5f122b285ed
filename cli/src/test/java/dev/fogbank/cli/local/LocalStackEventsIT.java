package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's stand-in for EventBridge's stack status events ({@link LocalStackEvents}): a
 * deployment that changes its stack is resumed by the stack's settled status, not by WaitForStack's
 * heartbeat running out.
 */
@ExtendWith(AwsEndpointExtension.class)
class LocalStackEventsIT {
  static final String TOKEN = "test-token-123";

  @TempDir Path tmp;

  static String template(int visibility) {
    return """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: %d
        """
        .formatted(visibility);
  }

  @Test
  void deploy_whenStackChangesAndHeartbeatIsLong_thenResumedByTheStacksEvent(AwsEndpoint aws)
      throws Exception {
    // A heartbeat of 600 s: were it the only way out of WaitForStack, neither deployment could end
    // within the 120 s awaited below.
    LocalConfig config =
        new LocalConfig(
            0, tmp.resolve("drop"), tmp.resolve("data"), aws.endpoint().toString(), aws.region(),
            null, TOKEN, "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(600).withPolls(1, 600), 50, 1_000);
    StepTimer steps = new StepTimer();
    try (LocalControlPlane plane =
        new LocalControlPlane(config, List.of(), table -> table, steps)) {
      LocalRuntimeClient client = new LocalRuntimeClient(plane.start(), TOKEN);
      for (int visibility : new int[] {30, 45}) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("stackName", "events-local").put("templateBody", template(visibility));
        LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
        assertEquals(202, a.status(), () -> String.valueOf(a.body()));
        JsonNode done =
            client.awaitStatus(
                a.body().path("deploymentId").asText(),
                LocalControlPlaneIT.ENDED,
                Duration.ofSeconds(120));
        assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
      }
      // Create then update: WaitForStack invoked twice, each followed by one CheckStack.
      assertEquals(2L, steps.invocations().get("WaitForStack"));
      assertEquals(2L, steps.invocations().get("CheckStack"));
    }
  }
}
