package dev.fogbank.functions.console;

import dev.fogbank.functions.console.ConsoleModels.DeployFormView;
import dev.fogbank.functions.console.ConsoleSessions.Session;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.concurrent.ConcurrentReads;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.drift.DriftRecords;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPage;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.TemplateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console: server-rendered pages over the same domain services as the API routes, with a
 * signed session cookie instead of a bearer token and a CSRF token on every form. Transport-
 * neutral ({@link ConsoleRequest} in, {@link ConsoleResponse} out). Pages: docs/console.md.
 */
public final class Console {
  /** A stack page shows this many deployments, then a link to the next page. */
  static final int HISTORY_PAGE = 20;

  /** Forms are small; anything larger is not one of ours. */
  static final int MAX_FORM_BYTES = 16 * 1024;

  private static final String DEPLOY = "/console/deploy";
  private static final Pattern STACK = Pattern.compile("/console/stacks/([^/]+)");
  private static final Pattern STACK_ACTION =
      Pattern.compile("/console/stacks/([^/]+)/(rollback|force-release)");
  private static final Pattern DEPLOYMENT = Pattern.compile("/console/deployments/([^/]+)");
  private static final Pattern DECISION =
      Pattern.compile("/console/deployments/([^/]+)/(approve|reject)");

  /** The domain services the pages read and the forms call, each built on first use. */
  public record Services(
      Supplier<DeploymentHistory> history,
      Supplier<LockStore> locks,
      Supplier<StackSummaries> stacks,
      Supplier<DeploymentApprovals> approvals,
      Supplier<StackRollback> rollback,
      Supplier<TemplateStore> templates,
      String account,
      String region) {}

  private final Services services;
  private final ConsoleSessions sessions;
  private final ConsoleLogin login;
  private final Authorizer authorizer;
  private final ConsoleViews views;
  private ConsoleAssets assets = new ConsoleAssets();
  private DeploymentSubmitter deployments;
  private Insights insights;
  private OperationsPages operations;
  private Supplier<CostLookups> budgets;
  private TicketLedger tickets;
  private boolean apiReference = true;
  private StackPages stackPages = new StackPages(PageTokens.ephemeral());
  private final Clock clock;

  /**
   * {@code login}: who a token belongs to (local mode's token form); null where no token logs in
   * (in AWS, where only a one-time ticket does: {@link #withTickets}).
   */
  public Console(
      Services services,
      ConsoleSessions sessions,
      ConsoleLogin login,
      Authorizer authorizer,
      Clock clock) {
    this.services = services;
    this.sessions = sessions;
    this.login = login;
    this.authorizer = authorizer;
    this.views = new ConsoleViews(clock);
    this.clock = clock;
    this.insights = new Insights(null, null);
    this.operations = new OperationsPages(null, views);
  }

  /**
   * The scans and notifications pages read and act through {@code api} (the API's own routes);
   * without it they answer 404.
   */
  public Console withApi(ApiCalls api) {
    this.operations = new OperationsPages(api, views);
    return this;
  }

  /**
   * The deploy form sends its deployments through {@code submitter} ({@code POST /deployments}'s
   * own route); without one the form is not shown and {@code /console/deploy} says so.
   */
  public Console withDeployments(DeploymentSubmitter submitter) {
    this.deployments = submitter;
    return this;
  }

  /**
   * The stacks page's links carry their position as the API's page tokens, signed with {@code
   * tokens} (the API's own key, so a link outlives one process); without it, with a key of this
   * process only.
   */
  public Console withPageTokens(PageTokens tokens) {
    this.stackPages = new StackPages(tokens);
    return this;
  }

  /**
   * The drift records and cost reports the stacks and stack pages show (drift status, month-to-
   * date cost); without them those columns stay empty.
   */
  public Console withInsights(Supplier<DriftRecords> drift, Supplier<CostReports> costs) {
    this.insights = new Insights(drift, costs);
    return this;
  }

  /**
   * Where the stacks' monthly budgets are looked up, drawn on the stack page's cost chart: the
   * API's own {@code GET /costs?stack=} lookups (locally AWS Budgets directly; in AWS a synchronous
   * Invoke of the cost-scan function, which carries the Budgets client the console artifact has
   * no room for). Without it there is no budget line.
   */
  public Console withBudgets(Supplier<CostLookups> budgets) {
    this.budgets = budgets;
    return this;
  }

