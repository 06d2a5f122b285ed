package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.cli.local.ContractCases.Answer;
import dev.fogbank.cli.local.ContractCases.Case;
import dev.fogbank.cli.local.ContractCases.Request;
import dev.fogbank.cli.local.ContractCases.Router;
import dev.fogbank.cli.local.ContractCases.Run;
import dev.fogbank.cli.local.ContractCases.Who;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.OpenApiContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract, end to end: every case of {@link ContractCases} through the Lambda handler
 * (API Gateway payload-v2 events, the caller's ARN where IAM auth puts it) and over HTTP through
 * {@code LocalApiServer} (bearer tokens), one control plane on DynamoDB Local and moto behind
 * both; every answer's status and body must be what {@code docs/api/openapi.yaml} documents for
 * the operation.
 */
@ExtendWith(AwsEndpointExtension.class)
class ApiContractIT {
  private static final String ADMIN_TOKEN = "contract-admin-token";
  private static final String READER_TOKEN = "contract-reader-token";
  private static final String READER = "reader";

  @TempDir static Path tmp;
  private static LocalControlPlane plane;
  private static URI base;
  private static HttpServer webhook;
  private static volatile boolean flakyUp = true;

  @BeforeAll
  static void start(AwsEndpoint endpoint) throws IOException {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    // A reader of other-* stacks only: every stack of the cases is outside its grants.
    // The Slack user of the slackAction cases may approve anywhere (its token is never sent).
    Files.writeString(
        data.resolve(LocalTokens.FILE_NAME),
        "{\"tokens\": [{\"principal\": \"" + READER + "\", \"token\": \"" + READER_TOKEN
            + "\", \"stacks\": [\"other-*\"], \"actions\": [\"read\"]},"
            + " {\"principal\": \"slack:" + ContractCases.SLACK_TEAM + "/"
            + ContractCases.SLACK_USER + "\", \"token\": \"contract-slack-unused-token\","
            + " \"stacks\": [\"*\"], \"actions\": [\"approve\"]}]}");
    Files.writeString(data.resolve(LocalSigningSecret.FILE_NAME), ContractCases.SLACK_SECRET);
    // Webhooks of the notification cases: "contract" always answers 200, "flaky" as switched.
    webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      boolean up = !exchange.getRequestURI().getPath().equals("/flaky") || flakyUp;
      byte[] answer = (up ? "ok" : "no_service").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(up ? 200 : 404, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    webhook.start();
    String hooks = "http://127.0.0.1:" + webhook.getAddress().getPort();
    Files.writeString(
        data.resolve(LocalWebhookUrls.FILE_NAME),
        "contract=" + hooks + "/ok\nflaky=" + hooks + "/flaky\n");
    plane =
        new LocalControlPlane(
            new LocalConfig(
                0,
                tmp.resolve("drop"),
                data,
                endpoint.endpoint().toString(),
                endpoint.region(),
                null,
                ADMIN_TOKEN,
                "123456789012",
                DeploymentOptions.defaults().withPolls(1, 1),
                50,
                1_000));
    base = plane.start();
  }

  /**
   * The extension resets the emulator before each test, after the plane made its buckets at
   * start: make the artifacts bucket again, where the upload cases PUT a template.
   */
  @org.junit.jupiter.api.BeforeEach
  void artifactsBucket(AwsEndpoint endpoint) {
    try (var aws =
        dev.fogbank.shared.aws.AwsClientFactory.create(
            new dev.fogbank.shared.aws.AwsSettings(
                endpoint.region(), java.util.Optional.of(endpoint.endpoint())))) {
      aws.s3().createBucket(b -> b.bucket(dev.fogbank.infrastructure.ControlPlaneNames
          .LOCAL_ARTIFACTS_BUCKET));
    } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
      // Not reset (an emulator other than moto): it is still there.
    }
  }

  @AfterAll
  static void stop() {
    if (plane != null) {
      plane.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  @Test
  void everyCase_throughTheLambdaHandler_answersAsDocumented() {
    run("lambda", this::lambda);
  }

  @Test
  void everyCase_overTheLocalServer_answersAsDocumented() {
    run("http", this::http);
  }

  private void run(String prefix, Router router) {
    OpenApiContract contract = OpenApiContract.project();
    Run run = new Run("contract-" + prefix, router, up -> flakyUp = up);
    List<String> failures = new ArrayList<>();
    Set<String> exercised = new TreeSet<>();
    for (Case c : ContractCases.all()) {
      c.before().accept(run);
      Request request = c.request().apply(run);
      Answer answer = router.send(request);
      String where = prefix + " " + c + " (" + request.method() + " " + request.path() + ")";
      if (answer.status() != c.status()) {
        failures.add(where + ": answered " + answer.status() + " " + answer.body());
        continue;
      }
      c.after().accept(run, answer);
      List<String> problems =
          contract.problems(c.operationId(), answer.status(), answer.contentType(), answer.body());
      if (!problems.isEmpty()) {
        failures.add(where + ": " + problems + "\n    body: " + answer.body());
        continue;
      }
      exercised.add(c.operationId());
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers off the contract:\n"
        + String.join("\n", failures));
    assertEquals(contract.operations().keySet(), exercised, "operations exercised");
  }

  /** The request as API Gateway (HTTP API, payload 2.0, IAM auth) hands it to the function. */
  private Answer lambda(Request request) {
    String path = request.path();
    String raw = null;
    int q = path.indexOf('?');
    if (q >= 0) {
      raw = path.substring(q + 1);
      path = path.substring(0, q);
    }
    String principal =
        switch (request.who()) {
          case ADMIN -> LocalTokens.ADMIN_PRINCIPAL;
          case READER -> READER;
          case NOBODY -> null;
        };
    APIGatewayV2HTTPEvent event =
        LocalApiServer.gatewayEvent(
            request.method(), path, raw, request.headers(), request.body(), principal,
            "198.51.100.7");
    APIGatewayV2HTTPResponse response = plane.apiHandler().handleRequest(event, null);
    return new Answer(
        response.getStatusCode(),
        response.getHeaders() == null ? null : response.getHeaders().get("content-type"),
        response.getBody());
  }

  private Answer http(Request request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + request.path()))
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    switch (request.who()) {
      case ADMIN -> builder.header("Authorization", "Bearer " + ADMIN_TOKEN);
      case READER -> builder.header("Authorization", "Bearer " + READER_TOKEN);
      case NOBODY -> {}
    }
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
