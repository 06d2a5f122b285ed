package dev.fogbank.shared.testing;

import dev.fogbank.emulator.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests an {@link AwsEndpoint} parameter (constructor, lifecycle or test method),
 * chosen once per JVM:
 *
 * <ol>
 *   <li>{@code FOGBANK_TEST_AWS_ENDPOINT} (region {@code FOGBANK_TEST_AWS_REGION}, default
 *       us-east-1) if set;
 *   <li>else LocalStack through Testcontainers when a Docker engine answers;
 *   <li>else {@code moto_server}, started once and stopped at JVM exit.
 * </ol>
 *
 * <p>A moto endpoint is reset before each test. With none available the test fails (it is not
 * skipped: a green build that ran no integration test proves nothing) saying how to get one.
 */
public final class AwsEndpointExtension implements ParameterResolver, BeforeEachCallback {

  public static final String ENDPOINT_VARIABLE = "FOGBANK_TEST_AWS_ENDPOINT";
  public static final String REGION_VARIABLE = "FOGBANK_TEST_AWS_REGION";
  static final String DEFAULT_REGION = "us-east-1";

  private static AwsEndpoint endpoint;
  private static RuntimeException unavailable;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == AwsEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    try {
      return endpoint();
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    AwsEndpoint current = endpoint();
    if (current.kind() == AwsEndpoint.Kind.MOTO) {
      current.reset();
    }
  }

  /** The JVM's endpoint, started on first use; the same failure is reported on every use. */
  public static synchronized AwsEndpoint endpoint() {
    if (endpoint != null) {
      return endpoint;
    }
    if (unavailable != null) {
      throw unavailable;
    }
    try {
      endpoint = choose();
      return endpoint;
    } catch (RuntimeException e) {
      unavailable = e;
      throw e;
    }
  }

  private static AwsEndpoint choose() {
    String region = System.getenv().getOrDefault(REGION_VARIABLE, DEFAULT_REGION);
    String configured = System.getenv(ENDPOINT_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return external(URI.create(configured.strip()), region);
    }
    if (LocalStackEndpoint.dockerAvailable()) {
      return LocalStackEndpoint.start();
    }
    if (MotoServer.isAvailable()) {
      MotoServer server;
      try {
        server = MotoServer.start();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "no AWS endpoint for integration tests: moto_server did not start: "
                + e.getMessage()
                + howToGetOne(),
            e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "moto-server-stop"));
      return new AwsEndpoint(server.endpoint(), region, AwsEndpoint.Kind.MOTO, server::reset);
    }
    throw new IllegalStateException("no AWS endpoint for integration tests." + howToGetOne());
  }

  /** An endpoint someone else runs; if it is a moto_server, it can still be reset. */
  private static AwsEndpoint external(URI uri, String region) {
    URI reset = uri.resolve("/moto-api/reset");
    if (answers(uri.resolve("/moto-api/"))) {
      return new AwsEndpoint(uri, region, AwsEndpoint.Kind.MOTO, () -> post(reset));
    }
    return new AwsEndpoint(uri, region, AwsEndpoint.Kind.EXTERNAL, () -> {});
  }

  private static String howToGetOne() {
    return " Get one of: moto (pip install 'moto[server]', then moto_server on PATH or "
        + MotoServer.COMMAND_VARIABLE
        + "=/path/to/moto_server); "
        + ENDPOINT_VARIABLE
        + "=http://host:port of a running emulator; or a running Docker engine (LocalStack via"
        + " Testcontainers).";
  }

  private static boolean answers(URI uri) {
    try {
      HttpResponse<Void> response =
          http()
              .send(
                  HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void post(URI uri) {
    try {
      HttpResponse<Void> response =
          http()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(10))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("reset " + uri + " answered HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("reset " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted resetting " + uri, e);
    }
  }

  private static HttpClient http() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }
}
