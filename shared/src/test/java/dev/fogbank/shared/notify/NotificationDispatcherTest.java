package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.metrics.RecordingMetrics;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Routing, delivery and dead letters over the control table (DynamoDB Local) and a local HTTP
 * server acting as the channels' webhooks. Secrets are a map standing in for Secrets Manager
 * (a missing key is a missing secret); each read is counted to see the cache and its refresh.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class NotificationDispatcherTest {
  private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

  private final Map<String, URI> secrets = new HashMap<>();
  private final AtomicInteger secretReads = new AtomicInteger();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private WebhookStandIn slack;
  private DynamoDbNotificationChannels channels;
  private DynamoDbFailedNotifications failed;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    slack = new WebhookStandIn();
    Metrics.install(metrics);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    channels = new DynamoDbNotificationChannels(dynamoDb, table, clock);
    failed = new DynamoDbFailedNotifications(dynamoDb, table);
    WebhookUrls urls =
        new CachedWebhookUrls(
            id -> {
              secretReads.incrementAndGet();
              if (!secrets.containsKey(id)) {
                throw new DeploymentException(
                    ErrorCode.INTERNAL, "ResourceNotFoundException: no secret " + id);
              }
              return Optional.of(secrets.get(id));
            },
            clock);
    WebhookPoster poster =
        new WebhookPoster(
            WebhookPoster.defaultClient(), d -> {}, () -> 0.5, System::nanoTime, Duration.ZERO);
    dispatcher =
        new NotificationDispatcher(
            channels,
            List.of(),
            urls,
            poster,
            new SlackMessageRenderer(),
            failed,
            clock,
            StructuredLog.to(new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
    secrets.put("fogbank/slack/ops", slack.url("/hooks/ops"));
    secrets.put("fogbank/slack/payments", slack.url("/hooks/payments"));
    channels.replace(
        List.of(
            new NotificationChannel(
                "ops", "fogbank/slack/ops", List.of(), List.of(), Severity.HIGH),
            new NotificationChannel(
                "payments",
                "fogbank/slack/payments",
                List.of("FAILED", "SUCCEEDED", "COST_ANOMALY"),
                List.of("payments-*"),
                null)),
        "admin");
  }

  @AfterEach
  void tearDown() {
    slack.close();
    Metrics.install(Metrics.NONE);
  }

  private static DeploymentEvent event(Kind kind, String stack) {
    return new DeploymentEvent(
        kind, "d-1", stack, "123456789012", "eu-west-1", "api", "alice", NOW, 1000L, null,
        kind == Kind.FAILED ? new DeploymentError("STACK_FAILED", "it broke") : null,
        null,
        null);
  }

  private List<String> paths() {
    return slack.posts.stream().map(WebhookStandIn.Post::path).toList();
  }

  @Test
  void tryNotify_whenFailedPaymentsStack_thenBothChannelsGetIt() {
    assertTrue(dispatcher.tryNotify(event(Kind.FAILED, "payments-api")));

    assertEquals(List.of("/hooks/ops", "/hooks/payments"), paths());
    assertTrue(slack.posts.getFirst().body().contains("payments-api deployment failed"));
  }

  @Test
  void tryNotify_whenRoutedByTypeStackAndSeverity_thenOnlyTheChannelsThatWantIt() {
    dispatcher.tryNotify(event(Kind.SUCCEEDED, "payments-api")); // LOW: not for ops
    dispatcher.tryNotify(event(Kind.SUCCEEDED, "orders")); // nobody
    dispatcher.tryNotify(event(Kind.STARTED, "payments-api")); // payments does not want STARTED
    dispatcher.tryNotify(event(Kind.FAILED, "orders")); // ops only

    assertEquals(List.of("/hooks/payments", "/hooks/ops"), paths());
  }

  @Test
  void tryNotify_whenSecretMissing_thenDeadLetterWithItsCodeAndNothingLost() {
    secrets.remove("fogbank/slack/payments");

    assertTrue(dispatcher.tryNotify(event(Kind.FAILED, "payments-api")));

    assertEquals(List.of("/hooks/ops"), paths());
    FailedNotifications.Page page = failed.list(null, 10);
    assertEquals(1, page.items().size());
    FailedNotification letter = page.items().getFirst();
    assertEquals("payments", letter.channel());
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, letter.code());
    assertTrue(letter.message().contains("fogbank/slack/payments"), letter.message());
    assertEquals(event(Kind.FAILED, "payments-api"), letter.event());
    assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("notification_dead_lettered"));
    assertEquals(
        List.of("webhook"),
        metrics.of(Metric.NOTIFICATION_FAILURES).stream()
            .map(RecordingMetrics.Point::dimension)
            .toList());
  }

  @Test
  void tryNotify_whenDeadLettered_thenOneNotificationFailureCounted() {
    dev.fogbank.shared.metrics.RecordingMetrics metrics =
        new dev.fogbank.shared.metrics.RecordingMetrics();
    dev.fogbank.shared.metrics.Metrics.install(metrics);
    try {
      secrets.remove("fogbank/slack/payments");

      dispatcher.tryNotify(event(Kind.FAILED, "payments-api"));

      var points = metrics.of(dev.fogbank.shared.metrics.Metric.NOTIFICATION_FAILURES);
      assertEquals(1, points.size(), "ops was delivered, payments dead-lettered");
      assertEquals("webhook", points.getFirst().dimension());
      assertEquals("payments-api", points.getFirst().properties().get("stack"));
    } finally {
      dev.fogbank.shared.metrics.Metrics.install(dev.fogbank.shared.metrics.Metrics.NONE);
    }
  }

  @Test
  void tryNotify_whenWebhook404AndSecretRotated_thenReReadAndDelivered() {
    dispatcher.tryNotify(event(Kind.FAILED, "orders")); // ops URL now cached
    slack.reply(404, "no_service");
    secrets.put("fogbank/slack/ops", slack.url("/hooks/ops-rotated"));
    int readsBefore = secretReads.get();

    dispatcher.tryNotify(event(Kind.FAILED, "orders"));

    assertEquals(List.of("/hooks/ops", "/hooks/ops", "/hooks/ops-rotated"), paths());
    assertEquals(readsBefore + 1, secretReads.get());
    assertTrue(failed.list(null, 10).items().isEmpty());
  }

  @Test
  void tryNotify_whenWebhookGone_thenDeadLetterNotFound_andRetryDeliversAndRemovesIt() {
    slack.reply(404, "no_service");

    dispatcher.tryNotify(event(Kind.FAILED, "orders"));

    FailedNotification letter = failed.list(null, 10).items().getFirst();
    assertEquals(ErrorCode.WEBHOOK_NOT_FOUND, letter.code());
    assertEquals(404, letter.status());
    assertFalse(letter.message().contains("/hooks/"), "never the URL: " + letter.message());

    NotificationDispatcher.ChannelResult retried = dispatcher.retry(letter.id());

    assertTrue(retried.delivered());
    assertTrue(failed.get(letter.id()).isEmpty());
    assertEquals(2, slack.posts.size());
    assertEquals(slack.posts.get(0).body(), slack.posts.get(1).body(), "the same message");
  }

  /** AWS Budgets' alert on the budget of stack {@code stack}, as the slack function reads it. */
  private static DeploymentEvent budgetAlert(String stack) {
    String message =
        "AWS Budget Notification December 07, 2026\nAWS Account 123456789012\n\n"
            + "Budget Name: fogbank-eu-west-1-" + stack + "\nBudget Type: Cost\n"
            + "Budgeted Amount: $250.00\nAlert Type: ACTUAL\nAlert Threshold: > $200.00\n"
            + "ACTUAL Amount: $212.47\n";
    return DeploymentEvent.budgetAlert(
        BudgetNotification.parse(message).orElseThrow(), message, NOW);
  }

  @Test
  void tryNotify_whenBudgetAlert_thenRoutedByStackAndSeverityDeadLetteredAndRetriedInItsLayout() {
    channels.replace(
        List.of(
            new NotificationChannel(
                "ops", "fogbank/slack/ops", List.of(), List.of(), Severity.HIGH),
            new NotificationChannel(
                "payments",
                "fogbank/slack/payments",
                List.of("BUDGET_ALERT"),
                List.of("payments-*"),
                null),
            new NotificationChannel(
                "finance", "fogbank/slack/finance", List.of(), List.of(), null)),
        "admin");
    // finance's secret is missing: its copy is kept as a dead letter.

    assertTrue(dispatcher.tryNotify(budgetAlert("payments-api")));
    assertTrue(dispatcher.tryNotify(budgetAlert("orders")));

    // ops wants HIGH only (a budget alert is MEDIUM); payments only its own stacks.
    assertEquals(List.of("/hooks/payments"), paths());
    assertTrue(
        slack.posts.getFirst().body().contains("payments-api is over > $200.00 (ACTUAL)"),
        slack.posts.getFirst().body());
    List<FailedNotification> letters = failed.list(null, 10).items();
    assertEquals(2, letters.size());
    assertTrue(letters.stream().allMatch(l -> l.channel().equals("finance")));
    assertEquals(Kind.BUDGET_ALERT, letters.getFirst().event().kind());
    secrets.put("fogbank/slack/finance", slack.url("/hooks/finance"));

    NotificationDispatcher.ChannelResult retried = dispatcher.retry(letters.getFirst().id());

    assertTrue(retried.delivered());
    String body = slack.posts.getLast().body();
    assertEquals("/hooks/finance", slack.posts.getLast().path());
    assertTrue(body.contains("$212.47 of $250.00 budgeted this month"), body);
  }

  @Test
  void retry_whenItFailsAgain_thenKeptWithTheNewReasonAndAttempts() {
    slack.reply(500, "a").reply(500, "b").reply(500, "c");
    dispatcher.tryNotify(event(Kind.FAILED, "orders"));
    FailedNotification letter = failed.list(null, 10).items().getFirst();
    assertEquals(ErrorCode.WEBHOOK_UNAVAILABLE, letter.code());
    assertEquals(3, letter.attempts());
    slack.reply(400, "invalid_payload");

    NotificationDispatcher.ChannelResult again = dispatcher.retry(letter.id());

    assertFalse(again.delivered());
    FailedNotification kept = failed.get(letter.id()).orElseThrow();
    assertEquals(ErrorCode.WEBHOOK_REJECTED, kept.code());
    assertEquals(4, kept.attempts());
    assertEquals(NOW, kept.lastTriedAt());
  }

  @Test
  void retry_whenUnknownId_thenNotFound() {
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> dispatcher.retry("nf-0000000000000-deadbeef"));
    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(DeploymentException.class, () -> dispatcher.retry("../x")).code());
  }

  @Test
  void list_whenManyDeadLetters_thenPagedNewestFirst() {
    secrets.clear();
    for (int i = 0; i < 3; i++) {
      dispatcher.tryNotify(event(Kind.FAILED, "orders-" + i));
    }
    FailedNotifications.Page first = failed.list(null, 2);
    FailedNotifications.Page second = failed.list(first.next(), 2);

    assertEquals(2, first.items().size());
    assertEquals(1, second.items().size());
    assertTrue(first.items().get(0).id().compareTo(first.items().get(1).id()) > 0);
    assertTrue(first.items().get(1).id().compareTo(second.items().getFirst().id()) > 0);
    assertNull(second.next());
  }

  @Test
  void test_whenOneChannelBroken_thenPerChannelResultsAndNoDeadLetter() {
    secrets.remove("fogbank/slack/ops");

    List<NotificationDispatcher.ChannelResult> results = dispatcher.test("admin@example.com");

    assertEquals(2, results.size());
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, results.get(0).code());
    assertTrue(results.get(1).delivered());
    assertTrue(slack.posts.getFirst().body().contains("test message for channel payments"));
    assertTrue(failed.list(null, 10).items().isEmpty());
  }

  @Test
  void channels_whenNoneConfigured_thenTheFallbackGetsEverything() {
    channels.replace(List.of(), "admin");
    NotificationDispatcher withFallback =
        new NotificationDispatcher(
            channels,
            List.of(new NotificationChannel("default", "fogbank/slack/ops", null, null, null)),
            new CachedWebhookUrls(id -> Optional.ofNullable(secrets.get(id)), Clock.systemUTC()),
            WebhookPoster.create(),
            new SlackMessageRenderer(),
            failed,
            Clock.systemUTC(),
            StructuredLog.stderr());

    withFallback.tryNotify(event(Kind.STARTED, "anything"));

    assertEquals(List.of("/hooks/ops"), paths());
  }
}