  /**
   * Logging in with one-time tickets (the console in AWS, docs/console.md "In AWS"): {@code GET
   * /console/login?ticket=} exchanges a ticket from {@link #loginPath} for the session cookie, once;
   * {@code ledger} records its use. The login page then says how to get a ticket instead of asking
   * for a token.
   */
  public Console withTickets(TicketLedger ledger) {
    this.tickets = ledger;
    return this;
  }

  /**
   * The one-time login URL's path for an already authenticated {@code caller} (in AWS: the IAM
   * principal API Gateway checked on {@code POST /console/session}).
   */
  public String loginPath(String caller) {
    if (tickets == null) {
      throw new IllegalStateException("login tickets are not enabled (withTickets)");
    }
    return "/console/login?ticket=" + sessions.ticket(caller);
  }

  /**
   * {@code /api} (Swagger UI) is not served here (the console function without its assets
   * archive configured): {@code /api} answers a 404 page saying where the reference is.
   */
  public Console withoutApiReference() {
    this.apiReference = false;
    return this;
  }

  /**
   * {@code /api} (Swagger UI) from {@code archive} where this classpath lacks its files: the
   * console-assets jar (Swagger UI's bundle and stylesheet from its WebJar, the page, its script
   * and the OpenAPI document), which the console function in AWS reads from the artifacts bucket,
   * once, on the first {@code /api} request.
   */
  public Console withApiReference(Supplier<byte[]> archive) {
    this.assets = ConsoleAssets.withArchive(archive);
    this.apiReference = true;
    return this;
  }

  /**
   * What {@code POST /console/session} answers a program that authenticated (the IAM-signed call
   * in AWS, the bearer token locally): the one-time login link's path, for whom, and how long it
   * is valid.
   */
  public Map<String, Object> ticketAnswer(String caller) {
    return Map.of(
        "principal", caller,
        "loginPath", loginPath(caller),
        "expiresInSeconds", ConsoleSessions.TICKET_TTL.toSeconds());
  }

  /** Whether a path is the console's (else it is the JSON API's). */
  public static boolean serves(String path) {
    return path.equals("/")
        || path.equals("/console")
        || path.startsWith("/console/")
        || path.equals("/api")
        || path.startsWith("/api/");
  }

  public ConsoleResponse handle(ConsoleRequest request) {
    try {
      return route(request);
    } catch (DeploymentException e) {
      return errorPage(e.code(), e.getMessage(), session(request).orElse(null));
    } catch (RuntimeException e) {
      StructuredLog.error("console_unhandled", Map.of("type", e.getClass().getName()));
      return ConsoleResponse.html(
          500, views.error(null, 500, "error", "internal error"), List.of());
    }
  }

  private ConsoleResponse route(ConsoleRequest request) {
    String method = request.method();
    String path = request.path();
    Optional<ConsoleResponse> publicPage = publicRoute(method, path, request);
    if (publicPage.isPresent()) {
      return publicPage.get();
    }
    Optional<Session> session = session(request);
    if (session.isEmpty()) {
      // htmx follows HX-Redirect itself; a plain browser follows the 303.
      return ConsoleResponse.redirect("/console/login", List.of())
          .with("HX-Redirect", "/console/login");
    }
    Session s = session.get();
    if (method.equals("GET") && path.equals("/console/stacks")) {
      // Reads the caller's grants beside the page's other reads (see stacksPage).
      return stacksPage(request, s);
    }
    // The same grants as the API's routes: read per request, so a policy change applies at once.
    Caller who = authorizer.caller(s.caller());
    if (method.equals("POST")) {
      Map<String, String> form =
          ConsoleForms.parse(
              request.body(), path.equals(DEPLOY) ? DeployForm.MAX_BYTES : MAX_FORM_BYTES);
      if (!sessions.csrfValid(s, form.get("csrf"))) {
        return forbidden(s, "this form is stale or was not sent by the console (CSRF check failed);"
            + " reload the page and try again");
      }
      if (path.equals(DEPLOY)) {
        return deploy(form, s);
      }
      if (OperationsPages.serves(path)) {
        return operations.post(path, s, sessions.csrf(s), who);
      }
      return post(path, form, s, who);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new DeploymentException(
          ErrorCode.METHOD_NOT_ALLOWED, shown(method) + " is not allowed on " + shown(path));
    }
    return get(path, request, s, who);
  }

