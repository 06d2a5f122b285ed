package dev.fogbank.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.cost.LambdaCostScanStarter;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lambda's Invoke over real HTTP: a local server stands in for Lambda's endpoint (moto's Lambda
 * needs Docker to run a function at all) and answers as Lambda documents it: 202 for a queued
 * event, 200 with the function's answer (and {@code X-Amz-Function-Error} when the function
 * failed) for a synchronous one, 403 AccessDeniedException, 500 ServiceException.
 */
class LambdaInvokerTest {
  private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:fb-cost-scan:live";

  private HttpServer server;
  private AwsClientFactory aws;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(202);
  private final java.util.concurrent.atomic.AtomicReference<String> functionAnswer =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicReference<String> functionError =
      new java.util.concurrent.atomic.AtomicReference<>();

  @BeforeEach
  void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + "\n"
                  + exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")
                  + "\n"
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + "\n"
                  + body);
          if (functionError.get() != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError.get());
          }
          byte[] answer =
              status.get() == 202
                  ? new byte[0]
                  : status.get() == 200
                      ? functionAnswer.get().getBytes(StandardCharsets.UTF_8)
                      : ("{\"Type\":\"User\",\"message\":\"not authorized\"}")
                          .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    server.start();
    aws =
        AwsClientFactory.create(
            AwsSettings.of(
                "eu-west-1", URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.stop(0);
  }

  @Test
  void start_whenLambdaQueuesIt_thenOneSignedEventInvokeWithTheScanIdAndDays() {
    new LambdaCostScanStarter(new LambdaInvoker(aws), ARN)
        .start("cs-20261207T023000-0123456789ab", 3);

    assertEquals(1, requests.size());
    String[] request = requests.getFirst().split("\n", 4);
    assertEquals(
        "POST /2015-03-31/functions/"
            + "arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Afb-cost-scan%3Alive"
            + "/invocations",
        request[0]);
    assertEquals("Event", request[1]);
    assertTrue(request[2].startsWith("AWS4-HMAC-SHA256 Credential="), request[2]);
    assertTrue(request[2].contains("/eu-west-1/lambda/aws4_request"), request[2]);
    assertTrue(request[2].contains("x-amz-invocation-type"), request[2]);
    assertEquals(
        "{\"trigger\":\"api\",\"scanId\":\"cs-20261207T023000-0123456789ab\",\"days\":3}",
        request[3]);
  }

  @Test
  void invoke_whenLambdaRefuses_thenTheGivenCodeWithLambdasAnswer() {
    status.set(403);

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> new LambdaInvoker(aws).invoke(ARN, "{}", ErrorCode.INTERNAL));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
    assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
  }

  @Test
  void invoke_whenLambdaFails_thenAwsUnavailable() {
    status.set(500);

    assertThrows(
        AwsUnavailableException.class,
        () -> new LambdaInvoker(aws).invoke(ARN, "{}", ErrorCode.INTERNAL));
  }

  @Test
  void start_whenNotAScanId_thenRefusedBeforeAnyCall() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LambdaCostScanStarter(new LambdaInvoker(aws), ARN).start("../x", 3));
    assertEquals(0, requests.size());
  }

  @Test
  void call_whenFunctionAnswers_thenOneSignedRequestResponseInvokeAndItsAnswer() {
    status.set(200);
    String big = "{\"services\":\"" + "x".repeat(400_000) + "\"}";
    functionAnswer.set(big);

    String answer =
        new LambdaInvoker(aws).call(ARN, "{\"lookup\":\"BUDGET\"}", ErrorCode.INTERNAL);

    assertEquals(big, answer);
    String[] request = requests.getFirst().split("\n", 4);
    assertEquals("RequestResponse", request[1]);
    assertTrue(request[2].contains("/eu-west-1/lambda/aws4_request"), request[2]);
    assertEquals("{\"lookup\":\"BUDGET\"}", request[3]);
  }

  @Test
  void call_whenFunctionFails_thenInternalNamingItsError() {
    status.set(200);
    functionError.set("Unhandled");
    functionAnswer.set("{\"errorMessage\":\"Task timed out after 300.00 seconds\"}");

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> new LambdaInvoker(aws).call(ARN, "{}", ErrorCode.COST_ACCESS_DENIED));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("Unhandled"), e.getMessage());
    assertTrue(e.getMessage().contains("Task timed out"), e.getMessage());
  }

  @Test
  void call_whenLambdaRefuses_thenTheGivenCode() {
    status.set(403);

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> new LambdaInvoker(aws).call(ARN, "{}", ErrorCode.COST_ACCESS_DENIED));

    assertEquals(ErrorCode.COST_ACCESS_DENIED, e.code());
    assertTrue(e.getMessage().contains("RequestResponse"), e.getMessage());
  }
}
