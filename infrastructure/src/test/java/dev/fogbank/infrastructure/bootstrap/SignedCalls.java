package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4-signed calls to AWS APIs whose SDK clients this module does not depend on (Lambda, IAM,
 * EventBridge, CloudWatch Logs, SQS), made with the SDK's own signer and the services' documented
 * wire protocols, so that tests can check what the emulator really created.
 */
final class SignedCalls {

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private final URI endpoint;
  private final String region;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SignedCalls(URI endpoint, String region) {
    this.endpoint = endpoint;
    this.region = region;
  }

  /** Lambda's REST API: GET a path such as /2015-03-31/functions/NAME. */
  Answer lambdaGet(String path) {
    return send("lambda", SdkHttpMethod.GET, path, Map.of(), null);
  }

  /** IAM's query API, e.g. GetRole with RoleName. */
  Answer iam(String action, Map<String, String> parameters) {
    return query("iam", "2010-05-08", action, parameters);
  }

  /** A query-protocol API (form-encoded POST), e.g. SQS GetQueueAttributes. */
  Answer query(String service, String version, String action, Map<String, String> parameters) {
    String form =
        "Action="
            + action
            + "&Version="
            + version
            + parameters.entrySet().stream()
                .map(
                    e ->
                        "&"
                            + e.getKey()
                            + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
    return send(
        service,
        SdkHttpMethod.POST,
        "/",
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        form);
  }

  /** A JSON 1.1 API (EventBridge "AWSEvents", CloudWatch Logs "Logs_20140328"). */
  Answer json(String service, String target, String body) {
    return send(
        service,
        SdkHttpMethod.POST,
        "/",
        Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", target),
        body);
  }

  private Answer send(
      String service, SdkHttpMethod method, String path, Map<String, String> headers, String body) {
    URI uri = endpoint.resolve(path);
    SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().method(method).uri(uri);
    headers.forEach(unsigned::putHeader);
    ContentStreamProvider payload =
        body == null ? null : ContentStreamProvider.fromUtf8String(body);
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(AwsCredentialsIdentity.create("test", "test"))
                      .request(unsigned.build())
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region);
                  if (payload != null) {
                    r.payload(payload);
                  }
                })
            .request();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(
                method.name(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    signed
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
              }
            });
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError(service + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
