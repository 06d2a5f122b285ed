package dev.fogbank.functions.console;

import java.util.List;

/**
 * What the templates show, already reduced to text and links: the templates hold no logic beyond
 * loops and conditions, and every value reaches the page through jte's HTML escaping.
 */
public final class ConsoleModels {
  private ConsoleModels() {}

  /** The frame of every page: title, who is logged in (null on the login page), CSRF token. */
  public record Chrome(String title, String caller, String csrf) {}

  public record StackRow(
      String name,
      String href,
      String status,
      String deploymentHref,
      String requester,
      String requestedAt,
      String source,
      String lock,
      String drift,
      String driftTitle,
      String cost,
      String costTitle) {}

  public record Stacks(
      Chrome chrome,
      List<StackRow> rows,
      String name,
      String status,
      List<String> statuses,
      Integer total,
      String refreshUrl,
      Integer matching,
      int first,
      int last,
      String previousHref,
      String nextHref,
      DeployFormView deploy) {}

  public record LockView(
      String owner, String deploymentId, String acquiredAt, String expiresAt, String reason) {}

  public record HistoryRow(
      String id,
      String href,
      String status,
      String source,
      String requester,
      String requestedAt,
      String endedAt,
      String changes,
      boolean rollback) {}

  public record Stack(
      Chrome chrome,
      String name,
      String href,
      LockView lock,
      List<HistoryRow> rows,
      String nextHref,
      boolean mayRollback,
      boolean mayForceRelease,
      DeployFormView deploy,
      DriftView drift,
      CostChart cost,
      boolean insights,
      String budget,
      String budgetNote) {}

  public record TimelineEntry(String label, String at) {}

  public record Change(
      String action,
      String logicalId,
      String type,
      String replacement,
      String risk,
      String reason,
      String properties) {}

  public record FindingRow(
      String ruleId, String severity, String resource, String line, String message,
      boolean suppressed) {}

  public record Cost(
      String unavailable,
      String monthly,
      String delta,
      String currency,
      String coverage,
      List<CostRow> resources) {}

  /** One changed resource's monthly figure before and after ("" where absent or not priced). */
  public record CostRow(String logicalId, String type, String before, String after) {}

  public record RootCause(String code, String message, String resource) {}

  public record Deployment(
      Chrome chrome,
      String id,
      String href,
      String stackName,
      String stackHref,
      String status,
      boolean live,
      String liveUrl,
      List<TimelineEntry> timeline,
      String source,
      String requester,
      String riskLevel,
      List<Change> changes,
      List<String> notes,
      List<FindingRow> findings,
      String findingCounts,
      Cost cost,
      RootCause rootCause,
      List<Pair> parameters,
      List<Pair> tags,
      String approval,
      boolean mayDecide,
      TemplateDiff templateDiff) {}

  public record Pair(String key, String value) {}

  /**
   * The template diff against the previous SUCCEEDED deployment. {@code state}: none (no earlier
   * one), unchanged, unavailable, too-large, diff; {@code total} is the diff's length before the
   * cut to {@code lines}.
   */
  public record TemplateDiff(
      String state, String message, String previousId, String previousHref, List<DiffLine> lines,
      int total) {
    static TemplateDiff note(String state, String message) {
      return new TemplateDiff(state, message, null, null, List.of(), 0);
    }

    static TemplateDiff against(
        String previousId, String state, String message, List<DiffLine> lines, int total) {
      return new TemplateDiff(
          state, message, previousId, ConsolePaths.deployment(previousId), lines, total);
    }

    public boolean cut() {
      return total > lines.size();
    }
  }

  /** One line of a unified diff; {@code kind}: add, remove, context, hunk, header. */
  public record DiffLine(String kind, String text) {}

  /**
   * The deploy form's values (kept when the server refuses them), its CSRF token and its
   * idempotency key; {@code stackFixed}: on a stack's page, where the name is that stack's.
   */
  public record DeployFormView(
      String csrf,
      String stackName,
      String template,
      String parameters,
      String tags,
      String approval,
      List<String> approvals,
      String idempotencyKey,
      boolean stackFixed) {}

  /** The deploy page: the form again, with the server's refusal when there was one. */
  public record DeployPage(Chrome chrome, DeployFormView form, String error) {}

  public record ErrorPage(Chrome chrome, int status, String id, String message) {}

  /**
   * A drift scan's progress, as {@code GET /drift-scans/{id}} answers it (or {@code GET
   * /drift-scans} lists it: then without failures).
   */
  public record DriftScanView(
      String id,
      String status,
      String trigger,
      String startedAt,
      String finishedAt,
      int done,
      int total,
      List<Pair> outcomes,
      List<Pair> failures,
      String reason,
      boolean running) {}

  /** One of {@code GET /cost-scans}' items. */
  public record CostScanRow(
      String id,
      String status,
      String started,
      String finished,
      String stacks,
      String recorded,
      String anomalies,
      String failure) {}

  public record Scans(
      Chrome chrome,
      List<Pair> driftCounts,
      String driftNote,
      boolean driftCountsPartial,
      DriftScanView driftScan,
      List<DriftScanView> driftScans,
      String driftScansNote,
      List<CostScanRow> costScans,
      String costNote,
      boolean mayStart,
      String refreshUrl,
      String error) {}

  /** One of {@code GET /notifications/failed}' items, with its retry form's action. */
  public record FailedRow(
      String id,
      String channel,
      String type,
      String stack,
      String stackHref,
      String deploymentId,
      String deploymentHref,
      String code,
      String message,
      String status,
      String attempts,
      String failedAt,
      String lastTriedAt,
      String retryAction) {}

  public record Notifications(
      Chrome chrome,
      List<Pair> channels,
      String channelsNote,
      List<FailedRow> failed,
      String failedNote,
      boolean mayRetry,
      String message,
      String error) {}

  /** One CloudFormation stack event, as {@code GET /deployments/{id}/events} answers it. */
  public record StackEventRow(
      String at, String logicalId, String type, String status, String reason, String physicalId) {}

  /**
   * A deployment's stack events, oldest first, or a note saying why there are none; while the
   * deployment runs the section polls {@code refreshUrl}.
   */
  /**
   * A page of a deployment's stack events: {@code nextUrl} the deployment page with the page after
   * it (null on the last), {@code firstUrl} back to the first page (null on it), {@code truncated}
   * when the log kept only the newest events.
   */
  public record StackEvents(
      List<StackEventRow> rows,
      String note,
      String nextUrl,
      String firstUrl,
      boolean truncated,
      String refreshUrl) {}
}
