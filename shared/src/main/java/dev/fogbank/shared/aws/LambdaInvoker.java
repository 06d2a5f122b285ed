package dev.fogbank.shared.aws;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Lambda's {@code Invoke}, as one SigV4-signed HTTPS request on the factory's HTTP client and
 * credentials: {@link #invoke} queues it ({@code InvocationType: Event}, answered 202 at once),
 * {@link #call} waits for the function's answer ({@code RequestResponse}). Not the Lambda SDK
 * module: it would add about 3 MB to the api artifact, which has no room for it
 * (docs/benchmarks.md), for one call whose request and answer are this simple.
 */
public final class LambdaInvoker {
  /** Lambda's limit on an asynchronous invocation's payload. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  /** Lambda's limit on a synchronous invocation's answer (6 MB). */
  static final int MAX_ANSWER_BYTES = 6 * 1024 * 1024;

  private final AwsClientFactory aws;

  public LambdaInvoker(AwsClientFactory aws) {
    this.aws = Objects.requireNonNull(aws, "aws");
  }

  /**
   * Queues one invocation of {@code function} (name or ARN) with {@code payload} (JSON).
   *
   * @throws DeploymentException {@code refused} when Lambda refuses (no lambda:InvokeFunction, no
   *     such function), AWS_UNAVAILABLE when it cannot be reached or answers 5xx or 429
   */
  public void invoke(String function, String payload, ErrorCode refused) {
    send(function, payload, "Event", refused, 300);
  }

  /**
   * Runs {@code function} with {@code payload} (JSON) and returns what it returned (JSON).
   *
   * @throws DeploymentException {@code refused} when Lambda refuses; INTERNAL when the function
   *     itself failed (an unhandled error, a timeout: Lambda's {@code X-Amz-Function-Error}),
   *     naming its error; AWS_UNAVAILABLE when Lambda cannot be reached or answers 5xx or 429
   */
  public String call(String function, String payload, ErrorCode refused) {
    return send(function, payload, "RequestResponse", refused, MAX_ANSWER_BYTES);
  }

  private String send(
      String function, String payload, String invocationType, ErrorCode refused, int readLimit) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    if (body.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload is over " + MAX_PAYLOAD_BYTES + " bytes");
    }
    String region = aws.settings().region();
    URI base =
        aws.settings().endpoint().orElse(URI.create("https://lambda." + region + ".amazonaws.com"));
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(
                base.resolve(
                    "/2015-03-31/functions/"
                        + URLEncoder.encode(function, StandardCharsets.UTF_8)
                        + "/invocations"))
            .putHeader("X-Amz-Invocation-Type", invocationType)
            .putHeader("Content-Type", "application/json")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(aws.credentialsProvider().resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    String call = "Lambda Invoke (" + invocationType + ") of '" + function + "'";
    int status;
    String answer;
    String functionError;
    try {
      HttpExecuteResponse response =
          aws.httpClient()
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(signed.request())
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      status = response.httpResponse().statusCode();
      functionError =
          response.httpResponse().firstMatchingHeader("X-Amz-Function-Error").orElse(null);
      answer = read(response, readLimit);
    } catch (IOException e) {
      throw new AwsUnavailableException(call + " failed: " + e.getClass().getSimpleName(), e);
    }
    if ((status == 202 || status == 200) && functionError == null) {
      return answer;
    }
    if (functionError != null) {
      // The function ran and failed; its answer is {"errorMessage":...,"errorType":...}.
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          call + " failed in the function (" + functionError + "): " + cut(answer));
    }
    String reason = call + " failed: HTTP " + status + (answer.isEmpty() ? "" : " " + cut(answer));
    if (status >= 500 || status == 429) {
      throw new AwsUnavailableException(reason);
    }
    throw new DeploymentException(refused, reason);
  }

  private static String read(HttpExecuteResponse response, int limit) throws IOException {
    if (response.responseBody().isEmpty()) {
      return "";
    }
    try (InputStream in = response.responseBody().get()) {
      return new String(in.readNBytes(limit), StandardCharsets.UTF_8).strip();
    }
  }

  /** Lambda's error answer, short and on one line: {"Type":"User","message":"..."} or similar. */
  private static String cut(String answer) {
    String line = answer.replaceAll("[\\r\\n]+", " ");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
