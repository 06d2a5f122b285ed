package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** SnsNotifier through the real SDK against the emulator's SNS. */
@ExtendWith(AwsEndpointExtension.class)
class SnsNotifierIT {
  private final FaultInjector faults = new FaultInjector();
  private final PublishRecorder published = new PublishRecorder();
  private AwsClientFactory clients;
  private String topicArn;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults, published);
    topicArn = clients.sns().createTopic(r -> r.name("fogbank-events")).topicArn();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void tryNotify_whenStackNeedsAttention_thenPublishedWithKindSubjectAndReadableMessage()
      throws Exception {
    DeploymentEvent event =
        SlackMessageRendererTest.stackEvent("failed to update", SlackMessageRendererTest.CONSOLE);

    assertTrue(new SnsNotifier(clients.sns(), topicArn).tryNotify(event));

    assertEquals(1, published.requests.size());
    PublishRequest request = published.requests.getFirst();
    assertEquals(topicArn, request.topicArn());
    assertEquals("fogbank STACK_NEEDS_ATTENTION orders", request.subject());
    assertEquals("STACK_NEEDS_ATTENTION", request.messageAttributes().get("kind").stringValue());
    assertEquals("STACK_NEEDS_ATTENTION", request.messageAttributes().get("type").stringValue());
    assertEquals("orders", request.messageAttributes().get("stack").stringValue());
    assertEquals("HIGH", request.messageAttributes().get("severity").stringValue());
    assertEquals(event, Json.mapper().readValue(request.message(), DeploymentEvent.class));
  }

  @Test
  void tryNotify_whenDriftDetected_thenPublishedWithKindSubjectAndReadableMessage()
      throws Exception {
    DeploymentEvent event = SlackMessageRendererTest.driftEvent("1 resource differs: Queue");

    assertTrue(new SnsNotifier(clients.sns(), topicArn).tryNotify(event));

    assertEquals(1, published.requests.size());
    PublishRequest request = published.requests.getFirst();
    assertEquals("fogbank DRIFT_DETECTED orders", request.subject());
    assertEquals("DRIFT_DETECTED", request.messageAttributes().get("kind").stringValue());
    assertEquals(event, Json.mapper().readValue(request.message(), DeploymentEvent.class));
  }

  @Test
  void tryNotify_whenSnsFailsPastRetries_thenFalseAndNotifyDoesNotThrow() {
    // Stands in for an SNS outage: HTTP 500 on every attempt the SDK makes.
    faults.internalFailureNext("Publish", FaultInjector.ALWAYS);
    SnsNotifier notifier = new SnsNotifier(clients.sns(), topicArn);
    DeploymentEvent event =
        SlackMessageRendererTest.stackEvent("failed to update", SlackMessageRendererTest.CONSOLE);

    assertFalse(notifier.tryNotify(event));
    notifier.notify(event);

    assertTrue(faults.attempts("Publish") >= 2, "the SDK retried");
    assertTrue(published.requests.isEmpty());
  }

  @Test
  void tryNotify_whenNoTopicConfigured_thenTrueAndNothingSent() {
    assertTrue(
        new SnsNotifier(clients.sns(), null)
            .tryNotify(SlackMessageRendererTest.stackEvent("r", null)));
    assertTrue(published.requests.isEmpty());
  }

  /** The Publish requests SNS answered successfully. */
  static final class PublishRecorder implements ExecutionInterceptor {
    final List<PublishRequest> requests = new ArrayList<>();

    @Override
    public synchronized void afterExecution(
        Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof PublishRequest publish) {
        requests.add(publish);
      }
    }
  }

  @Test
  void tryNotify_whenSnsRefusesThePublish_thenFalseAfterOneAttemptLoggedAsRefusal() {
    // Stands in for a function role without sns:Publish on the topic: 403 AuthorizationError,
    // which moto never answers. A refusal is not retried: the next attempt would meet it too.
    faults.failNext("Publish", FaultInjector.ALWAYS, 403, "AuthorizationError", "not authorized");
    SnsNotifier notifier = new SnsNotifier(clients.sns(), topicArn);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    boolean sent;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      sent = notifier.tryNotify(SlackMessageRendererTest.stackEvent("failed to update", null));
    } finally {
      System.setErr(original);
    }

    assertFalse(sent);
    assertEquals(1, faults.attempts("Publish"));
    String log = err.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("\"event\":\"notify_failed\""), log);
    assertTrue(log.contains("\"code\":\"INTERNAL\""), log);
    assertTrue(log.contains("(HTTP 403 AuthorizationError): not authorized"), log);
  }
}
