package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drift scan as a new user tries it through {@code fogbank local} against the emulator, which
 * has no drift API: deploy a stack, {@code POST /drift-scans}, follow {@code GET
 * /drift-scans/{id}}, then {@code GET /stacks/{name}/drift} and {@code GET /drift}.
 */
@ExtendWith(AwsEndpointExtension.class)
class DriftLocalIT {
  static final String TOKEN = "test-token-drift";

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
  @Timeout(180)
  @DisplayName(
      "POST /drift-scans then GET /stacks/{name}/drift shows DRIFT_UNSUPPORTED against moto")
  void driftScan_againstMoto_thenDriftUnsupportedRecordedAndReadable(AwsEndpoint endpoint)
      throws Exception {
    assumeTrue(endpoint.kind() == AwsEndpoint.Kind.MOTO, "moto has no drift API");
    plane =
        new LocalControlPlane(
            new LocalConfig(
                0,
                tmp.resolve("drop"),
                tmp.resolve("data"),
                endpoint.endpoint().toString(),
                endpoint.region(),
                null,
                TOKEN,
                "123456789012",
                DeploymentOptions.defaults(),
                50,
                1_000));
    client = new LocalRuntimeClient(plane.start(), TOKEN);
    LocalRuntimeClient.Answer deploy =
        client.post(
            "/deployments",
            "{\"stackName\":\"web\",\"templateBody\":"
                + "\"Resources:\\n  Queue:\\n    Type: AWS::SQS::Queue\\n\"}");
    // Its deployment record makes the stack managed; the scan does not wait for it to end.
    assertEquals(202, deploy.status(), deploy.body()::toString);

    LocalRuntimeClient.Answer started = client.post("/drift-scans", "{\"stacks\":[\"web\"]}");

    assertEquals(202, started.status(), started.body()::toString);
    String scanId = started.body().path("scanId").asText();
    JsonNode scan = null;
    for (int i = 0; i < 600; i++) {
      scan = client.get("/drift-scans/" + scanId).body();
      if ("SUCCEEDED".equals(scan.path("status").asText())) {
        break;
      }
      LocalRuntimeClient.sleep(100);
    }
    assertEquals("SUCCEEDED", scan.path("status").asText(), scan.toString());
    assertEquals(1, scan.path("progress").path("done").asInt(), scan.toString());
    assertEquals(1, scan.path("outcomes").path("DRIFT_UNSUPPORTED").asInt(), scan.toString());
    JsonNode drift = client.get("/stacks/web/drift").body();
    assertEquals("DRIFT_UNSUPPORTED", drift.path("latest").path("status").asText(), drift::toString);
    assertEquals(
        true,
        drift.path("latest").path("reason").asText().contains("no CloudFormation drift detection"),
        drift::toString);
    JsonNode all = client.get("/drift").body();
    assertEquals("DRIFT_UNSUPPORTED", all.path("stacks").get(0).path("status").asText());
    assertEquals(
        404, client.get("/drift-scans/ds-00000000-0000-0000-0000-000000000000").status());
  }
}
