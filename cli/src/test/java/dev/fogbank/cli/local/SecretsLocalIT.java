package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.SlackAction;
import dev.fogbank.shared.notify.SlackActionTest;
import dev.fogbank.shared.notify.SlackSignature;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leak: after a local run that used the API token, the Slack webhook URL and the
 * Slack signing secret (a success, a failure, refused requests, Slack button presses signed with
 * the secret, a forged one and a stale one), none appears in the logs, in any answer of the API, in
 * error messages, nor anywhere in the data dir (the history table's files, the execution journal)
 * but the signing secret's own file, where the operator put it.
 */
@ExtendWith(AwsEndpointExtension.class)
class SecretsLocalIT {
  static final String TOKEN = "fbtok-7c1e0b5d9a2f4e63-secret";
  static final String SIGNING_SECRET = "5c0e9d7a1b3f4e2d8c6a0b9f7e5d3c1a";
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED");
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "the API token, the webhook URL and the Slack signing secret appear in no log, answer, error"
          + " or stored item")
  void localRun_whenTokenWebhookAndSigningSecretUsed_thenNoneLeaks(AwsEndpoint aws)
      throws Exception {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    List<String> answers = new ArrayList<>();
    String webhookSecret;
    Path dataDir = tmp.resolve("data");
    Path dropDir = tmp.resolve("drop");
    Files.createDirectories(dataDir);
    Path signingSecretFile = dataDir.resolve(LocalSigningSecret.FILE_NAME);
    Files.writeString(signingSecretFile, SIGNING_SECRET + "\n");
    try (SlackWebhookStub slack = new SlackWebhookStub()) {
      URI webhook = slack.url();
      webhookSecret = webhook.getPath(); // the part of a webhook URL that is the credential
      System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(new Tee(originalOut, logs), true, StandardCharsets.UTF_8));
      LocalConfig config =
          new LocalConfig(
              0, dropDir, dataDir, aws.endpoint().toString(), aws.region(), webhook, TOKEN,
              "123456789012", DeploymentOptions.defaults().withPolls(1, 1), 50, 1_000);
      try (LocalControlPlane plane = new LocalControlPlane(config)) {
        URI base = plane.start();
        LocalRuntimeClient client = new LocalRuntimeClient(base, TOKEN);
        String ok =
            deploy(client, answers, "secret-ok", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
        String bad =
            deploy(client, answers, "secret-bad", "Resources:\n  B:\n    Type: AWS::S3::Nope\n");
        for (String id : List.of(ok, bad)) {
          answers.add(client.awaitStatus(id, ENDED, WAIT).toString());
          answers.add(client.get("/deployments/" + id).body().toString());
        }
        answers.add(String.valueOf(client.get("/stacks/secret-ok/deployments").body()));
        answers.add(String.valueOf(client.get("/stacks/secret-ok/lock").body()));
        answers.add(String.valueOf(client.getWithoutToken("/deployments/" + ok).body()));
        answers.add(String.valueOf(client.post("/deployments", "{\"stackName\":").body()));
        // A token one character off: refused, and the answer must not echo what was sent.
        answers.add(
            String.valueOf(
                new LocalRuntimeClient(base, TOKEN + "x").get("/deployments/" + ok).body()));
        // Slack button presses: signed with the secret (verified, then refused: this Slack user
        // has no grant), forged with another secret, and signed but stale.
        String press =
            SlackActionTest.form(SlackActionTest.payload(SlackAction.APPROVE, ok, "T0FOG", "U0EVE"));
        String now = String.valueOf(Instant.now().getEpochSecond());
        String stale = String.valueOf(Instant.now().minusSeconds(3_600).getEpochSecond());
        int verified = slackPress(base, answers, press, now, SIGNING_SECRET);
        assertTrue(verified != 401, "the signed press passed the signature check: " + verified);
        assertEquals(401, slackPress(base, answers, press, now, SIGNING_SECRET + "x"));
        assertEquals(401, slackPress(base, answers, press, stale, SIGNING_SECRET));
        slack.awaitTexts(t -> t.size() >= 4, WAIT);
      }
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String log = logs.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("deployment_succeeded"), "the run was logged: " + log.length());
    Map<String, String> secrets =
        Map.of(
            "API token", TOKEN,
            "webhook URL", webhookSecret,
            "Slack signing secret", SIGNING_SECRET);
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      assertFalse(log.contains(secret.getValue()), secret.getKey() + " in the logs");
      for (String answer : answers) {
        assertFalse(answer.contains(secret.getValue()), secret.getKey() + " in " + answer);
      }
      for (Path file : files(dataDir)) {
        if (file.equals(signingSecretFile)) {
          continue; // where the operator keeps it
        }
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(secret.getValue()), secret.getKey() + " stored in " + file);
      }
    }
    assertTrue(files(dataDir).stream().anyMatch(f -> f.toString().contains("dynamodb")));
  }

  /** A Slack button press signed with {@code secret}; its answer is kept, its status returned. */
  private static int slackPress(
      URI base, List<String> answers, String body, String timestamp, String secret)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/slack/actions"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(SlackSignature.TIMESTAMP_HEADER, timestamp)
            .header(
                SlackSignature.SIGNATURE_HEADER,
                SlackSignature.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8)))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      answers.add(response.body());
      answers.add(response.headers().map().toString());
      return response.statusCode();
    }
  }

  private static String deploy(
      LocalRuntimeClient client, List<String> answers, String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    answers.add(String.valueOf(a.body()));
    assertEquals(202, a.status(), () -> String.valueOf(a.body()));
    return a.body().path("deploymentId").asText();
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  /** Writes to the console and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream console;
    private final OutputStream copy;

    Tee(OutputStream console, OutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      console.write(b);
      copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      console.write(b, off, len);
      copy.write(b, off, len);
    }
  }
}
