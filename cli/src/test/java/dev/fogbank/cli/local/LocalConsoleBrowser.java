package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.By;

/**
 * The local control plane (on the tests' emulator) with a headless Chromium pointed at it: what a
 * browser test class starts once, in {@code @BeforeAll}, and closes in {@code @AfterAll}. Tests of
 * one class share both, so each uses stack names of its own. The emulator is not reset between
 * them (the plane's buckets live there).
 */
final class LocalConsoleBrowser implements AutoCloseable {
  static final String TOKEN = "test-token-console";

  /** A second local token (data/tokens.json) that may only read every stack. */
  static final String VIEWER_TOKEN = "test-viewer-token-console";

  /**
   * Where screenshots go: docs/console/ (shown in README's console section) only with {@code
   * FOGBANK_SCREENSHOTS=update}, else the build's target/console-screenshots/, so a test run does
   * not rewrite committed PNGs.
   */
  static final Path SCREENSHOTS =
      "update".equals(System.getenv("FOGBANK_SCREENSHOTS"))
          ? projectRoot().resolve("docs/console")
          : Path.of("target", "console-screenshots").toAbsolutePath();

  final HeadlessChromium chromium;
  final LocalRuntimeClient api;
  private final LocalControlPlane plane;
  private final URI base;

  /** The webhook of notification channel "flaky" (secret id "flaky"): down answers 404. */
  static volatile boolean flakyUp = true;

  private static com.sun.net.httpserver.HttpServer webhook;

  private LocalConsoleBrowser(HeadlessChromium chromium, LocalControlPlane plane, URI base) {
    this.chromium = chromium;
    this.plane = plane;
    this.base = base;
    this.api = new LocalRuntimeClient(base, TOKEN);
  }

  /** Starts Chromium first (a missing browser skips before anything else starts), then the plane. */
  static LocalConsoleBrowser start(Path dir) throws IOException {
    HeadlessChromium chromium = HeadlessChromium.start();
    try {
      AwsEndpoint aws = AwsEndpointExtension.endpoint();
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          dir.resolve("data").resolve(LocalTokens.FILE_NAME),
          """
          {"tokens": [{"principal": "viewer", "token": "%s", "stacks": ["*"], "actions": ["read"]}]}
          """
              .formatted(VIEWER_TOKEN));
      webhook =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      webhook.createContext("/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        byte[] answer = (flakyUp ? "ok" : "no_service").getBytes(
            java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(flakyUp ? 200 : 404, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
      });
      webhook.start();
      Files.writeString(
          dir.resolve("data").resolve(LocalWebhookUrls.FILE_NAME),
          "flaky=http://127.0.0.1:" + webhook.getAddress().getPort() + "/flaky\n");
      LocalConfig config =
          new LocalConfig(
              0,
              dir.resolve("drop"),
              dir.resolve("data"),
              aws.endpoint().toString(),
              aws.region(),
              null,
              TOKEN,
              "123456789012",
              DeploymentOptions.defaults().withPolls(1, 1),
              50,
              1_000);
      LocalControlPlane plane = new LocalControlPlane(config);
      try {
        return new LocalConsoleBrowser(chromium, plane, plane.start());
      } catch (IOException | RuntimeException e) {
        plane.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      chromium.close();
      throw e;
    }
  }

  URI url(String path) {
    return base.resolve(path);
  }

  /** Opens {@code path} in the browser. */
  void open(String path) {
    chromium.open(url(path));
  }

  /** Logs in on the login page with {@code token}, as a person would, and lands on the stacks. */
  void logIn(String token) {
    open("/console/login");
    chromium.visible(By.id("token")).sendKeys(token);
    chromium.visible(By.id("login-submit")).click();
    chromium.until(d -> d.getCurrentUrl().endsWith("/console/stacks"));
    chromium.visible(By.id("stacks"));
  }

  /** POST /deployments through the API (approval null: the default policy); returns its id. */
  String deploy(
      String stack,
      String template,
      Map<String, String> parameters,
      Map<String, String> tags,
      String approval) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    if (!parameters.isEmpty()) {
      ObjectNode p = body.putObject("parameters");
      parameters.forEach(p::put);
    }
    if (!tags.isEmpty()) {
      ObjectNode t = body.putObject("tags");
      tags.forEach(t::put);
    }
    if (approval != null) {
      body.putObject("options").put("approval", approval);
    }
    LocalRuntimeClient.Answer a = api.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  String deploy(String stack, String template) {
    return deploy(stack, template, Map.of(), Map.of(), null);
  }

  /** Saves what the browser shows as {name}.png in {@link #SCREENSHOTS}. */
  Path screenshot(String name) {
    return chromium.screenshot(SCREENSHOTS, name);
  }

  @Override
  public void close() {
    try {
      chromium.close();
    } finally {
      plane.close();
      if (webhook != null) {
        webhook.stop(0);
      }
    }
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs/api"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/api folder above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
