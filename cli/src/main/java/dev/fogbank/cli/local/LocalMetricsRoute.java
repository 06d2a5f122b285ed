package dev.fogbank.cli.local;

import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import java.util.Map;

/**
 * {@code GET /metrics} of the local runtime: Prometheus text of {@link PrometheusMetrics}. It needs
 * the bearer token like every route, and the read grant on every stack: the figures are totals
 * across all stacks (a scraper gets a token with {@code {"stacks":["*"],"actions":["read"]}}).
 */
final class LocalMetricsRoute {
  static final String PATH = "/metrics";

  /** What the server sends back. */
  record Answer(int status, String body, String contentType) {}

  private final PrometheusMetrics metrics;
  private final Authorizer authorizer;

  LocalMetricsRoute(PrometheusMetrics metrics, Authorizer authorizer) {
    this.metrics = metrics;
    this.authorizer = authorizer;
  }

  Answer answer(String method, String principal) {
    if (!"GET".equals(method)) {
      return error(ErrorCode.METHOD_NOT_ALLOWED, method + " " + PATH + " is not a route; GET is");
    }
    try {
      Caller caller = authorizer.caller(principal);
      if (!caller.mayEverywhere(Action.READ)) {
        return error(
            ErrorCode.FORBIDDEN,
            principal + " may not read the metrics: they need read on every stack (\"*\")");
      }
    } catch (DeploymentException e) {
      return error(e.code(), e.getMessage());
    }
    return new Answer(200, metrics.scrape(), PrometheusMetrics.contentType());
  }

  private static Answer error(ErrorCode code, String message) {
    String body =
        Json.mapper()
            .createObjectNode()
            .set(
                "error",
                Json.mapper()
                    .valueToTree(Map.of("code", code.name(), "message", message)))
            .toString();
    return new Answer(code.httpStatus(), body, null);
  }
}
