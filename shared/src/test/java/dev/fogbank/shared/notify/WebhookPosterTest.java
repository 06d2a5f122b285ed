package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebhookPoster against a real local HTTP server acting as Slack's webhook. Time is a fake clock
 * that the pause advances, so the pacing and waits are measured, not slept.
 */
class WebhookPosterTest {
  private static final String HOOK = "/services/T000/B000/SeCrEt";
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new ArrayList<>();
  private WebhookStandIn slack;
  private WebhookPoster poster;

  @BeforeEach
  void setUp() throws Exception {
    slack = new WebhookStandIn();
    poster =
        new WebhookPoster(
            WebhookPoster.defaultClient(),
            d -> {
              sleeps.add(d);
              nanos.addAndGet(d.toNanos());
            },
            () -> 0.5,
            nanos::get,
            WebhookPoster.SLACK_INTERVAL);
  }

  @AfterEach
  void tearDown() {
    slack.close();
  }

  private URI hook() {
    return slack.url(HOOK);
  }

  @Test
  void post_when200_thenDeliveredAtOnce() {
    WebhookPoster.Delivery d = poster.post(hook(), "{\"text\":\"hi\"}");

    assertTrue(d.delivered());
    assertEquals(1, d.attempts());
    assertEquals(List.of(new WebhookStandIn.Post(HOOK, "{\"text\":\"hi\"}")), slack.posts);
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void post_when429WithRetryAfter_thenWaitsThatLongAndDelivers() {
    slack.reply(429, "rate_limited", "3");

    WebhookPoster.Delivery d = poster.post(hook(), "{}");

    assertTrue(d.delivered());
    assertEquals(2, d.attempts());
    assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
  }

  @Test
  void post_when500ThenOk_thenRetriedWithBackoffPacedToOneASecond() {
    slack.reply(500, "boom");

    WebhookPoster.Delivery d = poster.post(hook(), "{}");

    assertTrue(d.delivered());
    assertEquals(2, d.attempts());
    // The backoff (250 ms at half jitter: 187 ms) is shorter than Slack's one message a second.
    assertEquals(1, sleeps.size());
    assertEquals(Duration.ofSeconds(1), sleeps.getFirst());
  }

  @Test
  void post_when500EveryTime_thenUnavailableAfterThreeAttempts() {
    slack.reply(500, "a").reply(502, "b").reply(503, "c");

    WebhookPoster.Delivery d = poster.post(hook(), "{}");

    assertEquals(ErrorCode.WEBHOOK_UNAVAILABLE, d.code());
    assertEquals(3, d.attempts());
    assertEquals(503, d.status());
    assertEquals(3, slack.posts.size());
  }

  @Test
  void post_when404_thenNotFoundWithoutRetrying() {
    slack.reply(404, "no_service");

    WebhookPoster.Delivery d = poster.post(hook(), "{}");

    assertEquals(ErrorCode.WEBHOOK_NOT_FOUND, d.code());
    assertEquals(1, d.attempts());
    assertEquals("no_service", d.detail());
    assertFalse(d.message("127.0.0.1").contains("SeCrEt"), "the URL is a secret");
  }

  @Test
  void post_when400_thenRejectedWithoutRetrying() {
    slack.reply(400, "invalid_payload");

    WebhookPoster.Delivery d = poster.post(hook(), "{}");

    assertEquals(ErrorCode.WEBHOOK_REJECTED, d.code());
    assertEquals(1, slack.posts.size());
  }

  @Test
  void post_whenTwoMessagesBackToBack_thenTheSecondWaitsForTheNextSecond() {
    poster.post(hook(), "{\"n\":1}");
    nanos.addAndGet(Duration.ofMillis(300).toNanos());
    poster.post(hook(), "{\"n\":2}");
    poster.post(slack.url("/services/other"), "{\"n\":3}"); // another webhook: its own pace

    assertEquals(List.of(Duration.ofMillis(700)), sleeps);
    assertEquals(3, slack.posts.size());
    assertNull(poster.post(hook(), "{}").code());
  }
}
