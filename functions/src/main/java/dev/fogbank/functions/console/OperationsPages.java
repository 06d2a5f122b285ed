package dev.fogbank.functions.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.functions.console.ConsoleModels.CostScanRow;
import dev.fogbank.functions.console.ConsoleModels.DriftScanView;
import dev.fogbank.functions.console.ConsoleModels.FailedRow;
import dev.fogbank.functions.console.ConsoleModels.Pair;
import dev.fogbank.functions.console.ConsoleSessions.Session;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scans page (drift and cost scans: the newest drift and cost scans with their progress, the
 * drift status counts, a chosen drift scan's outcomes and failures, forms to start either) and the notifications page (channels, dead
 * letters with retry). Every read and action is a call of the API's route ({@link ApiCalls}), so
 * its grants and its queries are the API's; a refusal of one read leaves a note in its section.
 */
final class OperationsPages {
  static final String SCANS = "/console/scans";
  static final String NOTIFICATIONS = "/console/notifications";

  /** Cost scans listed on the scans page, newest first. */
  static final int COST_SCANS = 10;

  /** Drift scans listed on the scans page, newest first. */
  static final int DRIFT_SCANS = 10;

  private static final Pattern RETRY =
      Pattern.compile("/console/notifications/failed/([^/]+)/retry");

  private final ApiCalls api;
  private final ConsoleViews views;

  OperationsPages(ApiCalls api, ConsoleViews views) {
    this.api = api;
    this.views = views;
  }

  static boolean serves(String path) {
    return path.equals(SCANS) || path.startsWith(SCANS + "/") || path.equals(NOTIFICATIONS)
        || path.startsWith(NOTIFICATIONS + "/");
  }

  ConsoleResponse get(String path, Map<String, String> query, Session s, String csrf, Caller who) {
    served();
    if (path.equals(SCANS)) {
      var page = scans(query.get("driftScan"), s, csrf, who, null);
      return ConsoleResponse.html(
          200, "live".equals(query.get("fragment")) ? page.fragment() : page.full(), List.of());
    }
    if (path.equals(NOTIFICATIONS)) {
      String retried = query.get("retried");
      return ConsoleResponse.html(
          200,
          notifications(s, csrf, who,
              retried == null ? null : "Delivered " + retried + "; it is no longer kept.", null),
          List.of());
    }
    throw new DeploymentException(ErrorCode.NOT_FOUND, "no page " + CallerText.shown(path, 120));
  }

  ConsoleResponse post(String path, Session s, String csrf, Caller who) {
    served();
    if (path.equals(SCANS + "/drift")) {
      JsonNode started = call("POST", "/drift-scans", Map.of(), "", s);
      return ConsoleResponse.redirect(
          SCANS + "?driftScan=" + ConsolePaths.query(started.path("scanId").asText()), List.of());
    }
    if (path.equals(SCANS + "/cost")) {
      call("POST", "/cost-scans", Map.of(), "", s);
      return ConsoleResponse.redirect(SCANS, List.of());
    }
    Matcher m = RETRY.matcher(path);
    if (m.matches()) {
      String id = m.group(1);
      try {
        // The API sees decoded paths, as the local server and API Gateway hand them over.
        call("POST", "/notifications/failed/" + id + "/retry", Map.of(), "", s);
      } catch (DeploymentException e) {
        if (e.code().httpStatus() == 403 || e.code().httpStatus() == 404) {
          throw e;
        }
        // Still not delivered: the dead letter stays; the page says why.
        return ConsoleResponse.html(
            e.code().httpStatus(), notifications(s, csrf, who, null, e.getMessage()), List.of());
      }
      return ConsoleResponse.redirect(
          NOTIFICATIONS + "?retried=" + ConsolePaths.query(id), List.of());
    }
    throw new DeploymentException(
        ErrorCode.NOT_FOUND, "no form posts to " + CallerText.shown(path, 120));
  }

