package dev.fogbank.functions.console;

import dev.fogbank.functions.console.ConsoleModels.Change;
import dev.fogbank.functions.console.ConsoleModels.Chrome;
import dev.fogbank.functions.console.ConsoleModels.Cost;
import dev.fogbank.functions.console.ConsoleModels.CostRow;
import dev.fogbank.functions.console.ConsoleModels.FindingRow;
import dev.fogbank.functions.console.ConsoleModels.HistoryRow;
import dev.fogbank.functions.console.ConsoleModels.LockView;
import dev.fogbank.functions.console.ConsoleModels.Pair;
import dev.fogbank.functions.console.ConsoleModels.RootCause;
import dev.fogbank.functions.console.ConsoleModels.StackRow;
import dev.fogbank.functions.console.ConsoleModels.TimelineEntry;
import dev.fogbank.functions.console.ConsoleSessions.Session;
import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPage;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.review.PropertyChange;
import dev.fogbank.shared.review.ReviewReport;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns domain records into page models and renders them with the precompiled jte templates. */
final class ConsoleViews {
  /**
   * A page and the fragment of it that htmx polls, each rendered when asked for: a poll renders
   * the fragment only, a page load the full page only.
   */
  static final class Rendered {
    private final String template;
    private final String fragmentTemplate;
    private final Object model;
    private final Map<String, Object> extra = new java.util.HashMap<>();

    private Rendered(String template, String fragmentTemplate, Object model) {
      this.template = template;
      this.fragmentTemplate = fragmentTemplate;
      this.model = model;
    }

    /** Another parameter of the full page's template (e.g. the deployment's stack events). */
    Rendered with(String name, Object value) {
      extra.put(name, value);
      return this;
    }

    String full() {
      Map<String, Object> params = new java.util.HashMap<>(extra);
      params.put("page", model);
      return render(template, params);
    }

    String fragment() {
      return render(fragmentTemplate, Map.of("page", model));
    }
  }

  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private final Clock clock;

  ConsoleViews(Clock clock) {
    this.clock = clock;
  }

  /** {@code viaTickets}: the console in AWS, where a one-time link logs in, not a token. */
  String login(String error, boolean viaTickets) {
    return render("login.jte", Map.of("chrome", new Chrome("Log in", null, null), "error",
        error == null ? "" : error, "viaTickets", viaTickets));
  }

  String error(Session s, int status, String id, String message) {
    Chrome chrome =
        new Chrome(status == 404 ? "Not found" : status == 403 ? "Forbidden" : "Error",
            s == null ? null : s.caller(), null);
    return render("error.jte", Map.of("page", new ConsoleModels.ErrorPage(chrome, status, id,
        message)));
  }

  /** The stacks page shows this many rows, then links to the next and previous pages. */
  static final int STACKS_PAGE = 100;

  Rendered stacks(
      Session s,
      String csrf,
      StackPages.Slice slice,
      String namePattern,
      String status,
      Function<List<StackSummary>, PageReads> pageReads,
      ConsoleModels.DeployFormView deploy) {
    // Locks, drift and costs are read for the rows shown only (one batch read of each per page).
    PageReads reads = pageReads.apply(slice.shown());
    List<StackRow> rows =
        reads.withLocks().stream()
            .map(
                x ->
                    stackRow(
                        x,
                        reads.drift().get(x.stack().name()),
                        reads.costs().get(x.stack().name())))
            .toList();
    String query =
        "name=" + ConsolePaths.query(namePattern) + "&status=" + ConsolePaths.query(status);
    var model =
        new ConsoleModels.Stacks(
            new Chrome("Stacks", s.caller(), csrf), rows, namePattern, status,
            Arrays.stream(DeploymentStatus.values()).map(Enum::name).toList(), slice.total(),
            "/console/stacks?fragment=table&" + query + pageQuery(slice.token()),
            slice.matching(),
            slice.offset() + 1,
            slice.offset() + rows.size(),
            slice.previousToken() == null
                ? null
                : "/console/stacks?" + query + pageQuery(slice.previousToken()),
            slice.nextToken() == null
                ? null
                : "/console/stacks?" + query + pageQuery(slice.nextToken()),
            deploy);
    return new Rendered("stacks.jte", "stacksTable.jte", model);
  }

