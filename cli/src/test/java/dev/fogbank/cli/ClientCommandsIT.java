package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The CLI's API commands through its main entry, in process, against the whole local control
 * plane (its HTTP API, the deploy state machine on the local ASL engine, CloudFormation on the
 * emulator): what a person sees after {@code ./scripts/run-local}.
 */
@ExtendWith(AwsEndpointExtension.class)
class ClientCommandsIT {
  static final String TOKEN = "cli-it-token";
  static final Pattern DEPLOYMENT_ID = Pattern.compile("deployment\\s+(d-\\S+)");
  static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  static final String PUBLIC_BUCKET =
      "Resources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n"
          + "      AccessControl: PublicRead\n";

  @TempDir Path tmp;
  LocalControlPlane plane;
  Map<String, String> env;

  @BeforeEach
  void start(AwsEndpoint aws) throws IOException {
    LocalConfig config =
        new LocalConfig(
            0,
            tmp.resolve("drop"),
            tmp.resolve("data"),
            aws.endpoint().toString(),
            aws.region(),
            null,
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withLockWaitSeconds(60).withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    URI url = plane.start();
    // As fogbank local leaves it: a 'local' profile with the URL and a token file.
    Path tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    Path profiles = tmp.resolve("config.yaml");
    ProfileFile.at(profiles)
        .write(
            "local",
            new ProfileFile.Profile(url.toString().replaceAll("/$", ""), null, tokenFile));
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
      "deploy --wait prints the status changes and exits 0; status and history show the same"
          + " deployment; the same template again is NO_CHANGES, still exit 0")
  void deployWait_succeeds_thenStatusAndHistoryShowIt() throws IOException {
    Path template = Files.writeString(tmp.resolve("template.yaml"), QUEUE);

    CliRun deploy =
        CliRun.of(env, "deploy", "demo", "-t", template.toString(), "--tag", "owner=alice",
            "--wait", "--poll-interval", "100");

    assertEquals(ExitCodes.OK, deploy.exitCode(), deploy::transcript);
    assertTrue(deploy.out().contains("demo: SUCCEEDED in "), deploy::transcript);
    assertTrue(deploy.out().contains("(+1 ~0 -0)"), deploy::transcript);
    String id = id(deploy);
    List<String> progress =
        deploy.out().lines().filter(l -> l.contains("  demo  " + id + "  ")).toList();
    assertTrue(progress.getLast().endsWith("SUCCEEDED"), deploy::transcript);
    assertEquals(progress.stream().distinct().count(), progress.size(), "each change once");

    CliRun status = CliRun.of(env, "status", id, "-o", "json");
    assertEquals(ExitCodes.OK, status.exitCode(), status::transcript);
    JsonNode record = Json.mapper().readTree(status.out());
    assertEquals("SUCCEEDED", record.path("status").asText(), status::transcript);
    assertEquals("alice", record.path("tags").path("owner").asText(), status::transcript);

    CliRun again =
        CliRun.of(env, "deploy", "demo", "-t", template.toString(), "--tag", "owner=alice",
            "--wait", "--poll-interval", "100");
    assertEquals(ExitCodes.OK, again.exitCode(), again::transcript);
    assertTrue(again.out().contains("demo: NO_CHANGES"), again::transcript);

    CliRun history = CliRun.of(env, "history", "demo");
    assertEquals(ExitCodes.OK, history.exitCode(), history::transcript);
    List<String> rows = history.out().lines().toList();
    assertEquals(3, rows.size(), history::transcript);
    assertEquals(
        List.of(id(again), "NO_CHANGES", "api"),
        List.of(rows.get(1).split("\\s+")).subList(0, 3),
        history::transcript);
    assertEquals(
        List.of(id, "SUCCEEDED", "api"),
        List.of(rows.get(2).split("\\s+")).subList(0, 3),
        history::transcript);
    assertTrue(rows.get(2).contains("+1 ~0 -0"), history::transcript);

    CliRun lock = CliRun.of(env, "lock", "show", "demo");
    assertEquals("demo is not locked\n", lock.out(), lock::transcript);
  }

  @Test
  @DisplayName(
      "audit after two deployments: the second shows the tag change and the template lines it"
          + " added, as a table, as the route's CSV and as JSON; a bad date exits 3")
  void audit_afterTwoDeployments_showsWhatChanged() throws IOException {
    Path v1 = Files.writeString(tmp.resolve("v1.yaml"), QUEUE);
    Path v2 =
        Files.writeString(tmp.resolve("v2.yaml"), QUEUE + "  Other:\n    Type: AWS::SQS::Queue\n");
    CliRun first =
        CliRun.of(env, "deploy", "demo", "-t", v1.toString(), "--tag", "owner=alice", "--wait",
            "--poll-interval", "100");
    assertEquals(ExitCodes.OK, first.exitCode(), first::transcript);
    CliRun second =
        CliRun.of(env, "deploy", "demo", "-t", v2.toString(), "--tag", "owner=bob", "--wait",
            "--poll-interval", "100");
    assertEquals(ExitCodes.OK, second.exitCode(), second::transcript);

    CliRun table = CliRun.of(env, "audit", "--stack", "demo");
    assertEquals(ExitCodes.OK, table.exitCode(), table::transcript);
    List<String> rows = table.out().lines().toList();
    assertEquals(3, rows.size(), table::transcript);
    assertTrue(rows.get(1).contains(id(second)), table::transcript);
    assertTrue(rows.get(1).contains("changed +2 -0"), table::transcript);
    assertTrue(rows.get(1).contains("owner alice->bob"), table::transcript);
    assertTrue(rows.get(2).contains("new"), table::transcript);

    CliRun csv = CliRun.of(env, "audit", "--stack", "demo", "-o", "csv");
    assertEquals(ExitCodes.OK, csv.exitCode(), csv::transcript);
    List<String> lines = csv.out().lines().toList();
    assertTrue(lines.get(0).startsWith("requestedAt,endedAt,stack,deploymentId"), csv::transcript);
    assertTrue(lines.get(1).contains(",owner: alice -> bob,"), csv::transcript);

    CliRun json = CliRun.of(env, "audit", "--from", "2000-01-01", "-o", "json");
    assertEquals(ExitCodes.OK, json.exitCode(), json::transcript);
    JsonNode items = Json.mapper().readTree(json.out()).path("items");
    assertEquals(2, items.size(), json::transcript);
    assertEquals(id(first), items.get(1).path("deploymentId").asText(), json::transcript);
    assertEquals(id(first), items.get(0).path("against").asText(), json::transcript);

    CliRun bad = CliRun.of(env, "audit", "--from", "yesterday");
    assertEquals(ExitCodes.API_ERROR, bad.exitCode(), bad::transcript);
    assertTrue(bad.err().contains("ISO-8601"), bad::transcript);
  }

  @Test
  @DisplayName("a deployment the security rules reject: deploy --wait exits 9 naming the rule")
  void deployWait_rejected_exits9() throws IOException {
    Path template = Files.writeString(tmp.resolve("site.yaml"), PUBLIC_BUCKET);

    CliRun deploy =
        CliRun.of(env, "deploy", "site", "-t", template.toString(), "--wait", "--poll-interval",
            "100");

    assertEquals(ExitCodes.DEPLOYMENT_REJECTED, deploy.exitCode(), deploy::transcript);
    assertTrue(deploy.out().contains("site: REJECTED"), deploy::transcript);
    assertTrue(deploy.out().contains("FB-S3-002"), deploy::transcript);
  }

  @Test
  @DisplayName("a template with a dependency cycle: deploy --wait ends FAILED, exit 1, with why")
  void deployWait_invalidTemplate_failedExits1() throws IOException {
    Path template =
        Files.writeString(
            tmp.resolve("cycle.yaml"),
            "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n"
                + "  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n");

    CliRun deploy =
        CliRun.of(env, "deploy", "cycle", "-t", template.toString(), "--wait", "--poll-interval",
            "100");

    assertEquals(ExitCodes.DEPLOYMENT_FAILED, deploy.exitCode(), deploy::transcript);
    assertTrue(deploy.out().contains("cycle: FAILED"), deploy::transcript);
    assertTrue(deploy.out().contains("TEMPLATE_INVALID: "), deploy::transcript);
  }

  @Test
  @DisplayName("an unknown id exits 4, a wrong token 6, an invalid stack name 3")
  void errors_mapToExitCodes() throws IOException {
    Path template = Files.writeString(tmp.resolve("template.yaml"), QUEUE);

    CliRun unknown = CliRun.of(env, "status", "d-nope");
    CliRun wrongToken = CliRun.of(env, "history", "demo", "--token", "not-it");
    CliRun badName = CliRun.of(env, "deploy", "no_underscores", "-t", template.toString());

    assertEquals(ExitCodes.NOT_FOUND, unknown.exitCode(), unknown::transcript);
    assertTrue(unknown.err().contains("NOT_FOUND"), unknown::transcript);
    assertEquals(ExitCodes.AUTH, wrongToken.exitCode(), wrongToken::transcript);
    assertTrue(wrongToken.err().contains("UNAUTHORIZED"), wrongToken::transcript);
    assertEquals(ExitCodes.API_ERROR, badName.exitCode(), badName::transcript);
    assertTrue(badName.err().contains("INVALID_STACK_NAME"), badName::transcript);
  }

  @Test
  @DisplayName(
      "after a deployment: deployments lists it, diff against it is 0 then 1, scan drift --wait"
          + " ends and drift shows the result (DRIFT_UNSUPPORTED on the emulator)")
  void deploymentsDiffScanDrift_againstTheLocalPlane() throws IOException {
    // Its own stack: the emulator may outlive this plane and hold a "demo" of another test.
    String stack = "cmds-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Path template = Files.writeString(tmp.resolve("template.yaml"), QUEUE);
    CliRun deploy =
        CliRun.of(env, "deploy", stack, "-t", template.toString(), "--wait", "--poll-interval",
            "100");
    assertEquals(ExitCodes.OK, deploy.exitCode(), deploy::transcript);
    String id = id(deploy);

    CliRun deployments = CliRun.of(env, "deployments", "--stack", stack, "--status",
        "SUCCEEDED", "--source", "api", "--from", "2020-01-01", "-o", "json");
    assertEquals(ExitCodes.OK, deployments.exitCode(), deployments::transcript);
    JsonNode items = Json.mapper().readTree(deployments.out()).path("items");
    assertEquals(1, items.size(), deployments::transcript);
    assertEquals(id, items.get(0).path("deploymentId").asText());
    CliRun none = CliRun.of(env, "deployments", "--status", "FAILED");
    assertEquals("no deployments\n", none.out(), none::transcript);

    CliRun same = CliRun.of(env, "diff", stack, "-t", template.toString());
    assertEquals(ExitCodes.OK, same.exitCode(), same::transcript);
    assertEquals("no differences\n", same.out(), same::transcript);
    Path changed = Files.writeString(tmp.resolve("changed.yaml"),
        QUEUE + "  Topic:\n    Type: AWS::SNS::Topic\n");
    CliRun diff = CliRun.of(env, "diff", stack, "-t", changed.toString());
    assertEquals(1, diff.exitCode(), diff::transcript);
    assertTrue(diff.out().startsWith("+ Topic (AWS::SNS::Topic)\n"), diff::transcript);

    CliRun scan = CliRun.of(env, "scan", "drift", "--stack", stack, "--wait",
        "--poll-interval", "100", "--timeout", "120s");
    assertEquals(ExitCodes.OK, scan.exitCode(), scan::transcript);
    assertTrue(scan.out().contains("outcomes    1 DRIFT_UNSUPPORTED"), scan::transcript);
    CliRun drift = CliRun.of(env, "drift", stack);
    assertEquals(ExitCodes.OK, drift.exitCode(), drift::transcript);
    assertTrue(drift.out().startsWith(stack + ": DRIFT_UNSUPPORTED at "), drift::transcript);
    CliRun all = CliRun.of(env, "drift", "-o", "csv");
    assertTrue(all.out().lines().anyMatch(l -> l.startsWith(stack + ",DRIFT_UNSUPPORTED,")),
        all::transcript);
  }

  private static String id(CliRun run) {
    Matcher m = DEPLOYMENT_ID.matcher(run.out());
    assertTrue(m.find(), run::transcript);
    return m.group(1);
  }
}
