package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DriftScanRecord;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.paging.PageTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The drift routes: {@code POST /drift-scans}, {@code GET /drift-scans}, {@code GET
 * /drift-scans/{id}}, {@code GET
 * /stacks/{name}/drift}, {@code GET /drift}: {@link #ROUTES}, entries of the route table.
 */
final class DriftRoutes {
  static final int DEFAULT_HISTORY = 10;
  static final int MAX_HISTORY = 50;
  static final int MAX_BODY_BYTES = 256 * 1024;

  /** What a {@code GET /drift} page token is signed for. */
  static final String LISTING = "drift";

  /** What a {@code GET /drift-scans} page token is signed for. */
  static final String SCANS_LISTING = "drift-scans";

  /** The drift operations, served where the routes have drift reports ({@code withDrift}). */
  static final List<Route> ROUTES =
      Stream.of(
              Route.post("/drift-scans", "startDriftScan",
                  (api, r) -> api.drift().start(r.body(), r.who())),
              Route.get("/drift-scans", "listDriftScans",
                  (api, r) -> api.drift().scans(r.query(), r.who(), api.pageTokens())),
              Route.get("/drift-scans/{scanId}", "getDriftScan",
                  (api, r) -> api.drift().scan(r.param("scanId"), r.who())),
              Route.get("/stacks/{stackName}/drift", "getStackDrift",
                  (api, r) -> api.drift().stack(r.param("stackName"), r.query(), r.who())),
              Route.get("/drift", "listDrift",
                  (api, r) -> api.drift().all(r.query(), r.who(), api.pageTokens())))
          .map(route -> route.servedWhen(api -> api.drift() != null))
          .toList();

  private final Supplier<DriftReports> reports;

  DriftRoutes(Supplier<DriftReports> reports) {
    this.reports = reports;
  }

  /** Every stack: an admin's; named stacks: whoever may deploy each of them. */
  private Response start(String body, Caller who) {
    List<String> stacks = List.of();
    if (body != null && !body.isBlank()) {
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
        throw ApiRoutes.invalid("request body is over " + MAX_BODY_BYTES + " bytes");
      }
      DriftScanRequestBody request = ApiRoutes.parse(body, DriftScanRequestBody.class, "stacks");
      if (request.stacks() != null) {
        stacks = request.stacks();
      }
    }
    if (stacks.size() > DriftScanLimits.defaults().maxStacks()) {
      throw ApiRoutes.invalid(
          "stacks names more than " + DriftScanLimits.defaults().maxStacks() + " stacks");
    }
    for (String name : stacks) {
      if (name == null) {
        throw ApiRoutes.invalid("stacks must be a list of stack names");
      }
      ApiRoutes.readableName(name);
      who.require(Action.DEPLOY, name);
    }
    if (stacks.isEmpty()) {
      who.requireEverywhere(Action.ADMIN, "start a drift scan of every stack");
    }
    DriftScanRecord scan = reports.get().start(stacks, "api");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("scanId", scan.scanId());
    answer.put("status", scan.status().name());
    answer.put("stacks", stacks.isEmpty() ? "all managed stacks" : stacks);
    answer.put("progress", "/drift-scans/" + scan.scanId());
    return new Response(202, answer);
  }

  private Response scan(String scanId, Caller who) {
    who.requireAnywhere(Action.READ, "read drift scans");
    DriftScanRecord scan =
        reports
            .get()
            .scan(scanId)
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.NOT_FOUND,
                        "no drift scan '" + ApiRoutes.shown(scanId) + "'"));
    Map<String, Object> answer = summary(scan);
    List<Map<String, Object>> failures = new ArrayList<>();
    for (DriftScanRecord.StackFailure f : scan.failures()) {
      failures.add(Map.of("stack", f.stack(), "code", f.code(), "message", f.message()));
    }
    answer.put("failures", failures);
    return ApiRoutes.ok(answer);
  }

  /**
   * {@code GET /drift-scans?limit=&nextToken=}: the kept scans, newest first, each as {@code GET
   * /drift-scans/{id}} shows it without its failures (its outcomes count them), paged with a
   * signed {@code nextToken}. The same grant as one scan: reading anywhere.
   */
  private Response scans(Map<String, String> query, Caller who, PageTokens tokens) {
    who.requireAnywhere(Action.READ, "read drift scans");
    int limit = ApiRoutes.limit(query);
    var page = reports.get().scans(tokens.open(SCANS_LISTING, query.get("nextToken")), limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", page.scans().stream().map(DriftRoutes::summary).toList());
    if (page.next() != null) {
      answer.put("nextToken", tokens.seal(SCANS_LISTING, page.next()));
    }
    return ApiRoutes.ok(answer);
  }

  private static Map<String, Object> summary(DriftScanRecord scan) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("scanId", scan.scanId());
    answer.put("status", scan.status().name());
    answer.put("trigger", scan.trigger());
    answer.put("startedAt", scan.startedAt());
    answer.put("finishedAt", scan.finishedAt());
    answer.put("progress", Map.of("done", scan.done(), "total", scan.total()));
    answer.put("outcomes", new TreeMap<>(scan.outcomes()));
    if (scan.reason() != null) {
      answer.put("reason", scan.reason());
    }
    return answer;
  }

  private Response stack(String name, Map<String, String> query, Caller who) {
    ApiRoutes.readableName(name);
    who.require(Action.READ, name);
    int limit = DEFAULT_HISTORY;
    String asked = query.get("limit");
    if (asked != null) {
      try {
        limit = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_HISTORY) {
        throw ApiRoutes.invalid("limit must be a whole number from 1 to " + MAX_HISTORY);
      }
    }
    List<DriftReport> found = reports.get().stack(name, limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("stackName", name);
    answer.put("latest", found.isEmpty() ? null : view(found.getFirst()));
    answer.put("earlier", found.stream().skip(1).map(DriftRoutes::view).toList());
    return ApiRoutes.ok(answer);
  }

  /**
   * A page of the stacks the scans cover that the caller may read (the others are left out), in
   * name order; {@code counts} are of this page's rows. The cursor is the last name shown.
   */
  private Response all(Map<String, String> query, Caller who, PageTokens tokens) {
    who.requireAnywhere(Action.READ, "read drift");
    int limit = ApiRoutes.limit(query);
    String after = tokens.open(LISTING, query.get("nextToken"));
    DriftReports.LatestPage page =
        reports.get().latest(after, limit, name -> who.may(Action.READ, name));
    List<Map<String, Object>> stacks = new ArrayList<>();
    Map<String, Integer> counts = new TreeMap<>();
    for (DriftReports.Latest row : page.stacks()) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("stackName", row.stack());
      String status = row.report().map(r -> r.status().name()).orElse("NOT_SCANNED");
      view.put("status", status);
      view.put("at", row.report().map(DriftReport::at).orElse(null));
      view.put("driftedCount", row.report().map(DriftReport::driftedCount).orElse(0));
      stacks.add(view);
      counts.merge(status, 1, Integer::sum);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("counts", counts);
    answer.put("stacks", stacks);
    if (page.more()) {
      answer.put("nextToken", tokens.seal(LISTING, page.stacks().getLast().stack()));
    }
    return ApiRoutes.ok(answer);
  }

  /** A DRIFT record as the API shows it: the drifted resources with their property diffs. */
  static Map<String, Object> view(DriftReport report) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("at", report.at());
    view.put("status", report.status().name());
    view.put("driftedCount", report.driftedCount());
    view.put("detectionId", report.detectionId());
    view.put("reason", report.reason());
    List<Map<String, Object>> resources = new ArrayList<>();
    for (var drift : report.excerpt()) {
      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put("logicalId", drift.logicalId());
      resource.put("resourceType", drift.resourceType());
      resource.put("difference", drift.difference());
      List<Map<String, Object>> properties = new ArrayList<>();
      for (var p : drift.properties()) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("path", p.path());
        property.put("expected", p.expected());
        property.put("actual", p.actual());
        property.put("type", p.type());
        properties.add(property);
      }
      resource.put("properties", properties);
      resources.add(resource);
    }
    view.put("resources", resources);
    return view;
  }
}
