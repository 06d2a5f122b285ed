package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.Prerequisite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher ({@code scripts/fogbank}) as a child process, its stdout a pipe (not a
 * terminal), against a running {@code fogbank local} in another JVM: what a pipeline sees. One
 * control plane for the whole session (the emulator is reset before each test), a few small
 * deployments.
 */
@ExtendWith(AwsEndpointExtension.class)
class CliLauncherIT {
  static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  static final String HANDLE =
      "Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n";
  static final String CYCLE =
      "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n"
          + "  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n";
  static final Pattern DEPLOYMENT_ID = Pattern.compile("\\b(d-\\d{8}T\\d{6}-[0-9a-f]{12})\\b");
  static final String ESC = "\u001b[";

  @TempDir Path work;
  LocalRuntimeProcess runtime;
  Path script;

  @AfterEach
  void stop() throws InterruptedException {
    if (runtime != null) {
      runtime.close();
    }
  }

  /** One launcher run: exit code, stdout, stderr. */
  record Run(int exitCode, String out, String err) {
    String transcript() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  @Test
  @DisplayName(
      "deploy --wait: success exits 0 with a summary, the same again NO_CHANGES exit 0, a failing"
          + " template exits 1, a rejected change set exits 9; colour follows --color, NO_COLOR"
          + " and CLICOLOR_FORCE; -o json parses; a pipe gets no \\r")
  void launcher_againstRunningLocalPlane(AwsEndpoint aws) throws Exception {
    Prerequisite.require(
        System.getenv("FOGBANK_TEST_LAUNCHER") != null,
        "FOGBANK_TEST_LAUNCHER is not set (scripts/test sets it): scripts/fogbank was NOT run");
    script = Path.of("").toAbsolutePath().getParent().resolve("scripts/fogbank");
    assertTrue(Files.isExecutable(script), script + " is missing or not executable");
    runtime = LocalRuntimeProcess.start(work, aws.endpoint(), aws.region(), null, List.of());
    Path queue = Files.writeString(work.resolve("template.yaml"), QUEUE);

    Run first = fogbank(Map.of(), "deploy", "demo", "-t", queue.toString(), "--wait",
        "--poll-interval", "200");
    assertEquals(ExitCodes.OK, first.exitCode(), first::transcript);
    assertTrue(first.out().contains("demo: SUCCEEDED in "), first::transcript);
    assertTrue(first.out().contains("(+1 ~0 -0)"), first::transcript);
    assertFalse(first.out().contains("\r"), "no redrawn progress line into a pipe");
    assertFalse(first.out().contains(ESC), "no colour into a pipe");
    String id = id(first);

    Run again = fogbank(Map.of(), "deploy", "demo", "-t", queue.toString(), "--wait",
        "--poll-interval", "200");
    assertEquals(ExitCodes.OK, again.exitCode(), again::transcript);
    assertTrue(again.out().contains("demo: NO_CHANGES"), again::transcript);

    Path cycle = Files.writeString(work.resolve("cycle.yaml"), CYCLE);
    Run failed = fogbank(Map.of(), "deploy", "cycle", "-t", cycle.toString(), "--wait",
        "--poll-interval", "200");
    assertEquals(ExitCodes.DEPLOYMENT_FAILED, failed.exitCode(), failed::transcript);
    assertTrue(failed.out().contains("cycle: FAILED"), failed::transcript);
    assertTrue(failed.out().contains("TEMPLATE_INVALID"), failed::transcript);

    assertRejectedByAPersonExits9();

    Run status = fogbank(Map.of(), "status", id, "-o", "json");
    assertEquals(ExitCodes.OK, status.exitCode(), status::transcript);
    assertEquals("SUCCEEDED", Json.mapper().readTree(status.out()).path("status").asText());
    Run history = fogbank(Map.of(), "history", "demo", "--output", "json");
    assertEquals(ExitCodes.OK, history.exitCode(), history::transcript);
    JsonNode items = Json.mapper().readTree(history.out()).path("items");
    assertEquals(2, items.size(), history::transcript);
    assertEquals(id, items.get(1).path("deploymentId").asText(), history::transcript);

    assertColour(id);
    assertLargeTemplateIsUploaded();
  }

  /**
   * A 60,000-byte template (over CloudFormation's inline 51,200): POST /deployments refuses it as
   * templateBody; `fogbank deploy` uploads it and deploys it by templateUrl; a drop of it still
   * deploys (drops go through S3 and take up to 1 MiB).
   */
  private void assertLargeTemplateIsUploaded() throws Exception {
    String big = QUEUE + "#" + "x".repeat(60_000 - QUEUE.length() - 2) + "\n";
    assertEquals(60_000, big.length());
    LocalRuntimeClient.Answer inline =
        runtime.client.post(
            "/deployments",
            Json.mapper().createObjectNode().put("stackName", "big").put("templateBody", big)
                .toString());
    assertEquals(413, inline.status(), String.valueOf(inline.body()));
    assertEquals("TEMPLATE_TOO_LARGE", inline.body().path("error").path("code").asText());
    assertTrue(inline.body().path("error").path("message").asText().contains("templateUrl"));

    Path file = Files.writeString(work.resolve("big.yaml"), big);
    Run deploy = fogbank(Map.of(), "deploy", "big", "-t", file.toString(), "--wait",
        "--poll-interval", "200", "-o", "json");
    assertEquals(ExitCodes.OK, deploy.exitCode(), deploy::transcript);
    JsonNode record = Json.mapper().readTree(deploy.out());
    assertEquals("SUCCEEDED", record.path("status").asText(), deploy::transcript);
    assertEquals(
        dev.fogbank.shared.digest.Sha256.hex(big), record.path("templateSha256").asText(),
        deploy::transcript);

    Path dropped = work.resolve("drop/stacks/bigdrop/template.yaml");
    Files.createDirectories(dropped.getParent());
    Files.writeString(dropped, big);
    JsonNode history = runtime.client.awaitHistory("bigdrop", 1, java.time.Duration.ofSeconds(30));
    JsonNode drop =
        runtime.client.awaitStatus(
            history.path("items").get(0).path("deploymentId").asText(),
            java.util.Set.of("SUCCEEDED", "FAILED", "REJECTED"),
            java.time.Duration.ofSeconds(30));
    assertEquals("SUCCEEDED", drop.path("status").asText(), drop::toString);
  }

