package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.functions.audit.AuditEntry;
import dev.fogbank.functions.audit.AuditTrail;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.history.DeploymentRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /audit}: the timeline of changes to the stacks the caller may read, newest first,
 * filtered as {@code GET /deployments} is (stack, status, source, from, to) and by {@code
 * requester}; JSON, CSV ({@code Accept: text/csv}) or a printable HTML page ({@code Accept:
 * text/html}).
 */
final class AuditRoutes {
  static final String HTML = "text/html; charset=utf-8";

  /** Served where the routes have a template store ({@code withAudit}). */
  static final List<Route> ROUTES =
      List.of(
          Route.get("/audit", "getAudit",
                  (api, r) -> api.audit().audit(r.query(), r.headers(), r.who()))
              .servedWhen(api -> api.audit() != null));

  private final Supplier<DeploymentListRoute> listing;
  private final Supplier<AuditTrail> trail;

  AuditRoutes(Supplier<DeploymentListRoute> listing, Supplier<AuditTrail> trail) {
    this.listing = listing;
    this.trail = trail;
  }

  Response audit(Map<String, String> query, Map<String, String> headers, Caller who) {
    String requester = query.get("requester");
    if (requester != null && (requester.isEmpty() || requester.length() > 2048)) {
      throw ApiRoutes.invalid("requester must be 1 to 2048 characters");
    }
    // The page is read until it holds limit entries of this requester or history ends.
    DeploymentListRoute.Found found =
        listing.get().find(query, who, "audit?requester=" + (requester == null ? "" : requester));
    List<DeploymentRecord> records =
        found.items().stream()
            .filter(r -> requester == null || requester.equals(r.requester()))
            .toList();
    List<AuditEntry> entries = trail.get().entries(records);
    String type =
        Csv.preferred(
            ApiRoutes.header(headers, "Accept").orElse(null),
            Response.JSON, "text/csv", "text/html");
    Map<String, String> next =
        found.nextToken() == null
            ? Map.of()
            : Map.of(Response.NEXT_TOKEN_HEADER, found.nextToken());
    return switch (type) {
          case "text/csv" -> new Response(200, AuditCsv.of(entries), Csv.CONTENT_TYPE, next);
          case "text/html" ->
              new Response(200, AuditPage.of(entries, query, found.nextToken()), HTML, next);
          default -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("items", entries);
            if (found.nextToken() != null) {
              answer.put("nextToken", found.nextToken());
            }
            yield ApiRoutes.ok(answer);
          }
        };
  }
}