  private static String pageQuery(String token) {
    return token == null ? "" : "&page=" + ConsolePaths.query(token);
  }

  /** What the shown rows of the stacks page read: locks, newest drift, month-to-date costs. */
  record PageReads(
      List<StackSummary> withLocks,
      Map<String, DriftReport> drift,
      Map<String, StackMonthCost> costs) {}

  private StackRow stackRow(StackSummary x, DriftReport drift, StackMonthCost cost) {
    StackLock lock = x.lock();
    return new StackRow(
        x.stack().name(),
        ConsolePaths.stack(x.stack().name()),
        x.latestStatus().name(),
        ConsolePaths.deployment(x.latestDeploymentId()),
        x.requester(),
        time(x.requestedAt()),
        x.source().wireName(),
        lock == null ? "" : lock.owner() + " until " + time(lock.expiresAt()),
        drift == null ? "" : drift.status().name(),
        drift == null
            ? "no drift scan has recorded this stack"
            : drift.driftedCount() + " drifted resource(s), scanned " + time(drift.at()),
        cost == null ? "" : money(cost.amount()) + " " + cost.unit(),
        cost == null ? "no cost scan has recorded this stack this month"
            : cost.month() + " through " + cost.through());
  }

  String stack(
      Session s,
      String csrf,
      String name,
      HistoryPage history,
      StackLock lock,
      String current,
      boolean mayRollback,
      boolean mayForceRelease,
      ConsoleModels.DeployFormView deploy,
      DriftReport drift,
      dev.fogbank.shared.cost.StackCostReport costs,
      boolean insights,
      BigDecimal budget,
      String budgetNote) {
    List<HistoryRow> rows =
        history.items().stream()
            .map(
                r ->
                    new HistoryRow(
                        r.deploymentId(),
                        ConsolePaths.deployment(r.deploymentId()),
                        r.status().name(),
                        r.source().wireName(),
                        r.requester(),
                        time(r.requestedAt()),
                        time(r.endedAt()),
                        r.changeSummary() == null
                            ? ""
                            : "+" + r.changeSummary().adds() + " ~" + r.changeSummary().modifies()
                                + " -" + r.changeSummary().removes(),
                        r.status() == DeploymentStatus.SUCCEEDED
                            && !r.deploymentId().equals(current)))
            .toList();
    LockView lockView =
        lock == null || lock.isExpiredAt(clock.instant())
            ? null
            : new LockView(lock.owner(), lock.deploymentId(), time(lock.acquiredAt()),
                time(lock.expiresAt()), lock.reason());
    String next =
        history.nextToken() == null
            ? null
            : ConsolePaths.stack(name) + "?next=" + ConsolePaths.query(history.nextToken());
    var model =
        new ConsoleModels.Stack(
            new Chrome("Stack " + name, s.caller(), csrf), name, ConsolePaths.stack(name),
            lockView, rows, next, mayRollback, mayForceRelease, deploy,
            drift == null ? null : DriftView.of(drift),
            costs == null ? null : CostChart.of(costs, budget),
            insights,
            budget == null ? null : money(budget),
            budgetNote);
    return render("stack.jte", Map.of("page", model));
  }

  String deploy(Session s, ConsoleModels.DeployFormView form, String error) {
    return render(
        "deploy.jte",
        Map.of("page", new ConsoleModels.DeployPage(
            new Chrome("Deploy", s.caller(), form.csrf()), form, error)));
  }

