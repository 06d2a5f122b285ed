package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentEvents;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StackEventPage;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.stack.StackEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /deployments/{id}/events?limit=&nextToken=}: the CloudFormation stack events recorded
 * with a deployment ({@link DeploymentEvents}), oldest first, paged with a signed {@code
 * nextToken} valid for this deployment only; {@code truncated} when events beyond {@link
 * DeploymentHistory#MAX_STACK_EVENTS} were left out.
 */
final class DeploymentEventsRoute {
  /** Served where the routes can read stack events ({@code withDeploymentEvents}). */
  static final List<Route> ROUTES =
      List.of(
          Route.get("/deployments/{deploymentId}/events", "listDeploymentEvents",
                  (api, r) -> api.deploymentEvents().list(r.param("deploymentId"), r.query(),
                      r.who()))
              .servedWhen(api -> api.deploymentEvents() != null));

  private final Supplier<DeploymentHistory> history;
  private final Supplier<DeploymentEvents> events;
  private final PageTokens tokens;

  DeploymentEventsRoute(
      Supplier<DeploymentHistory> history, Supplier<DeploymentEvents> events, PageTokens tokens) {
    this.history = history;
    this.events = events;
    this.tokens = tokens;
  }

  Response list(String id, Map<String, String> query, Caller who) {
    int limit = ApiRoutes.limit(query);
    DeploymentRecord record =
        history.get().get(id)
            .orElseThrow(() -> new DeploymentException(
                ErrorCode.NOT_FOUND, "no deployment with id '" + ApiRoutes.shown(id) + "'"));
    who.require(Action.READ, record.stack().name());
    String listing = "deployment-events:" + id;
    String after = tokens.open(listing, query.get("nextToken"));
    StackEventPage page = events.get().page(record, after, limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deploymentId", record.deploymentId());
    answer.put("items", page.items().stream().map(DeploymentEventsRoute::view).toList());
    answer.put("truncated", page.truncated());
    if (page.nextCursor() != null) {
      answer.put("nextToken", tokens.seal(listing, page.nextCursor()));
    }
    return ApiRoutes.ok(answer);
  }

  /** An event as the API shows it: CloudFormation's own field names. */
  static Map<String, Object> view(StackEvent e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("timestamp", e.timestamp().toString());
    v.put("logicalResourceId", e.logicalId());
    v.put("resourceType", e.resourceType());
    v.put("resourceStatus", e.status());
    if (e.statusReason() != null) {
      v.put("statusReason", e.statusReason());
    }
    if (e.physicalResourceId() != null && !e.physicalResourceId().isEmpty()) {
      v.put("physicalResourceId", e.physicalResourceId());
    }
    if (e.eventId() != null) {
      v.put("eventId", e.eventId());
    }
    return v;
  }
}