  private ConsoleViews.Rendered scans(
      String driftScanId, Session s, String csrf, Caller who, String error) {
    List<Pair> driftCounts = new ArrayList<>();
    String driftNote = "";
    boolean driftCountsPartial = false;
    try {
      // The counts of the first page of 100 (GET /drift is paged): the page says so when more
      // stacks follow, rather than reading every page on each poll.
      JsonNode drift = call("GET", "/drift", Map.of("limit", "100"), null, s);
      drift.path("counts")
          .properties()
          .forEach(e -> driftCounts.add(new Pair(e.getKey(), e.getValue().asText())));
      driftCountsPartial = drift.hasNonNull("nextToken");
    } catch (DeploymentException e) {
      driftNote = refusal(e);
    }
    DriftScanView driftScan = null;
    if (driftScanId != null && !driftScanId.isBlank()) {
      if (!driftScanId.matches(DriftReports.SCAN_ID_PATTERN)) {
        throw new DeploymentException(
            ErrorCode.NOT_FOUND, "no drift scan '" + CallerText.shown(driftScanId, 120) + "'");
      }
      driftScan = driftScan(call("GET", "/drift-scans/" + driftScanId, Map.of(), null, s));
    }
    List<DriftScanView> driftScans = new ArrayList<>();
    String driftScansNote = "";
    try {
      for (JsonNode scan :
          call("GET", "/drift-scans", Map.of("limit", String.valueOf(DRIFT_SCANS)), null, s)
              .path("items")) {
        driftScans.add(driftScan(scan));
      }
    } catch (DeploymentException e) {
      driftScansNote = refusal(e);
    }
    List<CostScanRow> costScans = new ArrayList<>();
    String costNote = "";
    try {
      for (JsonNode scan :
          call("GET", "/cost-scans", Map.of("limit", String.valueOf(COST_SCANS)), null, s)
              .path("items")) {
        costScans.add(costScan(scan));
      }
    } catch (DeploymentException e) {
      costNote = refusal(e);
    }
    boolean running =
        (driftScan != null && driftScan.running())
            || driftScans.stream().anyMatch(DriftScanView::running)
            || costScans.stream().anyMatch(c -> c.status().equals("RUNNING"));
    String refresh =
        SCANS + "?fragment=live"
            + (driftScan == null ? "" : "&driftScan=" + ConsolePaths.query(driftScan.id()));
    return views.scans(
        s, csrf, driftCounts, driftNote, driftCountsPartial, driftScan, driftScans,
        driftScansNote, costScans, costNote,
        who.mayEverywhere(Action.ADMIN), running ? refresh : null, error);
  }

  private String notifications(Session s, String csrf, Caller who, String message, String error) {
    List<Pair> channels = new ArrayList<>();
    String channelsNote = "";
    try {
      JsonNode answer = call("GET", "/notifications/channels", Map.of(), null, s);
      for (JsonNode c : answer.path("inForce")) {
        channels.add(new Pair(c.path("name").asText(), channelScope(c)));
      }
    } catch (DeploymentException e) {
      channelsNote = refusal(e);
    }
    List<FailedRow> failed = new ArrayList<>();
    String failedNote = "";
    try {
      for (JsonNode f : call("GET", "/notifications/failed", Map.of(), null, s).path("items")) {
        failed.add(failedRow(f));
      }
    } catch (DeploymentException e) {
      failedNote = refusal(e);
    }
    return views.notifications(
        s, csrf, channels, channelsNote, failed, failedNote, who.mayEverywhere(Action.ADMIN),
        message, error);
  }

  /** Stack events on one page of a deployment's events; the links page through the rest. */
  static final int EVENTS = 100;