  Rendered deployment(
      Session s, String csrf, DeploymentRecord r, boolean mayApprove,
      ConsoleModels.TemplateDiff templateDiff) {
    ReviewReport review = r.review();
    boolean live = !r.status().isTerminal();
    var model =
        new ConsoleModels.Deployment(
            new Chrome("Deployment " + r.deploymentId(), s.caller(), csrf),
            r.deploymentId(),
            ConsolePaths.deployment(r.deploymentId()),
            r.stack().name(),
            ConsolePaths.stack(r.stack().name()),
            r.status().name(),
            live,
            // The page's forms depend on the status: the fragment asks for a reload when they
            // no longer fit it (see Console#get).
            ConsolePaths.deployment(r.deploymentId()) + "?fragment=live"
                + (mayApprove && r.status() == DeploymentStatus.AWAITING_APPROVAL ? "&decide=1" : ""),
            timeline(r),
            r.source().wireName(),
            r.requester(),
            review == null || review.riskLevel() == null ? "" : review.riskLevel().name(),
            review == null ? List.of() : review.changes().stream().map(ConsoleViews::change).toList(),
            review == null ? List.of() : notes(review),
            r.validation() == null
                ? List.of()
                : r.validation().findings().stream()
                    .map(
                        f ->
                            new FindingRow(
                                f.ruleId(), f.severity().name(), f.resource(),
                                f.line() == null ? "" : f.line().toString(), f.message(),
                                f.suppressed()))
                    .toList(),
            r.validation() == null
                ? ""
                : r.validation().countsView().entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")),
            review == null ? null : cost(review.costEstimate()),
            r.error() == null
                ? null
                : new RootCause(
                    r.error().code(), r.error().message(),
                    r.error().details() == null ? "" : r.error().details().describe()),
            pairs(r.parameters()),
            pairs(r.tags()),
            approval(r.approval()),
            mayApprove && r.status() == DeploymentStatus.AWAITING_APPROVAL,
            templateDiff);
    return new Rendered("deployment.jte", "deploymentLive.jte", model);
  }

  Rendered scans(
      Session s,
      String csrf,
      List<Pair> driftCounts,
      String driftNote,
      boolean driftCountsPartial,
      ConsoleModels.DriftScanView driftScan,
      List<ConsoleModels.DriftScanView> driftScans,
      String driftScansNote,
      List<ConsoleModels.CostScanRow> costScans,
      String costNote,
      boolean mayStart,
      String refreshUrl,
      String error) {
    var model =
        new ConsoleModels.Scans(
            new Chrome("Scans", s.caller(), csrf), driftCounts, driftNote,
            driftCountsPartial, driftScan, driftScans, driftScansNote, costScans, costNote,
            mayStart, refreshUrl, error);
    return new Rendered("scans.jte", "scansLive.jte", model);
  }

  /** The polled stack events section alone. */
  String stackEvents(ConsoleModels.StackEvents events) {
    return render("stackEvents.jte", Map.of("events", events));
  }

  String notifications(
      Session s,
      String csrf,
      List<Pair> channels,
      String channelsNote,
      List<ConsoleModels.FailedRow> failed,
      String failedNote,
      boolean mayRetry,
      String message,
      String error) {
    return render(
        "notifications.jte",
        Map.of("page", new ConsoleModels.Notifications(
            new Chrome("Notifications", s.caller(), csrf), channels, channelsNote, failed,
            failedNote, mayRetry, message, error)));
  }

