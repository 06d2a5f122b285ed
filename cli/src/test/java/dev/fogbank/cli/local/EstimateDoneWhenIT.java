package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.Prerequisite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "done when", tried as a new user would, with recorded us-east-1 Price List answers
 * ({@link PriceListServer}) as the pricing endpoint: {@code fogbank estimate} through the launcher
 * people run prints the per-resource breakdown and totals; {@code fogbank local} (a process of its
 * own, on the emulator) reviews an update that adds an RDS instance with its monthly delta, in
 * {@code GET /deployments/{id}}, in {@code fogbank status} and in the Slack message.
 */
@ExtendWith(AwsEndpointExtension.class)
class EstimateDoneWhenIT {
  private static final String TOKEN = "done-when-token";
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** 100 GB of gp3: 100 × $0.08 = $8.00 a month. */
  private static final String VOLUME =
      """
      Resources:
        Data:
          Type: AWS::EC2::Volume
          Properties:
            AvailabilityZone: us-east-1a
            Size: 100
            VolumeType: gp3
      """;

  /** db.t3.micro MySQL with 20 GB: 0.017 × 730 + 20 × 0.115 = $14.71 a month more. */
  private static final String VOLUME_AND_DATABASE =
      VOLUME
          + """
            Orders:
              Type: AWS::RDS::DBInstance
              Properties:
                DBInstanceClass: db.t3.micro
                Engine: mysql
                AllocatedStorage: "20"
                StorageEncrypted: true
                MasterUsername: admin
                ManageMasterUserPassword: true
          """;

  @TempDir Path tmp;
  private PriceListServer prices;

  @BeforeEach
  void startPrices() {
    prices = PriceListServer.start();
  }

  @AfterEach
  void stopPrices() {
    prices.close();
  }

  @Test
  @DisplayName(
      "scripts/fogbank estimate: NAT gateway, two m5.large and 100 GB gp3 priced per resource,"
          + " by service and in total at the recorded us-east-1 prices")
  void estimate_throughTheLauncher_thenBreakdownAndTotalsMatchTheRecordedPrices()
      throws Exception {
    Prerequisite.require(
        System.getenv("FOGBANK_TEST_LAUNCHER") != null,
        "FOGBANK_TEST_LAUNCHER is not set (scripts/test sets it): scripts/fogbank was NOT run");
    Path template = tmp.resolve("template.yaml");
    try (InputStream in = getClass().getResourceAsStream("/estimate/done-when.yaml")) {
      Files.write(template, in.readAllBytes());
    }
    Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/fogbank");
    ProcessBuilder builder =
        new ProcessBuilder(
                script.toString(),
                "estimate",
                template.toString(),
                "--pricing-endpoint",
                prices.endpoint().toString(),
                "--data-dir",
                tmp.resolve("data").toString())
            .redirectError(tmp.resolve("estimate-stderr.txt").toFile());
    // Maven has just built cli/target: the launcher's own build step would run Maven in Maven.
    builder.environment().put("FOGBANK_SKIP_BUILD", "1");

    Outcome run = run(builder, "estimate-stderr.txt");

    assertEquals(0, run.exit(), run.transcript());
    String out = run.out();
    // 0.045 × 730; 0.096 × 730 each; 100 GB × 0.08; annual = 12 × monthly.
    assertTrue(row(out, "NatGateway", "AWS::EC2::NatGateway", "32.85", "394.20"), out);
    assertTrue(row(out, "WebA", "AWS::EC2::Instance", "70.08", "840.96"), out);
    assertTrue(row(out, "WebB", "AWS::EC2::Instance", "70.08", "840.96"), out);
    assertTrue(row(out, "Data", "AWS::EC2::Volume", "8.00", "96.00"), out);
    // (The × between quantity and price depends on the terminal's encoding: not compared.)
    assertTrue(out.matches("(?s).*730 Hrs . \\$0\\.096 = \\$70\\.08.*"), out);
    assertTrue(out.matches("(?s).*100 GB-Mo . \\$0\\.08 = \\$8\\.00.*"), out);
    assertTrue(out.matches("(?s).*TOTAL\\s+181\\.01\\s+2,172\\.12.*"), out);
    assertTrue(out.matches("(?s).*By service.*EC2\\s+181\\.01\\s+2,172\\.12.*"), out);
    assertTrue(out.contains("Coverage: 4 priced, 0 usage-based"), out);
  }

