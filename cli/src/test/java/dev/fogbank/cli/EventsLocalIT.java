package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.cli.local.LocalConfig;
import dev.fogbank.cli.local.LocalControlPlane;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack events of real deployments on the whole local control plane (HTTP API, deploy state
 * machine, CloudFormation on the emulator), through the CLI's main entry: {@code deploy --wait}
 * prints them, {@code fogbank events} lists them. moto records a stack's own events only (no
 * event per resource, as CloudFormation writes), so these are the stack's.
 */
@ExtendWith(AwsEndpointExtension.class)
class EventsLocalIT {
  static final String TOKEN = "events-it-token";
  static final Pattern DEPLOYMENT_ID = Pattern.compile("deployment\\s+(d-\\S+)");
  static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  static final String QUEUE_V2 =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      VisibilityTimeout: 60\n";

  @TempDir Path tmp;
  LocalControlPlane plane;
  Map<String, String> env;

  @BeforeEach
  void start(AwsEndpoint aws) throws IOException {
    LocalConfig config =
        new LocalConfig(
            0, tmp.resolve("drop"), tmp.resolve("data"), aws.endpoint().toString(), aws.region(),
            null, TOKEN, "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(60).withPolls(1, 1), 50, 1_000);
    plane = new LocalControlPlane(config);
    URI url = plane.start();
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    Path profiles = tmp.resolve("config.yaml");
    ProfileFile.at(profiles)
        .write("local", new ProfileFile.Profile(url.toString().replaceAll("/$", ""), null,
            tokenFile));
    env = new HashMap<>(Map.of(ProfileFile.CONFIG_VARIABLE, profiles.toString()));
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  @DisplayName(
      "deploy --wait prints the stack's events before its end; fogbank events lists them in"
          + " order; the update's events are its own, the create's stay as they were")
  void deployWait_thenEventsOfEachDeploymentAreItsOwn() throws IOException {
    String stack = "events-" + Long.toHexString(System.nanoTime());
    Path v1 = Files.writeString(tmp.resolve("v1.yaml"), QUEUE);
    Path v2 = Files.writeString(tmp.resolve("v2.yaml"), QUEUE_V2);

    CliRun create =
        CliRun.of(env, "deploy", stack, "-t", v1.toString(), "--wait", "--poll-interval", "100");

    assertEquals(ExitCodes.OK, create.exitCode(), create::transcript);
    String createId = id(create);
    List<String> lines = create.out().lines().toList();
    int inProgress = index(lines, "  " + stack + "  CREATE_IN_PROGRESS  User Initiated");
    int complete = index(lines, "  " + stack + "  CREATE_COMPLETE");
    int succeeded = index(lines, "  " + stack + "  " + createId + "  SUCCEEDED");
    assertTrue(0 <= inProgress && inProgress < complete && complete < succeeded,
        create::transcript);
    assertTrue(create.out().contains(stack + ": SUCCEEDED in "), create::transcript);

    CliRun update =
        CliRun.of(env, "deploy", stack, "-t", v2.toString(), "--wait", "--poll-interval", "100");
    assertEquals(ExitCodes.OK, update.exitCode(), update::transcript);
    String updateId = id(update);

    List<String> created = events(createId);
    List<String> updated = events(updateId);
    List<String> createWant =
        List.of(stack + " CREATE_IN_PROGRESS", stack + " CREATE_COMPLETE");
    assertEquals(createWant, created.stream().filter(createWant::contains).toList(), created::toString);
    assertFalse(created.stream().anyMatch(e -> e.contains("UPDATE")), created::toString);
    assertEquals(
        List.of(stack + " UPDATE_IN_PROGRESS", stack + " UPDATE_COMPLETE"), updated,
        updated::toString);

    CliRun table = CliRun.of(env, "events", createId);
    assertEquals(ExitCodes.OK, table.exitCode(), table::transcript);
    assertTrue(table.out().lines().anyMatch(l -> l.matches(
        "\\S+Z\\s+" + stack + "\\s+AWS::CloudFormation::Stack\\s+CREATE_COMPLETE\\s+-")),
        table::transcript);

    CliRun unknown = CliRun.of(env, "events", "d-nope");
    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown::transcript);
  }

  /** {@code fogbank events ID --all -o json}: "logicalId STATUS" of each, in order. */
  private List<String> events(String id) throws IOException {
    CliRun run = CliRun.of(env, "events", id, "--all", "-o", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode doc = Json.mapper().readTree(run.out());
    assertEquals(id, doc.path("deploymentId").asText());
    assertFalse(doc.path("truncated").asBoolean());
    List<String> seen = new ArrayList<>();
    for (JsonNode e : doc.path("items")) {
      assertFalse(e.path("physicalResourceId").asText().isEmpty(), e::toString);
      seen.add(e.path("logicalResourceId").asText() + " " + e.path("resourceStatus").asText());
    }
    return seen;
  }

  private static int index(List<String> lines, String suffix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(suffix)) {
        return i;
      }
    }
    return -1;
  }

  private static String id(CliRun run) {
    Matcher m = DEPLOYMENT_ID.matcher(run.out());
    assertTrue(m.find(), run::transcript);
    return m.group(1);
  }
}
