package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.auth.PolicyStore;
import dev.fogbank.shared.metrics.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalMetricsRouteTest {
  private static final PolicyStore NO_POLICY =
      new PolicyStore() {
        @Override
        public Optional<AccessPolicy> read() {
          return Optional.empty();
        }

        @Override
        public void write(AccessPolicy policy, String by) {}

        @Override
        public boolean writeIfAbsent(AccessPolicy policy, String by) {
          return false;
        }
      };

  private final PrometheusMetrics metrics = new PrometheusMetrics();
  private final LocalMetricsRoute route =
      new LocalMetricsRoute(
          metrics,
          Authorizer.of(
              () -> NO_POLICY,
              Map.of(
                  "scraper", List.of(new Grant(List.of("*"), Set.of(Action.READ))),
                  "team-a", List.of(new Grant(List.of("orders-*"), Set.of(Action.READ))))));

  @Test
  void answer_whenReadOnEveryStack_thenPrometheusTextOfWhatWasRecorded() {
    metrics.count(Metric.DEPLOYMENTS, "SUCCEEDED", Map.of("stack", "orders"));
    metrics.count(Metric.DEPLOYMENTS, "SUCCEEDED", Map.of("stack", "billing"));
    metrics.time(Metric.LOCK_WAIT, null, Duration.ofMillis(1500), Map.of());

    LocalMetricsRoute.Answer answer = route.answer("GET", "scraper");

    assertEquals(200, answer.status());
    assertTrue(answer.contentType().startsWith("text/plain; version=0.0.4"), answer.contentType());
    assertTrue(
        answer.body().contains("fogbank_deployments_total{outcome=\"SUCCEEDED\"} 2.0"),
        answer.body());
    assertTrue(
        answer.body().contains("fogbank_lock_wait_seconds_sum{function=\"local\"} 1.5"),
        answer.body());
    assertTrue(!answer.body().contains("orders"), "a stack is never a label");
  }

  @Test
  void answer_whenReadOnSomeStacksOnly_then403() {
    LocalMetricsRoute.Answer answer = route.answer("GET", "team-a");

    assertEquals(403, answer.status());
    assertTrue(answer.body().contains("\"code\":\"FORBIDDEN\""), answer.body());
  }

  @Test
  void answer_whenPost_then405() {
    assertEquals(405, route.answer("POST", "scraper").status());
  }

  @Test
  void name_isSnakeCaseWithPrefix() {
    assertEquals(
        "fogbank_notification_failures", PrometheusMetrics.name(Metric.NOTIFICATION_FAILURES));
  }
}