  /** Pages and files that need no session: login, the assets, the API reference. */
  private Optional<ConsoleResponse> publicRoute(
      String method, String path, ConsoleRequest request) {
    if (path.equals("/") || path.equals("/console") || path.equals("/console/")) {
      return Optional.of(
          ConsoleResponse.redirect(
              session(request).isPresent() ? "/console/stacks" : "/console/login", List.of()));
    }
    if (path.equals("/console/login") && method.equals("GET")) {
      String ticket = request.query().get("ticket");
      return Optional.of(
          tickets != null && ticket != null
              ? redeem(ticket, request)
              : ConsoleResponse.html(200, views.login(null, login == null), List.of()));
    }
    if (path.equals("/console/session") && method.equals("POST")) {
      return Optional.of(logIn(request));
    }
    if (path.equals("/console/logout") && method.equals("POST")) {
      return Optional.of(logOut(request));
    }
    if (method.equals("GET") && !apiReference && path.startsWith("/api")) {
      return Optional.of(
          errorPage(
              ErrorCode.NOT_FOUND,
              "The API reference (Swagger UI) is not configured here (no console assets"
                  + " archive); the OpenAPI document is docs/api/openapi.yaml in fogbank's source.",
              session(request).orElse(null)));
    }
    if (method.equals("GET") && (path.startsWith("/console/assets/") || path.startsWith("/api"))) {
      return Optional.of(
          assets
              .serve(path)
              .orElseGet(() -> errorPage(ErrorCode.NOT_FOUND, "no page " + shown(path), null)));
    }
    return Optional.empty();
  }

  /**
   * A login ticket for the session cookie, once: a forged, expired or used ticket gets the login
   * page with the reason and no cookie.
   */
  private ConsoleResponse redeem(String value, ConsoleRequest request) {
    ConsoleSessions.TicketCheck check = sessions.readTicket(value);
    if (check.ticket() == null) {
      return ConsoleResponse.html(401, views.login(check.problem(), login == null), List.of());
    }
    ConsoleSessions.Ticket ticket = check.ticket();
    if (!tickets.firstUse(ticket.id(), ticket.caller(), ticket.expiresAt())) {
      StructuredLog.info("console_ticket_replayed", Map.of("caller", ticket.caller()));
      return ConsoleResponse.html(
          401,
          views.login(
              "This login link was already used: run fogbank console again.", login == null),
          List.of());
    }
    String cookie = sessions.setCookie(sessions.issue(ticket.caller()), request.secure());
    return ConsoleResponse.redirect("/console/stacks", List.of(cookie));
  }