  @Test
  @DisplayName(
      "fogbank local: an update adding an RDS instance shows +$14.71/month in GET"
          + " /deployments/{id}, in fogbank status and in the Slack message")
  void update_whenItAddsAnRdsInstance_thenItsMonthlyDeltaInTheReviewStatusAndSlack(
      AwsEndpoint aws) throws Exception {
    try (SlackWebhookStub slack = new SlackWebhookStub();
        LocalProcess local = LocalProcess.start(tmp, aws, prices.endpoint(), slack.url())) {
      LocalRuntimeClient client = new LocalRuntimeClient(local.url(), TOKEN);
      String stack = "shop";
      JsonNode first = client.awaitStatus(deploy(client, stack, VOLUME), ENDED, WAIT);
      assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);

      String id = deploy(client, stack, VOLUME_AND_DATABASE);
      JsonNode done = client.awaitStatus(id, ENDED, WAIT);

      // The review ran (the emulator may still fail to create the instance: not what is tried).
      assertTrue(done.has("riskLevel"), done::toString);
      JsonNode cost = done.path("costEstimate");
      assertTrue(cost.path("unavailable").isMissingNode() || cost.path("unavailable").isNull(),
          cost::toString);
      assertEquals(0, new BigDecimal("22.71").compareTo(cost.path("monthly").decimalValue()));
      assertEquals(0, new BigDecimal("14.71").compareTo(cost.path("deltaMonthly").decimalValue()));
      assertEquals(0, new BigDecimal("183.9").compareTo(cost.path("deltaPercent").decimalValue()));
      JsonNode orders = cost.path("resources").get(0);
      assertEquals("Orders", orders.path("logicalId").asText(), cost::toString);
      assertEquals(0, new BigDecimal("14.71").compareTo(orders.path("monthlyAfter").decimalValue()));

      String line = "$22.71/month ($272.52/year), +$14.71/month (+183.9%)";
      Outcome status = local.cli("status", id, "--endpoint", local.url().toString(), "--token",
          TOKEN);
      assertEquals(0, status.exit(), status.transcript());
      assertTrue(status.out().contains("cost        " + line + "\n"), status.transcript());

      // The outcome's message (deployed, or failed) carries the review with its cost line.
      slack.awaitTexts(
          t ->
              slack.messages().stream()
                  .anyMatch(m -> m.toString().contains(id) && m.toString().contains("*Cost*")),
          WAIT);
      JsonNode message =
          slack.messages().stream()
              .filter(m -> m.toString().contains(id))
              .filter(m -> m.toString().contains("*Cost*"))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no Slack message for " + id + ": " + slack.texts()));
      assertTrue(message.toString().contains("*Cost* " + line), message::toString);
    }
  }

  private static final java.util.Set<String> ENDED =
      java.util.Set.of("SUCCEEDED", "NO_CHANGES", "FAILED", "CANCELLED", "REJECTED");

  private static String deploy(LocalRuntimeClient client, String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  /** A row of the estimate table: logical id, type, monthly and annual, space-separated. */
  private static boolean row(String out, String id, String type, String monthly, String annual) {
    return out.lines()
        .anyMatch(
            l -> l.matches(
                "\\Q" + id + "\\E\\s+\\Q" + type + "\\E\\s+\\Q" + monthly + "\\E\\s+\\Q" + annual
                    + "\\E\\s*"));
  }

  record Outcome(int exit, String out, String err) {
    String transcript() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private Outcome run(ProcessBuilder builder, String stderrName) throws Exception {
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String err = Files.readString(tmp.resolve(stderrName));
    assertTrue(finished, "did not finish in 120 s\n" + out + "\n" + err);
    return new Outcome(process.exitValue(), out, err);
  }

  /** {@code fogbank local} as its own JVM, told its pricing endpoint by the environment. */
  private static final class LocalProcess implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path tmp;

    private LocalProcess(Process process, URI url, Path tmp) {
      this.process = process;
      this.url = url;
      this.tmp = tmp;
    }

    static LocalProcess start(Path tmp, AwsEndpoint aws, URI pricing, URI slack)
        throws IOException {
      ProcessBuilder builder =
          java(
                  tmp,
                  "local",
                  "--port",
                  "0",
                  "--aws-endpoint",
                  aws.endpoint().toString(),
                  "--region",
                  aws.region(),
                  "--data-dir",
                  tmp.resolve("data").toString(),
                  "--drop-dir",
                  tmp.resolve("drop").toString(),
                  "--token",
                  TOKEN,
                  "--slack-webhook",
                  slack.toString())
              .redirectError(tmp.resolve("local-stderr.txt").toFile());
      builder.environment().put("FOGBANK_PRICING_ENDPOINT", pricing.toString());
      Process p = builder.start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      if (first == null || !first.startsWith("fogbank local ready: ")) {
        p.destroyForcibly();
        throw new AssertionError(
            "fogbank local did not start: " + first + "\n"
                + Files.readString(tmp.resolve("local-stderr.txt")));
      }
      return new LocalProcess(
          p, URI.create(first.substring("fogbank local ready: ".length())), tmp);
    }

    URI url() {
      return url;
    }

    /** The CLI as its own JVM (as the launcher runs it), reading this control plane's API. */
    Outcome cli(String... args) throws Exception {
      ProcessBuilder builder = java(tmp, args).redirectError(tmp.resolve("cli-stderr.txt").toFile());
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean finished = p.waitFor(120, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly();
      }
      return new Outcome(
          finished ? p.exitValue() : -1, out, Files.readString(tmp.resolve("cli-stderr.txt")));
    }

    private static ProcessBuilder java(Path tmp, String... args) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("dev.fogbank.cli.FogbankCli");
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command);
      // The CLI profile fogbank local writes for itself goes here, not into ~/.config.
      builder.environment().put(ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString());
      return builder;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