  /**
   * A page of the deployment's stack events through {@code GET /deployments/{id}/events}, from
   * the API's page token {@code after} (null: the first page, which polls while the deployment
   * runs); where that route is not served (or fails) a note instead, and the rest of the page
   * still renders.
   */
  ConsoleModels.StackEvents stackEvents(
      String deploymentId, boolean live, String after, Session s) {
    String page = ConsolePaths.deployment(deploymentId);
    String refresh = live && after == null ? page + "?fragment=events" : null;
    String first = after == null ? null : page + "#stack-events";
    if (api == null) {
      return new ConsoleModels.StackEvents(
          List.of(), "Stack events are not served here.", null, null, false, null);
    }
    try {
      Map<String, String> query = new java.util.LinkedHashMap<>();
      query.put("limit", String.valueOf(EVENTS));
      if (after != null) {
        query.put("nextToken", after);
      }
      JsonNode answer = call("GET", "/deployments/" + deploymentId + "/events", query, null, s);
      List<ConsoleModels.StackEventRow> rows = new ArrayList<>();
      for (JsonNode e : answer.path("items")) {
        rows.add(new ConsoleModels.StackEventRow(
            text(e, "timestamp"), text(e, "logicalResourceId"), text(e, "resourceType"),
            text(e, "resourceStatus"), text(e, "statusReason"), text(e, "physicalResourceId")));
      }
      String next =
          answer.hasNonNull("nextToken")
              ? page + "?events=" + ConsolePaths.query(answer.path("nextToken").asText())
                  + "#stack-events"
              : null;
      return new ConsoleModels.StackEvents(
          rows, rows.isEmpty() ? "No stack events are recorded for this deployment." : "", next,
          first, answer.path("truncated").asBoolean(), refresh);
    } catch (DeploymentException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        // The deployment exists (the page read it): the route is what is missing.
        return new ConsoleModels.StackEvents(
            List.of(), "Stack events are not served by this control plane"
                + " (no GET /deployments/{id}/events).", null, null, false, null);
      }
      return new ConsoleModels.StackEvents(
          List.of(), "Stack events could not be read: " + e.getMessage(), null, first, false,
          refresh);
    }
  }

  /** The route's answer as the API client reads it (JSON), or its refusal thrown. */
  private JsonNode call(String method, String path, Map<String, String> query, String body,
      Session s) {
    ApiRoutes.Response r = api.call(method, path, query, body, s.caller());
    JsonNode answer = Json.mapper().valueToTree(r.body());
    if (r.status() >= 400) {
      JsonNode e = answer.path("error");
      ErrorCode code;
      try {
        code = ErrorCode.valueOf(e.path("code").asText());
      } catch (IllegalArgumentException unknown) {
        code = ErrorCode.INTERNAL;
      }
      throw new DeploymentException(code, e.path("message").asText("the API refused"));
    }
    return answer;
  }

  private void served() {
    if (api == null) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "the scans and notifications pages are not served here");
    }
  }

  private static String refusal(DeploymentException e) {
    if (e.code().httpStatus() >= 500) {
      throw e;
    }
    return "Not shown: " + e.getMessage();
  }

  private static DriftScanView driftScan(JsonNode scan) {
    List<Pair> outcomes = new ArrayList<>();
    scan.path("outcomes").properties()
        .forEach(e -> outcomes.add(new Pair(e.getKey(), e.getValue().asText())));
    List<Pair> failures = new ArrayList<>();
    for (JsonNode f : scan.path("failures")) {
      failures.add(new Pair(f.path("stack").asText(),
          f.path("code").asText() + ": " + f.path("message").asText()));
    }
    String status = scan.path("status").asText();
    return new DriftScanView(
        scan.path("scanId").asText(), status, text(scan, "trigger"), text(scan, "startedAt"),
        text(scan, "finishedAt"), scan.path("progress").path("done").asInt(),
        scan.path("progress").path("total").asInt(), outcomes, failures, text(scan, "reason"),
        status.equals("STARTING") || status.equals("RUNNING"));
  }

  private static CostScanRow costScan(JsonNode scan) {
    JsonNode failure = scan.path("failure");
    return new CostScanRow(
        scan.path("scanId").asText(), scan.path("status").asText(), text(scan, "started"),
        text(scan, "finished"), text(scan, "stacks"), text(scan, "recorded"),
        scan.has("anomalyCount") ? text(scan, "anomalyCount")
            : scan.has("anomalies") ? String.valueOf(scan.path("anomalies").size()) : "",
        failure.isMissingNode() ? ""
            : failure.path("code").asText() + ": " + failure.path("message").asText());
  }

  private static FailedRow failedRow(JsonNode f) {
    String stack = text(f, "stackName");
    String deployment = text(f, "deploymentId");
    String id = f.path("id").asText();
    return new FailedRow(
        id, text(f, "channel"), text(f, "type"), stack,
        stack.isEmpty() ? null : ConsolePaths.stack(stack), deployment,
        deployment.isEmpty() ? null : ConsolePaths.deployment(deployment), text(f, "code"),
        text(f, "message"), text(f, "status"), text(f, "attempts"), text(f, "failedAt"),
        text(f, "lastTriedAt"),
        NOTIFICATIONS + "/failed/" + ConsolePaths.segment(id) + "/retry");
  }

  private static String channelScope(JsonNode c) {
    return "events " + list(c.path("types")) + "; stacks " + list(c.path("stacks"))
        + "; from severity " + c.path("minSeverity").asText("LOW");
  }

  private static String list(JsonNode values) {
    List<String> all = new ArrayList<>();
    values.forEach(v -> all.add(v.asText()));
    return all.isEmpty() ? "all" : String.join(", ", all);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }
}