  private static List<TimelineEntry> timeline(DeploymentRecord r) {
    List<TimelineEntry> entries = new ArrayList<>();
    entries.add(new TimelineEntry("QUEUED", time(r.requestedAt())));
    if (r.startedAt() != null) {
      entries.add(new TimelineEntry("RUNNING", time(r.startedAt())));
    }
    if (r.review() != null && r.review().approvalRequired()) {
      entries.add(new TimelineEntry("AWAITING_APPROVAL", time(r.awaitingApprovalAt())));
    }
    if (r.approval() != null) {
      entries.add(
          new TimelineEntry(
              r.approval().decision() + " by " + r.approval().by(), time(r.approval().at())));
    }
    if (r.status().isTerminal()) {
      entries.add(new TimelineEntry(r.status().name(), time(r.endedAt())));
    } else if (r.status() != DeploymentStatus.QUEUED && r.status() != DeploymentStatus.RUNNING
        && r.status() != DeploymentStatus.AWAITING_APPROVAL) {
      entries.add(new TimelineEntry(r.status().name(), ""));
    }
    return entries;
  }

  private static Change change(dev.fogbank.shared.review.ReviewedChange c) {
    return new Change(
        c.action(),
        c.logicalId(),
        c.resourceType(),
        c.replacement() == null ? "" : c.replacement().word(),
        c.risk() == null ? "" : c.risk().name(),
        c.reason() == null ? "" : c.reason(),
        c.properties().stream().map(PropertyChange::path).collect(Collectors.joining(", ")));
  }

  private static List<String> notes(ReviewReport review) {
    List<String> notes = new ArrayList<>(review.blockReasons());
    notes.addAll(review.notes());
    return notes.stream().distinct().toList();
  }

  private static Cost cost(ReviewCostEstimate e) {
    if (e == null) {
      return null;
    }
    return new Cost(
        e.unavailable(),
        money(e.monthly()),
        e.deltaMonthly() == null
            ? ""
            : (e.deltaMonthly().signum() > 0 ? "+" : "") + money(e.deltaMonthly()),
        e.currency(),
        e.coverage() == null
            ? ""
            : e.coverage().priced() + " priced, " + e.coverage().usageBased() + " usage-based, "
                + e.coverage().unknown() + " unknown",
        e.resources().stream()
            .map(r -> new CostRow(
                r.logicalId(), r.type(), money(r.monthlyBefore()), money(r.monthlyAfter())))
            .toList());
  }

  private static String approval(ApprovalDecision a) {
    if (a == null) {
      return "";
    }
    return a.decision() + " by " + a.by() + " at " + time(a.at())
        + (a.reason() == null ? "" : ": " + a.reason());
  }

  private static List<Pair> pairs(Map<String, String> map) {
    return new TreeMap<>(map).entrySet().stream().map(e -> new Pair(e.getKey(), e.getValue()))
        .toList();
  }

  private static String money(BigDecimal value) {
    return value == null ? "" : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
  }

  static String time(Instant at) {
    return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * A name filter: {@code *} and {@code ?} are wildcards (anchored then), else a substring; case
   * does not matter. Everything else is literal, so no caller text becomes a regex.
   */
  static Pattern glob(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return Pattern.compile("");
    }
    boolean wild = pattern.contains("*") || pattern.contains("?");
    StringBuilder regex = new StringBuilder(wild ? "^" : "");
    for (String part : pattern.trim().split("(?<=[*?])|(?=[*?])")) {
      regex.append(
          switch (part) {
            case "*" -> ".*";
            case "?" -> ".";
            default -> Pattern.quote(part);
          });
    }
    return Pattern.compile(wild ? regex.append("$").toString() : regex.toString(),
        Pattern.CASE_INSENSITIVE);
  }

  /**
   * What every name a {@link #glob} accepts starts with, in any case: an anchored pattern's text
   * before its first wildcard; null when there is none (no wildcard: a substring; or one first).
   */
  static String literalPrefix(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    String trimmed = pattern.trim();
    int wild = -1;
    for (int i = 0; i < trimmed.length() && wild < 0; i++) {
      if (trimmed.charAt(i) == '*' || trimmed.charAt(i) == '?') {
        wild = i;
      }
    }
    return wild <= 0 ? null : trimmed.substring(0, wild);
  }

  private static String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, params, out);
    return out.toString();
  }
}