  /** --approval always, then `fogbank reject` from another launcher while the first waits. */
  private void assertRejectedByAPersonExits9() throws Exception {
    Path handle = Files.writeString(work.resolve("handle.yaml"), HANDLE);
    Process deploy =
        launcher(Map.of(), "deploy", "gated", "-t", handle.toString(), "--approval", "always",
                "--wait", "--poll-interval", "200", "--timeout", "90s")
            .start();
    StringBuilder out = new StringBuilder();
    String id = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(deploy.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        out.append(line).append('\n');
        if (id == null && line.endsWith("AWAITING_APPROVAL")) {
          Matcher m = DEPLOYMENT_ID.matcher(line);
          assertTrue(m.find(), line);
          id = m.group(1);
          Run reject = fogbank(Map.of(), "reject", id, "--reason", "not today");
          assertEquals(ExitCodes.OK, reject.exitCode(), reject::transcript);
        }
      }
    }
    assertTrue(deploy.waitFor(60, TimeUnit.SECONDS), "deploy --wait did not end:\n" + out);
    String transcript = "stdout:\n" + out;
    assertTrue(id != null, "never AWAITING_APPROVAL\n" + transcript);
    assertEquals(ExitCodes.DEPLOYMENT_REJECTED, deploy.exitValue(), transcript);
    assertTrue(out.toString().contains("gated: CANCELLED"), transcript);
    assertTrue(out.toString().contains("not today"), transcript);
  }

  /** Colour: off into a pipe unless forced; NO_COLOR and --color never win over nothing. */
  private void assertColour(String id) throws Exception {
    Run plain = fogbank(Map.of(), "status", id);
    Run noColor = fogbank(Map.of("NO_COLOR", "1"), "status", id, "--color", "auto");
    Run never = fogbank(Map.of("CLICOLOR_FORCE", "1"), "status", id, "--color", "never");
    Run always = fogbank(Map.of("NO_COLOR", "1"), "status", id, "--color", "always");
    Run forced = fogbank(Map.of("CLICOLOR_FORCE", "1"), "status", id);
    for (Run r : List.of(plain, noColor, never, always, forced)) {
      assertEquals(ExitCodes.OK, r.exitCode(), r::transcript);
      assertTrue(r.out().contains("SUCCEEDED"), r::transcript);
    }
    assertFalse(plain.out().contains(ESC), plain::transcript);
    assertFalse(noColor.out().contains(ESC), noColor::transcript);
    assertFalse(never.out().contains(ESC), never::transcript);
    assertTrue(always.out().contains(ESC + "32mSUCCEEDED" + ESC + "0m"), always::transcript);
    assertTrue(forced.out().contains(ESC + "32mSUCCEEDED"), forced::transcript);
    Run json = fogbank(Map.of("CLICOLOR_FORCE", "1"), "status", id, "-o", "json", "--color",
        "always");
    assertFalse(json.out().contains(ESC), json::transcript);
    assertEquals(id, Json.mapper().readTree(json.out()).path("deploymentId").asText());
  }

  private ProcessBuilder launcher(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> e = builder.environment();
    // Only what this test sets: the developer's own colour settings and profiles stay out.
    e.remove("NO_COLOR");
    e.remove("CLICOLOR_FORCE");
    e.remove("FOGBANK_PROFILE");
    e.put("FOGBANK_SKIP_BUILD", "1");
    e.put(ProfileFile.CONFIG_VARIABLE, work.resolve("no-config.yaml").toString());
    e.put("FOGBANK_ENDPOINT", runtime.client.base().toString());
    e.put("FOGBANK_TOKEN", LocalRuntimeProcess.TOKEN);
    e.putAll(env);
    return builder;
  }

  private Run fogbank(Map<String, String> env, String... args) throws Exception {
    Path err = Files.createTempFile(work, "stderr-", ".txt");
    Process p = launcher(env, args).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("fogbank " + String.join(" ", args) + " did not end in 60 s\n" + out);
    }
    return new Run(p.exitValue(), out, Files.readString(err));
  }

  private static String id(Run run) {
    Matcher m = DEPLOYMENT_ID.matcher(run.out());
    assertTrue(m.find(), run::transcript);
    return m.group(1);
  }
}