  private ConsoleResponse logIn(ConsoleRequest request) {
    Optional<String> bearer =
        request
            .header("Authorization")
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).strip());
    if (bearer.isPresent() && tickets != null && login != null) {
      // fogbank console in local mode: the bearer token, sent by a program (a browser's form
      // cannot set this header), gets a one-time login link as the IAM-signed call does in AWS.
      Optional<String> caller = login.callerFor(bearer.get());
      return caller.isEmpty()
          ? ConsoleResponse.json(
              401,
              Map.of("error", Map.of("code", ErrorCode.UNAUTHORIZED.name(), "message",
                  "that token is not valid: use the token fogbank printed")))
          : ConsoleResponse.json(200, ticketAnswer(caller.get()));
    }
    if (login == null) {
      // No token logs in here (AWS): the session route is IAM-authenticated and answers a ticket.
      return ConsoleResponse.html(
          401, views.login("Log in with fogbank console (a one-time link).", true), List.of());
    }
    Map<String, String> form = ConsoleForms.parse(request.body(), MAX_FORM_BYTES);
    Optional<String> caller = login.callerFor(form.get("token"));
    if (caller.isEmpty()) {
      return ConsoleResponse.html(
          401,
          views.login("That token is not valid: use the token fogbank printed.", false),
          List.of());
    }
    String cookie = sessions.setCookie(sessions.issue(caller.get()), request.secure());
    return ConsoleResponse.redirect("/console/stacks", List.of(cookie));
  }

  /** Logging out needs the CSRF token too: a forged POST must not end someone's session. */
  private ConsoleResponse logOut(ConsoleRequest request) {
    Optional<Session> session = session(request);
    if (session.isPresent()) {
      Map<String, String> form = ConsoleForms.parse(request.body(), MAX_FORM_BYTES);
      if (!sessions.csrfValid(session.get(), form.get("csrf"))) {
        return forbidden(session.get(), "logout refused: CSRF check failed");
      }
    }
    return ConsoleResponse.redirect(
        "/console/login", List.of(ConsoleSessions.clearCookie(request.secure())));
  }

  private ConsoleResponse get(String path, ConsoleRequest request, Session s, Caller who) {
    if (path.equals(DEPLOY)) {
      String stack = request.query().getOrDefault("stack", "");
      if (deployments == null) {
        throw new DeploymentException(
            ErrorCode.NOT_FOUND, "deploying from the console is not served here");
      }
      return ConsoleResponse.html(
          200,
          views.deploy(s, deployForm(s, Map.of("stackName", stack), false), null),
          List.of());
    }
    if (OperationsPages.serves(path)) {
      return operations.get(path, request.query(), s, sessions.csrf(s), who);
    }
    Matcher m = STACK.matcher(path);
    if (m.matches()) {
      return stackPage(m.group(1), request.query().get("next"), s, who);
    }
    m = DEPLOYMENT.matcher(path);
    if (m.matches()) {
      DeploymentRecord record = deployment(m.group(1));
      who.require(Action.READ, record.stack().name());
      boolean mayApprove = who.may(Action.APPROVE, record.stack().name());
      String asked = request.query().get("fragment");
      boolean live = !record.status().isTerminal();
      if ("events".equals(asked)) {
        return ConsoleResponse.html(
            200,
            views.stackEvents(
                operations.stackEvents(record.deploymentId(), live, null, s)),
            List.of());
      }
      if (!"live".equals(asked)) {
        // The template diff and the stack events are read beside each other, on the full page
        // only: the polled live fragment reads neither S3 nor CloudFormation.
        var events =
            ConcurrentReads.start(
                () -> operations.stackEvents(
                    record.deploymentId(), live, request.query().get("events"), s));
        var diff =
            new TemplateDiffs(services.history().get(), services.templates().get()).of(record);
        return ConsoleResponse.html(
            200,
            views.deployment(s, sessions.csrf(s), record, mayApprove, diff)
                .with("events", events.join())
                .full(),
            List.of());
      }
      var page = views.deployment(s, sessions.csrf(s), record, mayApprove, null);
      // The approve/reject forms sit outside the polled region (so typing a reason survives the
      // polling): when they appear or go away, htmx reloads the page once.
      boolean decide = mayApprove && record.status() == DeploymentStatus.AWAITING_APPROVAL;
      ConsoleResponse fragment = ConsoleResponse.html(200, page.fragment(), List.of());
      return decide == "1".equals(request.query().get("decide"))
          ? fragment
          : fragment.with("HX-Refresh", "true");
    }
    throw new DeploymentException(ErrorCode.NOT_FOUND, "no page " + shown(path));
  }

  /**
   * The stacks page ({@link StackPages}). Its reads do not depend on each other, so they run at
   * once: the caller's grants (the policy item) and, unfiltered, one page of the stack index and
   * its count (a Query of 101 items and a GetItem); then, for the 100 rows shown only, their
   * locks, their newest drift and their month-to-date costs (one BatchGetItem each, run at once),
   * so the page reads what it shows, not every stack. Filtered, or for a caller who may read some
   * stacks only, the index is read from the link's position until a page of matches is found
   * (only the key ranges of the pattern's literal start, if it has one), not the whole index.
   */
  private ConsoleResponse stacksPage(ConsoleRequest request, Session s) {
    String name = request.query().getOrDefault("name", "");
    String status = request.query().getOrDefault("status", "");
    StackPages.Position at = stackPages.open(name, status, request.query().get("page"));
    var who = ConcurrentReads.start(() -> authorizer.caller(s.caller()));
    boolean unfiltered = StackPages.unfiltered(name, status);
    String prefix = ConsoleViews.literalPrefix(name);
    // Read beside the grants, for a caller who may read every stack (the usual case): one page of
    // the index, or of the stacks that match the filter, and the index's count.
    StackPages.Keep matches = new StackPages.Keep(x -> true, name, status);
    var window =
        ConcurrentReads.start(
            () -> unfiltered
                ? StackPages.window(services.stacks().get(), at)
                : StackPages.window(services.stacks().get(), prefix, at, matches));
    var count = ConcurrentReads.start(() -> services.stacks().get().count());
    Caller caller = who.join();
    StackPages.Slice slice;
    if (caller.mayEverywhere(Action.READ)) {
      slice =
          unfiltered
              ? stackPages.indexed(window.join(), count.join(), name, status)
              : stackPages.filtered(window.join(), count.join(), matches, prefix, name, status);
    } else {
      // Some stacks only: the page of those the caller may read (never another's, nor their count).
      window.abandon();
      count.abandon();
      StackPages.Keep readable =
          new StackPages.Keep(x -> caller.may(Action.READ, x.stack().name()), name, status);
      slice =
          stackPages.filtered(
              StackPages.window(services.stacks().get(), prefix, at, readable), null, readable,
              prefix, name, status);
    }
    var page =
        views.stacks(
            s, sessions.csrf(s), slice, name, status,
            shown -> {
              List<StackRef> refs = shown.stream().map(x -> x.stack()).toList();
              var locks = ConcurrentReads.start(() -> services.stacks().get().withLocks(shown));
              var costs = ConcurrentReads.start(() -> insights.monthToDate(refs));
              var drift = insights.latestDrift(refs);
              return new ConsoleViews.PageReads(
                  locks.join(), drift, costs.join());
            },
            deployments != null && caller.mayAnywhere(Action.DEPLOY)
                ? deployForm(s, Map.of(), false)
                : null);
    return ConsoleResponse.html(
        200,
        "table".equals(request.query().get("fragment")) ? page.fragment() : page.full(),
        List.of());
  }

  private ConsoleResponse stackPage(String name, String next, Session s, Caller who) {
    who.require(Action.READ, name);
    StackRef stack = StackRef.of(services.account(), services.region(), name);
    // Drift and costs are read beside the history (they do not depend on it).
    var drift = ConcurrentReads.start(() -> insights.freshDrift(stack));
    var costs = ConcurrentReads.start(() -> insights.freshCosts(name));
    var budget = ConcurrentReads.start(() -> budget(stack));
    HistoryPage history = services.history().get().list(stack, HISTORY_PAGE, next);
    if (history.items().isEmpty() && next == null) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "no managed stack named '" + shown(name) + "'");
    }
    Optional<StackLock> lock = services.locks().get().read(stack);
    String current = currentDeployment(stack, history);
    return ConsoleResponse.html(
        200,
        views.stack(
            s,
            sessions.csrf(s),
            name,
            history,
            lock.orElse(null),
            current,
            who.may(Action.DEPLOY, name),
            // Force-release is for admins of every stack, as DELETE /stacks/{name}/lock?force=true.
            who.mayEverywhere(Action.ADMIN),
            deployments != null && who.may(Action.DEPLOY, name)
                ? deployForm(s, Map.of("stackName", name), true)
                : null,
            drift.join(),
            costs.join(),
            insights.wired(),
            budget.join().amount(),
            budget.join().note()),
        List.of());
  }

  /** A stack's monthly budget, or why there is none to show (both null: budgets not wired). */
  private record Budget(java.math.BigDecimal amount, String note) {}

  private Budget budget(StackRef stack) {
    if (budgets == null) {
      return new Budget(null, null);
    }
    try {
      return budgets.get().budget(stack)
          .map(b -> new Budget(b.amount(), null))
          .orElseGet(() -> new Budget(null,
              "No budget is set for this stack (deployment.yaml's budget:, or options.budget)."));
    } catch (DeploymentException e) {
      // The rest of the page does not depend on it.
      StructuredLog.warn("console_budget_unreadable", Map.of("stackName", stack.name(),
          "code", e.code().name()));
      return new Budget(null, "The budget could not be read: " + e.getMessage());
    }
  }

  /**
   * The deploy form's POST: the fields become the {@code POST /deployments} body and go through
   * that route (its checks, grants and idempotency); a refusal shows the form again with what was
   * typed, so nothing is lost.
   */
  private ConsoleResponse deploy(Map<String, String> form, Session s) {
    if (deployments == null) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "deploying from the console is not served here");
    }
    try {
      String key = form.get("idempotencyKey");
      String id =
          deployments.submit(
              DeployForm.requestJson(form),
              s.caller(),
              key == null || key.isBlank() ? DeployForm.newIdempotencyKey() : key);
      return ConsoleResponse.redirect(ConsolePaths.deployment(id), List.of());
    } catch (DeploymentException e) {
      if (e.code().httpStatus() >= 500) {
        throw e;
      }
      return ConsoleResponse.html(
          e.code().httpStatus(),
          views.deploy(s, deployForm(s, form, false), e.getMessage()),
          List.of());
    }
  }

  private DeployFormView deployForm(Session s, Map<String, String> values, boolean stackFixed) {
    return new DeployFormView(
        sessions.csrf(s),
        values.getOrDefault("stackName", ""),
        values.getOrDefault("templateBody", ""),
        values.getOrDefault("parameters", ""),
        values.getOrDefault("tags", ""),
        values.getOrDefault("approval", DeployForm.APPROVALS.get(0)),
        DeployForm.APPROVALS,
        // A new key each time the form is shown: a refused attempt recorded nothing to replay.
        DeployForm.newIdempotencyKey(),
        stackFixed);
  }

  /** The newest SUCCEEDED deployment: what the stack runs now, so no rollback button on it. */
  private String currentDeployment(StackRef stack, HistoryPage page) {
    return page.items().stream()
        .filter(r -> r.status() == DeploymentStatus.SUCCEEDED)
        .map(DeploymentRecord::deploymentId)
        .findFirst()
        .orElse(null);
  }

  private ConsoleResponse post(
      String path, Map<String, String> form, Session s, Caller who) {
    Matcher m = DECISION.matcher(path);
    if (m.matches()) {
      String id = m.group(1);
      DeploymentRecord record = deployment(id);
      who.require(Action.APPROVE, record.stack().name());
      String reason = blankToNull(form.get("reason"));
      if (m.group(2).equals("approve")) {
        services.approvals().get().approve(id, s.caller(), reason);
      } else {
        services.approvals().get().reject(id, s.caller(), reason);
      }
      return ConsoleResponse.redirect("/console/deployments/" + ConsolePaths.segment(id), List.of());
    }
    m = STACK_ACTION.matcher(path);
    if (m.matches()) {
      String name = m.group(1);
      if (m.group(2).equals("rollback")) {
        who.require(Action.DEPLOY, name);
        DeploymentRecord started =
            services.rollback().get().redeploy(name, blankToNull(form.get("deployment")), s.caller());
        return ConsoleResponse.redirect(
            "/console/deployments/" + ConsolePaths.segment(started.deploymentId()), List.of());
      }
      who.requireEverywhere(Action.ADMIN, "force-release the lock of '" + shown(name) + "'");
      StackRef stack = StackRef.of(services.account(), services.region(), name);
      services.locks().get().forceRelease(stack);
      return ConsoleResponse.redirect("/console/stacks/" + ConsolePaths.segment(name), List.of());
    }
    throw new DeploymentException(ErrorCode.NOT_FOUND, "no form posts to " + shown(path));
  }

  private DeploymentRecord deployment(String id) {
    return services
        .history()
        .get()
        .get(id)
        .orElseThrow(
            () ->
                new DeploymentException(
                    ErrorCode.NOT_FOUND, "no deployment with id '" + shown(id) + "'"));
  }

  private Optional<Session> session(ConsoleRequest request) {
    return request
        .header("Cookie")
        .flatMap(ConsoleSessions::cookieValue)
        .flatMap(sessions::verify);
  }

  private ConsoleResponse forbidden(Session s, String message) {
    return ConsoleResponse.html(403, views.error(s, 403, "forbidden", message), List.of());
  }

  private ConsoleResponse errorPage(ErrorCode code, String message, Session s) {
    int status = code.httpStatus();
    String id = status == 404 ? "not-found" : status == 403 ? "forbidden" : "error";
    return ConsoleResponse.html(status, views.error(s, status, id, message), List.of());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String shown(String text) {
    return CallerText.shown(text, 120);
  }
}
