package dev.fogbank.functions.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentCancellation;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.secret.SecretSource;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.ReviewPolicy;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentSubmission;
import dev.fogbank.shared.deploy.IdempotencyKey;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.validation.ValidationPolicy;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.DeployedEstimate;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.CostScanRecord;
import dev.fogbank.shared.cost.StackCostReport;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.UsageAssumptions;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPage;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.json.JsonLimits;
import dev.fogbank.shared.error.StackLockedException;
import dev.fogbank.shared.lock.LockResult;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.TemplateUrls;
import dev.fogbank.functions.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The HTTP API's routes over the domain services. Transport-neutral: method, path, body. */
public final class ApiRoutes {
  /** API Gateway's payload limit is 10 MB; we refuse earlier than CloudFormation would. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  /** A manual lock lasts from a minute to a day: long enough to work, short enough to lapse. */
  static final int MIN_LOCK_TTL_SECONDS = 60;

  static final int MAX_LOCK_TTL_SECONDS = 86_400;
  static final int MAX_LOCK_REASON_CHARS = 1024;

  /** A DynamoDB item holds 400 KB; the policy is one item read on every request. */
  static final int MAX_POLICY_BYTES = 64 * 1024;


  private static final ObjectReader STRICT = strictReader();
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private final Supplier<DeploymentIntake> intake;
  private final Supplier<DeploymentHistory> history;
  private final Supplier<LockStore> locks;
  private final String account;
  private final String region;
  // Optional routes, each set by its with* method on a copy; null: the route answers that it is
  // not served here.
  private Supplier<CostEstimator> estimator;
  private Supplier<StackRollback> rollback;
  private Supplier<CostReports> costReports;
  private Supplier<CostScan> costScan;
  private Supplier<dev.fogbank.shared.cost.CostLookups> costLookups;
  private Supplier<DeploymentApprovals> approvals;
  private DriftRoutes drift;
  private Supplier<dev.fogbank.shared.notify.NotificationDispatcher> notifications;
  private Authorizer authorizer = Authorizer.unrestricted();
  private PageTokens pageTokens = PageTokens.ephemeral();
  private Supplier<StackSummaries> stackSummaries;
  private Supplier<TemplateStore> auditTemplates;
  private Supplier<TemplateUrls> templateUrls;
  private Supplier<dev.fogbank.shared.template.TemplateUploads> templateUploads;
  private Supplier<dev.fogbank.shared.cost.CostScanStarter> costScanStarter;
  private Supplier<SecretSource> slackSigningSecret;
  private Supplier<dev.fogbank.shared.history.DeploymentEvents> deploymentEvents;
  private java.time.Clock clock = java.time.Clock.systemUTC();

  public ApiRoutes(
      DeploymentIntake intake,
      DeploymentHistory history,
      LockStore locks,
      String account,
      String region) {
    this(() -> intake, () -> history, () -> locks, account, region);
  }

  private ApiRoutes(
      Supplier<DeploymentIntake> intake,
      Supplier<DeploymentHistory> history,
      Supplier<LockStore> locks,
      String account,
      String region) {
    this.intake = intake;
    this.history = history;
    this.locks = locks;
    this.account = account;
    this.region = region;
  }

  private ApiRoutes copy() {
    ApiRoutes routes = new ApiRoutes(intake, history, locks, account, region);
    routes.estimator = estimator;
    routes.rollback = rollback;
    routes.costReports = costReports;
    routes.costScan = costScan;
    routes.costLookups = costLookups;
    routes.approvals = approvals;
    routes.drift = drift;
    routes.notifications = notifications;
    routes.authorizer = authorizer;
    routes.pageTokens = pageTokens;
    routes.stackSummaries = stackSummaries;
    routes.auditTemplates = auditTemplates;
    routes.templateUrls = templateUrls;
    routes.templateUploads = templateUploads;
    routes.costScanStarter = costScanStarter;
    routes.slackSigningSecret = slackSigningSecret;
    routes.deploymentEvents = deploymentEvents;
    routes.clock = clock;
    return routes;
  }

  /**
   * These routes with {@code POST /cost-scans} queuing the scan with {@code starter} (in AWS: the
   * cost-scan function, invoked asynchronously) and answering 202 with its id, where no scan runs
   * in-process.
   */
  public ApiRoutes withCostScanStarter(Supplier<dev.fogbank.shared.cost.CostScanStarter> starter) {
    ApiRoutes routes = copy();
    routes.costScanStarter = starter;
    return routes;
  }

  /**
   * These routes with {@code POST /slack/actions} ({@link SlackActionRoutes}): Slack's signed
   * button presses, verified with {@code signingSecret} at {@code clock}'s time.
   */
  public ApiRoutes withSlackActions(Supplier<SecretSource> signingSecret, java.time.Clock clock) {
    ApiRoutes routes = copy();
    routes.slackSigningSecret = java.util.Objects.requireNonNull(signingSecret, "signingSecret");
    routes.clock = java.util.Objects.requireNonNull(clock, "clock");
    return routes;
  }

  /**
   * These routes signing their {@code nextToken}s with {@code tokens} (one key per control plane,
   * so every container accepts the others' tokens). Without it: a key of this process only.
   */
  public ApiRoutes withPageTokens(PageTokens tokens) {
    ApiRoutes routes = copy();
    routes.pageTokens = java.util.Objects.requireNonNull(tokens, "tokens");
    return routes;
  }

  /**
   * These routes with {@code GET /deployments/{id}/events} ({@link DeploymentEventsRoute}) read
   * through {@code events} (built on first use).
   */
  public ApiRoutes withDeploymentEvents(
      Supplier<dev.fogbank.shared.history.DeploymentEvents> events) {
    ApiRoutes routes = copy();
    routes.deploymentEvents = events;
    return routes;
  }

  /** These routes with {@code GET /stacks} listing {@code stacks} (built on first use). */
  public ApiRoutes withStackSummaries(Supplier<StackSummaries> stacks) {
    ApiRoutes routes = copy();
    routes.stackSummaries = stacks;
    return routes;
  }

  /**
   * These routes with {@code GET /audit} ({@link AuditRoutes}), its template diffs read from
   * {@code templates} (built on first use).
   */
  public ApiRoutes withAudit(Supplier<TemplateStore> templates) {
    ApiRoutes routes = copy();
    routes.auditTemplates = templates;
    return routes;
  }

  /** These routes taking {@code templateUrl} in {@code POST /deployments}, read by {@code urls}. */
  public ApiRoutes withTemplateUrls(Supplier<TemplateUrls> urls) {
    ApiRoutes routes = copy();
    routes.templateUrls = urls;
    return routes;
  }

  /** These routes with {@code POST /templates/uploads} ({@link TemplateUploadRoutes}). */
  public ApiRoutes withTemplateUploads(
      Supplier<dev.fogbank.shared.template.TemplateUploads> uploads) {
    ApiRoutes routes = copy();
    routes.templateUploads = uploads;
    return routes;
  }

  /** These routes with the drift routes ({@link DriftRoutes}) answered by {@code reports}. */
  public ApiRoutes withDrift(Supplier<DriftReports> reports) {
    ApiRoutes routes = copy();
    routes.drift = new DriftRoutes(reports);
    return routes;
  }

  /**
   * These routes with the notification routes ({@link NotificationRoutes}) answered by {@code
   * dispatcher} (built on first use); without it they answer 404.
   */
  public ApiRoutes withNotifications(
      Supplier<dev.fogbank.shared.notify.NotificationDispatcher> dispatcher) {
    ApiRoutes routes = copy();
    routes.notifications = dispatcher;
    return routes;
  }

  /**
   * These routes answering each caller by {@code authorizer}'s grants (403 FORBIDDEN outside
   * them, nothing done), with {@code GET/PUT /policy} for admins. Without it every caller may do
   * everything: the Lambda and local wiring always set it.
   */
  public ApiRoutes withAuthorization(Authorizer authorizer) {
    ApiRoutes routes = copy();
    routes.authorizer = java.util.Objects.requireNonNull(authorizer, "authorizer");
    return routes;
  }

  /** Who {@code principal} is to these routes: its grants (for the console's buttons, too). */
  public Caller caller(String principal) {
    return authorizer.caller(principal);
  }

  /**
   * These routes with {@code POST /deployments/{id}/approve} and {@code /reject} answered by
   * {@code approvals} (built on first use).
   */
  public ApiRoutes withApprovals(Supplier<DeploymentApprovals> approvals) {
    ApiRoutes routes = copy();
    routes.approvals = approvals;
    return routes;
  }

  /** These routes with {@code POST /estimates} answered by {@code estimator} (built on first use). */
  public ApiRoutes withEstimator(Supplier<CostEstimator> estimator) {
    ApiRoutes routes = copy();
    routes.estimator = estimator;
    return routes;
  }

  /**
   * These routes with {@code GET /costs} answered by {@code reports} and, where {@code scan} is not
   * null, {@code POST /cost-scans} running {@code scan} in-process (local mode; in AWS the scan runs
   * on its schedule in the scans function).
   */
  public ApiRoutes withCosts(Supplier<CostReports> reports, Supplier<CostScan> scan) {
    ApiRoutes routes = copy();
    routes.costReports = reports;
    routes.costScan = scan;
    return routes;
  }

  /**
   * These routes asking {@code lookups} (built on first use) what {@code GET /costs?stack=} reads
   * from AWS on each request: the stack's budget (amount, thresholds, spent against it) and, with
   * {@code groupBy=SERVICE}, its cost by service. Local mode asks Cost Explorer and Budgets itself;
   * the api function in AWS asks the cost-scan function ({@code LambdaCostLookups}). Without it no
   * budget is shown and {@code groupBy} is not served.
   */
  public ApiRoutes withCostLookups(Supplier<dev.fogbank.shared.cost.CostLookups> lookups) {
    ApiRoutes routes = copy();
    routes.costLookups = lookups;
    return routes;
  }

  /**
   * These routes with {@code POST /stacks/{name}/rollback} and {@code /continue-rollback} answered
   * by {@code rollback} (built on first use).
   */
  public ApiRoutes withRollback(Supplier<StackRollback> rollback) {
    ApiRoutes routes = copy();
    routes.rollback = rollback;
    return routes;
  }

  /**
   * Routes whose services (and so their AWS clients) are built on first use: a cold start that
   * answers /health builds no SDK client at all.
   */
  public static ApiRoutes lazy(
      Supplier<DeploymentIntake> intake,
      Supplier<DeploymentHistory> history,
      Supplier<LockStore> locks,
      String account,
      String region) {
    return new ApiRoutes(intake, history, locks, account, region);
  }

  /**
   * A response: HTTP status and a body, JSON unless {@code contentType} says otherwise (then the
   * body is the text to send as it is).
   */
  public record Response(
      int status, Object body, String contentType, Map<String, String> headers) {
    public static final String JSON = "application/json";

    /** The next page's token of a CSV or HTML answer (a JSON answer carries it in its body). */
    public static final String NEXT_TOKEN_HEADER = "Fogbank-Next-Token";

    public Response {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Response(int status, Object body, String contentType) {
      this(status, body, contentType, Map.of());
    }

    public Response(int status, Object body) {
      this(status, body, JSON);
    }
  }

  public Response handle(
      String method, String path, Map<String, String> query, String body, String caller) {
    return handle(method, path, query, body, caller, Map.of());
  }

  /**
   * {@code POST /deployments} for another front end (the web console's deploy form): this route's
   * own parsing, validation, authorization and idempotency. The deployment's id (for a replayed
   * key the first attempt's), or the route's refusal as a {@link DeploymentException}.
   */
  public String submitDeployment(String body, String caller, String idempotencyKey) {
    Response r =
        handle(
            "POST", "/deployments", Map.of(), body, caller,
            Map.of(IdempotencyKey.HEADER, idempotencyKey));
    Map<?, ?> answer = (Map<?, ?>) r.body();
    if (r.status() >= 400) {
      Map<?, ?> e = (Map<?, ?>) answer.get("error");
      throw new DeploymentException(
          ErrorCode.valueOf((String) e.get("code")), (String) e.get("message"));
    }
    return (String) answer.get("deploymentId");
  }

  /** As above, with the request's headers (any case: looked up case-insensitively). */
  public Response handle(
      String method,
      String path,
      Map<String, String> query,
      String body,
      String caller,
      Map<String, String> headers) {
    try {
      return route(
          method, path, query == null ? Map.of() : query, body, caller,
          headers == null ? Map.of() : headers);
    } catch (DeploymentException e) {
      return error(ApiError.of(e.code(), e.getMessage()));
    }
  }

  /**
   * Every operation of the API, as {@code docs/api/openapi.yaml} lists it (a test checks both
   * ways). A new route is one entry here, or one list from its own class (as {@link DriftRoutes}).
   */
  static final RouteTable ROUTES =
      RouteTable.of(
          List.of(
              Route.get("/health", "getHealth", (api, r) -> ok(Map.of("status", "ok")))
                  .withoutAuthentication(),
              Route.get("/deployments", "listDeployments",
                  (api, r) -> api.listDeployments(r.query(), r.who())),
              Route.post("/deployments", "createDeployment",
                  (api, r) -> api.submit(r.body(), r.who(), r.headers())),
              Route.post("/estimates", "createEstimate",
                  (api, r) -> api.estimate(r.body(), r.who())),
              Route.post("/cost-scans", "startCostScan",
                  (api, r) -> api.startCostScan(r.body(), r.who())),
              Route.get("/cost-scans", "listCostScans",
                  (api, r) ->
                      new CostScanListRoute(api.costReports, api.pageTokens)
                          .list(r.query(), r.who())),
              Route.get("/cost-scans/{scanId}", "getCostScan",
                  (api, r) -> api.costScan(r.param("scanId"), r.who())),
              Route.get("/cost-scans/{scanId}/stacks", "listCostScanStacks",
                  (api, r) ->
                      new CostScanStacksRoute(api.costReports, api.pageTokens)
                          .list(r.param("scanId"), r.query(), r.who())),
              Route.get("/costs", "getCosts",
                  (api, r) -> api.costs(r.query(), r.who(),
                      Csv.wanted(header(r.headers(), "Accept").orElse(null)))),
              Route.get("/stacks", "listStacks", (api, r) -> api.stacks(r.query(), r.who())),
              Route.get("/policy", "getPolicy", (api, r) -> api.policy(r.who())),
              Route.put("/policy", "putPolicy", (api, r) -> api.replacePolicy(r.body(), r.who())),
              Route.get("/deployments/{deploymentId}", "getDeployment",
                  (api, r) -> api.deployment(r.param("deploymentId"), r.who())),
              Route.post("/deployments/{deploymentId}/approve", "approveDeployment",
                  (api, r) -> api.decide(r.param("deploymentId"), true, r.body(), r.who())),
              Route.post("/deployments/{deploymentId}/reject", "rejectDeployment",
                  (api, r) -> api.decide(r.param("deploymentId"), false, r.body(), r.who())),
              Route.post("/deployments/{deploymentId}/cancel", "cancelDeployment",
                  (api, r) -> {
                    noBody(r.body());
                    return api.cancel(r.param("deploymentId"), r.who());
                  }),
              Route.get("/stacks/{stackName}/deployments", "listStackDeployments",
                  (api, r) -> api.list(r.param("stackName"), r.query(), r.who())),
              Route.get("/stacks/{stackName}/lock", "getStackLock",
                  (api, r) -> api.lock(r.param("stackName"), r.who())),
              Route.post("/stacks/{stackName}/lock", "acquireStackLock",
                  (api, r) -> api.acquireLock(r.param("stackName"), r.body(), r.who())),
              Route.delete("/stacks/{stackName}/lock", "releaseStackLock",
                  (api, r) -> api.releaseLock(r.param("stackName"), r.query(), r.who())),
              Route.post("/stacks/{stackName}/rollback", "rollbackStack",
                  (api, r) -> api.rollback(r.param("stackName"), r.body(), r.who())),
              Route.post("/stacks/{stackName}/continue-rollback", "continueStackRollback",
                  (api, r) -> api.continueRollback(r.param("stackName"), r.body(), r.who()))),
          DriftRoutes.ROUTES,
          NotificationRoutes.ROUTES,
          AuditRoutes.ROUTES,
          DeploymentEventsRoute.ROUTES,
          SlackActionRoutes.ROUTES,
          DeploymentTemplateRoute.ROUTES,
          TemplateUploadRoutes.ROUTES);

  /** The route table every ApiRoutes dispatches from (for tests and the contract check). */
  public static RouteTable routeTable() {
    return ROUTES;
  }

  private Response route(
      String method,
      String path,
      Map<String, String> query,
      String body,
      String caller,
      Map<String, String> headers) {
    RouteTable.Candidates candidates = ROUTES.candidates(this, path);
    // Every route but the public ones (health) acts for an authenticated caller, within their
    // grants; an unknown path too is answered only to one.
    Caller who = candidates.isPublic() ? null : authorizer.caller(caller);
    if (candidates.isEmpty()) {
      return error(
          ApiError.of(ErrorCode.NOT_FOUND, "no route for " + shown(method) + " " + shown(path)));
    }
    Optional<Integer> chosen = candidates.forMethod(method);
    if (chosen.isEmpty()) {
      return notAllowed(method, path);
    }
    Route route = candidates.routes().get(chosen.get());
    return route
        .handler()
        .handle(
            this,
            new RouteTable.Request(
                method, path, candidates.params().get(chosen.get()), query, body, who, headers));
  }

  /** {@code GET /deployments}: every stack's deployments, filtered ({@link DeploymentListRoute}). */
  private Response listDeployments(Map<String, String> query, Caller who) {
    return deploymentList().list(query, who);
  }

  /** {@code GET /audit}; null where no template store is wired (then it is not served). */
  AuditRoutes audit() {
    return auditTemplates == null
        ? null
        : new AuditRoutes(
            this::deploymentList, () -> new AuditTrail(history.get(), auditTemplates.get()));
  }

  /** {@code POST /templates/uploads}; null where uploads are not wired (then not served). */
  TemplateUploadRoutes templateUploads() {
    return templateUploads == null ? null : new TemplateUploadRoutes(templateUploads);
  }

  /** {@code GET /deployments/{id}/events}; null where not wired (then it is not served). */
  DeploymentEventsRoute deploymentEvents() {
    return deploymentEvents == null
        ? null
        : new DeploymentEventsRoute(history, deploymentEvents, pageTokens);
  }

  /** {@code GET /deployments/{id}/template}; null where no template store is wired. */
  DeploymentTemplateRoute deploymentTemplate() {
    return auditTemplates == null ? null : new DeploymentTemplateRoute(history, auditTemplates);
  }

  /** The drift routes; null where drift is not wired (then they are not served). */
  DriftRoutes drift() {
    return drift;
  }

  /** The signer of these routes' {@code nextToken}s. */
  PageTokens pageTokens() {
    return pageTokens;
  }

  /** The notification routes; null where notifications are not wired (not served). */
  NotificationRoutes notifications() {
    return notifications == null ? null : new NotificationRoutes(notifications, pageTokens);
  }

  private DeploymentListRoute deploymentList() {
    return new DeploymentListRoute(
        history.get(), stackSummaries == null ? null : stackSummaries.get(), pageTokens, account,
        region);
  }

  /** {@code POST /slack/actions}, where these routes have a Slack signing secret; else null. */
  SlackActionRoutes slackActions() {
    return slackSigningSecret == null
        ? null
        : new SlackActionRoutes(slackSigningSecret, clock, authorizer, history, approvals);
  }

  /** The authorization policy, for admins. */
  private Response policy(Caller who) {
    who.requireEverywhere(Action.ADMIN, "read the authorization policy");
    return ok(authorizer.store().read().orElse(AccessPolicy.empty()).toJson());
  }

  /**
   * Replaces the policy whole. A policy under which the admin writing it would no longer be an
   * admin is refused: nobody could repair it through the API.
   */
  private Response replacePolicy(String body, Caller who) {
    who.requireEverywhere(Action.ADMIN, "change the authorization policy");
    if (body == null || body.isBlank()) {
      throw invalid("request body is missing: expected {\"statements\": [...]}");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
      throw invalid("policy is over " + MAX_POLICY_BYTES + " bytes");
    }
    AccessPolicy policy = AccessPolicy.fromJson(body);
    if (!authorizer.callerUnder(policy, who.principal()).mayEverywhere(Action.ADMIN)) {
      throw invalid(
          "this policy would take admin on \"*\" away from " + who.principal()
              + ", who writes it: keep a statement granting it admin");
    }
    authorizer.store().write(policy, who.principal());
    return ok(policy.toJson());
  }

  /** Redeploys an earlier successful deployment of the stack: a new deployment, source rollback. */
  private Response rollback(String stackName, String body, Caller who) {
    who.require(Action.DEPLOY, stackName);
    RollbackRequestBody.Redeploy request =
        body == null || body.isBlank()
            ? new RollbackRequestBody.Redeploy(null)
            : parse(body, RollbackRequestBody.Redeploy.class, "toDeploymentId");
    DeploymentRecord record =
        rollbacks().redeploy(stackName, request.toDeploymentId(), who.principal());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deploymentId", record.deploymentId());
    answer.put("stackName", record.stack().name());
    answer.put("status", record.status().name());
    answer.put("source", record.source().wireName());
    return new Response(202, answer);
  }

  /** ContinueUpdateRollback of a stack stuck in UPDATE_ROLLBACK_FAILED. */
  private Response continueRollback(String stackName, String body, Caller who) {
    who.require(Action.DEPLOY, stackName);
    RollbackRequestBody.ContinueRollback request =
        body == null || body.isBlank()
            ? new RollbackRequestBody.ContinueRollback(null)
            : parse(body, RollbackRequestBody.ContinueRollback.class, "resourcesToSkip");
    var stack = rollbacks().continueRollback(stackName, request.resourcesToSkip());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("stackName", stack.stackName());
    answer.put("stackId", stack.stackId());
    answer.put("status", "UPDATE_ROLLBACK_IN_PROGRESS");
    answer.put(
        "resourcesToSkip",
        request.resourcesToSkip() == null ? java.util.List.of() : request.resourcesToSkip());
    return new Response(202, answer);
  }

  private StackRollback rollbacks() {
    if (rollback == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "rollbacks are not configured here");
    }
    return rollback.get();
  }

  private Response submit(String body, Caller who, Map<String, String> headers) {
    String caller = who.principal();
    Optional<IdempotencyKey> key =
        header(headers, IdempotencyKey.HEADER).map(IdempotencyKey::new);
    if (body == null || body.isBlank()) {
      throw invalid("request body is missing: expected JSON with stackName and templateBody");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw new DeploymentException(
          ErrorCode.TEMPLATE_TOO_LARGE, "request body is over " + MAX_BODY_BYTES + " bytes");
    }
    DeploymentRequestBody request =
        parse(
            body, DeploymentRequestBody.class,
            "stackName, templateBody, templateUrl, parameters, tags, options");
    if (request.stackName() == null) {
      throw invalid("stackName is required");
    }
    StackName.require(request.stackName());
    who.require(Action.DEPLOY, request.stackName());
    byte[] template = template(request);
    DeploymentRecord record =
        intake.get().submit(
            new DeploymentSubmission(
                key.map(k -> k.deploymentId(caller)).orElse(null),
                request.stackName(),
                template,
                request.parameters(),
                request.tags(),
                DeploymentSource.API,
                caller,
                validationPolicy(request.options()),
                reviewPolicy(request.options()),
                key.map(k -> IdempotencyKey.requestSha256(body)).orElse(null)));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deploymentId", record.deploymentId());
    answer.put("stackName", record.stack().name());
    answer.put("status", record.status().name());
    return new Response(202, answer);
  }

  /** The template sent: {@code templateBody}, or the S3 object {@code templateUrl} names. */
  private byte[] template(DeploymentRequestBody request) {
    if (request.templateBody() != null && request.templateUrl() != null) {
      throw invalid("give templateBody or templateUrl, not both");
    }
    if (request.templateUrl() != null) {
      if (templateUrls == null) {
        throw new DeploymentException(ErrorCode.INTERNAL, "templateUrl is not served here");
      }
      return templateUrls.get().read(request.templateUrl());
    }
    if (request.templateBody() == null || request.templateBody().isBlank()) {
      throw invalid("templateBody is required and must be a non-empty string");
    }
    byte[] body = request.templateBody().getBytes(StandardCharsets.UTF_8);
    if (body.length > ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES) {
      // CloudFormation's own inline limit; larger templates go through S3, as they do in AWS.
      throw new DeploymentException(
          ErrorCode.TEMPLATE_TOO_LARGE,
          "templateBody is " + body.length + " bytes, over the " + ChangeSetRequest
              .MAX_INLINE_TEMPLATE_BYTES + " bytes CloudFormation takes inline: upload the"
              + " template to S3 (POST /templates/uploads gives a URL to PUT it to) and send"
              + " templateUrl instead (fogbank deploy does this itself)");
    }
    return body;
  }

  /**
   * What a template would cost, without deploying it. Bad input (JSON, the template, the region)
   * is a 4xx; whatever cannot be priced is a line of the 200 answer.
   */
  private Response estimate(String body, Caller who) {
    // Prices no stack of anyone's: any caller who may read something may ask.
    who.requireAnywhere(Action.READ, "ask for cost estimates");
    if (body == null || body.isBlank()) {
      throw invalid("request body is missing: expected JSON with templateBody");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw new DeploymentException(
          ErrorCode.TEMPLATE_TOO_LARGE, "request body is over " + MAX_BODY_BYTES + " bytes");
    }
    EstimateRequestBody request =
        parse(body, EstimateRequestBody.class, "templateBody, parameters, region, usage");
    if (request.templateBody() == null || request.templateBody().isBlank()) {
      throw invalid("templateBody is required and must be a non-empty string");
    }
    String where = request.region() == null ? region : request.region();
    if (!REGION.matcher(where).matches()) {
      throw invalid("region '" + shown(where) + "' is not a region code such as us-east-1");
    }
    var template = TemplateReader.readSource(request.templateBody().getBytes(StandardCharsets.UTF_8));
    if (estimator == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cost estimates are not configured here");
    }
    return ok(
        estimator
            .get()
            .estimate(
                template.template(),
                request.parameters(),
                where,
                new UsageAssumptions(request.usage())));
  }

  /** Runs a cost scan now, in-process; its answer is the scan's outcome. */
  private Response startCostScan(String body, Caller who) {
    who.requireEverywhere(Action.ADMIN, "start a cost scan");
    int days = CostScan.DEFAULT_DAYS;
    if (body != null && !body.isBlank()) {
      if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
        throw invalid("request body is over " + MAX_BODY_BYTES + " bytes");
      }
      CostScanRequestBody request = parse(body, CostScanRequestBody.class, "days");
      if (request.days() != null) {
        days = request.days();
        if (days < 1 || days > CostScan.MAX_DAYS) {
          throw invalid("days must be a whole number from 1 to " + CostScan.MAX_DAYS);
        }
      }
    }
    String scanId = CostScan.newScanId(java.time.Clock.systemUTC());
    if (costScan == null && costScanStarter != null && costReports != null) {
      // Kept RUNNING first, so that GET /cost-scans/{id} knows the id at once; the function's
      // run replaces the record with its outcome.
      CostScanRecord started = costReports.get().started(scanId, days);
      try {
        costScanStarter.get().start(scanId, days);
      } catch (DeploymentException e) {
        costReports.get().notStarted(started, e);
        throw e;
      }
      return new Response(202, CostView.scanRecord(started));
    }
    if (costScan == null) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "cost scans cannot be started here: no cost-scan function is set");
    }
    return ok(CostView.scan(scanId, costScan.get().run(scanId, days)));
  }

  /** {@code GET /cost-scans/{id}}: what that scan did, or how it failed. */
  private Response costScan(String id, Caller who) {
    who.requireEverywhere(Action.READ, "read cost scans");
    if (costReports == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cost reports are not configured here");
    }
    return costReports
        .get()
        .scan(id)
        .map(scan -> ok(CostView.scanRecord(scan)))
        .orElseGet(
            () ->
                error(ApiError.of(ErrorCode.NOT_FOUND, "no cost scan with id '" + shown(id) + "'")));
  }

  /**
   * {@code GET /costs?stack=&from=&to=}: one stack's daily series (default: the 30 days through
   * yesterday) beside the cost estimate made when its template was deployed, or without {@code
   * stack} every stack's month to date, most expensive first.
   */
  private Response costs(Map<String, String> query, Caller who, boolean csv) {
    if (costReports == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cost reports are not configured here");
    }
    String stack = query.get("stack");
    String groupBy = query.get("groupBy");
    if (groupBy != null) {
      ServiceCostRoute.check(groupBy, csv);
    }
    if (stack == null) {
      if (query.containsKey("from") || query.containsKey("to") || groupBy != null) {
        throw invalid(
            "from, to and groupBy need stack: without it the answer is every stack's month to"
                + " date");
      }
      return new CostListRoute(costReports.get(), pageTokens).list(query, who);
    }
    readableName(stack);
    who.require(Action.READ, stack);
    CostReports reports = costReports.get();
    LocalDate to = date(query, "to", reports.lastCompleteDay());
    LocalDate from = date(query, "from", to.minusDays(29));
    if (from.isAfter(to)) {
      throw invalid("from (" + from + ") must not be after to (" + to + ")");
    }
    if (java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1 > CostReports.MAX_RANGE_DAYS) {
      throw invalid(
          "from " + from + " to " + to + " is more than " + CostReports.MAX_RANGE_DAYS
              + " days: ask for a shorter range");
    }
    if (groupBy != null) {
      return new ServiceCostRoute(costLookups).answer(stack, from, to);
    }
    if (csv) {
      return new Response(200, CostCsv.of(reports.stack(stack, from, to)), CostCsv.CONTENT_TYPE);
    }
    // Beside the actual cost: the estimate made when the deployed template was deployed.
    StackCostReport report = reports.stack(stack, from, to);
    Map<String, Object> view = CostView.report(report, deployedEstimate(stack));
    if (costLookups != null) {
      view.put("budget", budget(stack, report));
    }
    return ok(view);
  }

  /**
   * The stack's AWS Budget against its month to date and forecast; null for none. Budgets
   * refusing (no budgets:ViewBudget) or unreachable does not take the costs away: the budget
   * then says why it is unknown.
   */
  private Map<String, Object> budget(String stack, StackCostReport report) {
    try {
      return costLookups
          .get()
          .budget(StackRef.of(account, region, stack))
          .map(b -> CostView.budget(b, report))
          .orElse(null);
    } catch (DeploymentException e) {
      Map<String, Object> unknown = new LinkedHashMap<>();
      unknown.put("unavailable", e.code().name() + ": " + e.getMessage());
      return unknown;
    }
  }

  /** The estimate made when the stack's template was deployed; null for none (or no history). */
  private DeployedEstimate deployedEstimate(String stack) {
    DeploymentHistory deployments = history.get();
    return deployments == null
        ? null
        : DeployedEstimate.latest(deployments, StackRef.of(account, region, stack)).orElse(null);
  }

  private static LocalDate date(Map<String, String> query, String name, LocalDate fallback) {
    String value = query.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid(name + " must be a date as yyyy-MM-dd, not '" + cut(value) + "'");
    }
  }

  private static String cut(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }

  private Response deployment(String id, Caller who) {
    return history
        .get()
        .get(id)
        .map(
            r -> {
              who.require(Action.READ, r.stack().name());
              return ok(DeploymentView.of(r));
            })
        .orElseGet(
            () ->
                error(
                    ApiError.of(
                        ErrorCode.NOT_FOUND, "no deployment with id '" + shown(id) + "'")));
  }

  /**
   * Approve or reject a deployment waiting for approval: 404 for an unknown id, 409
   * NOT_AWAITING_APPROVAL for one that is not waiting; the caller is recorded as who decided.
   */
  private Response decide(String id, boolean approve, String body, Caller who) {
    if (approvals == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "approvals are not configured here");
    }
    String caller = who.principal();
    // An unknown id stays the approvals' 404; a known one is the caller's to decide or not.
    history.get().get(id).ifPresent(r -> who.require(Action.APPROVE, r.stack().name()));
    if (body != null && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw invalid("request body is over " + MAX_BODY_BYTES + " bytes");
    }
    String reason =
        body == null || body.isBlank()
            ? null
            : parse(body, DeploymentRequestBody.Decision.class, "reason").reason();
    if (!approve && (reason == null || reason.isBlank())) {
      throw invalid("reason is required to reject: {\"reason\": \"...\"}");
    }
    DeploymentRecord record =
        approve
            ? approvals.get().approve(id, caller, reason)
            : approvals.get().reject(id, caller, reason);
    return ok(DeploymentView.of(record));
  }

  private Response list(String stackName, Map<String, String> query, Caller who) {
    readableName(stackName);
    who.require(Action.READ, stackName);
    int limit = limit(query);
    String listing = "stack-deployments:" + stackName;
    HistoryPage page =
        history
            .get()
            .list(
                StackRef.of(account, region, stackName),
                limit,
                pageTokens.open(listing, query.get("nextToken")));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", page.items().stream().map(DeploymentView::of).toList());
    if (page.nextToken() != null) {
      answer.put("nextToken", pageTokens.seal(listing, page.nextToken()));
    }
    return ok(answer);
  }

  /** {@code limit}: 1 to 100, default 20. */
  static int limit(Map<String, String> query) {
    if (!query.containsKey("limit")) {
      return 20;
    }
    int limit;
    try {
      limit = Integer.parseInt(query.get("limit"));
    } catch (NumberFormatException e) {
      throw invalid("limit must be a whole number from 1 to 100");
    }
    if (limit < 1 || limit > 100) {
      throw invalid("limit must be a whole number from 1 to 100");
    }
    return limit;
  }

  /**
   * {@code GET /stacks}: the managed stacks (those with history) the caller may read, in name
   * order, each with its latest deployment and its lock. The cursor is the last name shown.
   */
  private Response stacks(Map<String, String> query, Caller who) {
    who.requireAnywhere(Action.READ, "list stacks");
    if (stackSummaries == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "stack listing is not configured here");
    }
    int limit = limit(query);
    String after = pageTokens.open("stacks", query.get("nextToken"));
    // One more than shown, to know whether a next page exists.
    java.util.List<StackSummary> readable =
        stackSummaries.get().page(after, limit + 1, s -> who.may(Action.READ, s.stack().name()));
    java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
    java.util.List<StackSummary> page =
        stackSummaries.get().withLocks(readable.subList(0, Math.min(limit, readable.size())));
    for (StackSummary summary : page) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("stackName", summary.stack().name());
      if (summary.latestDeploymentId() != null) {
        Map<String, Object> latest = new LinkedHashMap<>();
        latest.put("deploymentId", summary.latestDeploymentId());
        if (summary.latestStatus() != null) {
          latest.put("status", summary.latestStatus().name());
        }
        if (summary.source() != null) {
          latest.put("source", summary.source().wireName());
        }
        if (summary.requester() != null) {
          latest.put("requester", summary.requester());
        }
        if (summary.requestedAt() != null) {
          latest.put("requestedAt", summary.requestedAt());
        }
        item.put("latestDeployment", latest);
      }
      item.put("lock", lockView(Optional.ofNullable(summary.lock())));
      items.add(item);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", items);
    if (readable.size() > limit) {
      answer.put("nextToken", pageTokens.seal("stacks", readable.get(limit - 1).stack().name()));
    }
    return ok(answer);
  }

  /** Cancels a QUEUED deployment or one AWAITING_APPROVAL; needs deploy on its stack. */
  private Response cancel(String id, Caller who) {
    if (approvals == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cancellation is not configured here");
    }
    DeploymentRecord record =
        history
            .get()
            .get(id)
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.NOT_FOUND, "no deployment with id '" + shown(id) + "'"));
    who.require(Action.DEPLOY, record.stack().name());
    return ok(
        DeploymentView.of(
            new DeploymentCancellation(history.get(), approvals.get(), java.time.Clock.systemUTC())
                .cancel(id, who.principal())));
  }

  private Response lock(String stackName, Caller who) {
    readableName(stackName);
    who.require(Action.READ, stackName);
    return ok(lockView(locks.get().read(StackRef.of(account, region, stackName))));
  }

  private static Map<String, Object> lockView(Optional<StackLock> lock) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("locked", lock.isPresent());
    lock.ifPresent(
        l -> {
          answer.put("deploymentId", l.deploymentId());
          answer.put("owner", l.owner());
          answer.put("acquiredAt", l.acquiredAt());
          answer.put("expiresAt", l.expiresAt());
          if (l.reason() != null) {
            answer.put("reason", l.reason());
          }
        });
    return answer;
  }

  /**
   * A person's lock on a stack: deployments wait for it (AcquireLock, WaitForLock) as for another
   * deployment's, until it is released or its TTL runs out. Its holder id is {@code
   * manual/<caller>}, so the same caller taking it again renews it and only they release it.
   */
  private Response acquireLock(String stackName, String body, Caller who) {
    StackName.require(stackName);
    who.require(Action.UNLOCK, stackName);
    String caller = who.principal();
    if (body == null || body.isBlank()) {
      throw invalid("request body is missing: expected JSON with ttlSeconds and reason");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw invalid("request body is over " + MAX_BODY_BYTES + " bytes");
    }
    LockRequestBody request = parse(body, LockRequestBody.class, "ttlSeconds, reason");
    Integer ttl = request.ttlSeconds();
    if (ttl == null || ttl < MIN_LOCK_TTL_SECONDS || ttl > MAX_LOCK_TTL_SECONDS) {
      throw invalid(
          "ttlSeconds is required: a whole number of seconds from "
              + MIN_LOCK_TTL_SECONDS + " to " + MAX_LOCK_TTL_SECONDS);
    }
    if (request.reason() != null && request.reason().length() > MAX_LOCK_REASON_CHARS) {
      throw invalid("reason is longer than " + MAX_LOCK_REASON_CHARS + " characters");
    }
    String holder = manualHolder(caller);
    LockResult result =
        locks
            .get()
            .acquire(
                StackRef.of(account, region, stackName),
                holder,
                holder,
                java.time.Duration.ofSeconds(ttl),
                request.reason());
    if (!result.acquired()) {
      throw new StackLockedException(
          "stack '" + stackName + "' is locked by " + held(result.lock()));
    }
    return ok(lockView(Optional.of(result.lock())));
  }

  /**
   * Releases the caller's manual lock; with {@code force=true}, whatever lock there is (an
   * operator's escape hatch: admins only).
   */
  private Response releaseLock(String stackName, Map<String, String> query, Caller who) {
    StackName.require(stackName);
    String force = query.getOrDefault("force", "false");
    if (!force.equals("true") && !force.equals("false")) {
      throw invalid("force must be true or false, not '" + shown(force) + "'");
    }
    if (force.equals("true")) {
      who.requireEverywhere(Action.ADMIN, "force-release the lock of '" + stackName + "'");
    } else {
      who.require(Action.UNLOCK, stackName);
    }
    String caller = who.principal();
    StackRef stack = StackRef.of(account, region, stackName);
    if (force.equals("true")) {
      return locks
          .get()
          .forceRelease(stack)
          .map(removed -> ok(lockView(Optional.of(removed))))
          .orElseGet(() -> notLocked(stackName));
    }
    Optional<StackLock> before = locks.get().read(stack);
    if (before.isPresent() && locks.get().release(stack, manualHolder(caller))) {
      return ok(lockView(before));
    }
    Optional<StackLock> now = locks.get().read(stack);
    if (now.isEmpty()) {
      return notLocked(stackName);
    }
    throw new StackLockedException(
        "stack '" + stackName + "' is locked by " + held(now.get())
            + ", not by you; an operator can remove it with force=true");
  }

  private static String manualHolder(String caller) {
    return "manual/" + (caller == null || caller.isBlank() ? "api" : caller);
  }

  private static String held(StackLock lock) {
    return lock.owner()
        + (lock.owner().equals(lock.deploymentId()) ? "" : " for deployment " + lock.deploymentId())
        + " until " + lock.expiresAt()
        + (lock.reason() == null ? "" : " (" + shown(lock.reason()) + ")");
  }

  private static Response notLocked(String stackName) {
    return error(ApiError.of(ErrorCode.NOT_FOUND, "stack '" + stackName + "' is not locked"));
  }

  /**
   * Reads may name stacks CloudFormation would refuse: a rejected drop is recorded under the name
   * it was dropped with, and its owner must be able to find it.
   */
  static void readableName(String name) {
    if (name.isEmpty() || name.length() > 128 || !name.matches("[\\x21-\\x7e]+")) {
      throw new DeploymentException(
          ErrorCode.INVALID_STACK_NAME, "stack name must be 1 to 128 printable characters");
    }
  }

  /** HTTP header names are case-insensitive (API Gateway lower-cases them; clients may not). */
  static Optional<String> header(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(h -> name.equalsIgnoreCase(h.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  static <T> T parse(String body, Class<T> type, String allowed) {
    try {
      JsonNode tree = STRICT.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw invalid("request body must be a JSON object");
      }
      return STRICT.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      String where =
          e.getPath().size() > 1
              ? e.getPath().stream()
                      .limit(e.getPath().size() - 1)
                      .map(r -> r.getFieldName())
                      .collect(java.util.stream.Collectors.joining("."))
                  + "."
              : "";
      throw invalid(
          "unknown field '"
              + shown(where)
              + shown(e.getPropertyName())
              + "': allowed are "
              + (where.isEmpty()
                  ? allowed
                  : String.join(
                      ", ",
                      e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList())));
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        throw invalid("request body must be exactly one JSON object");
      }
      String field =
          e.getPath().isEmpty() ? "body" : String.valueOf(e.getPath().get(0).getFieldName());
      throw invalid("field '" + field + "' has the wrong type: " + expected(field));
    } catch (StreamConstraintsException e) {
      throw invalid("request body is refused: " + JsonLimits.describe(e));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw invalid(
          "request body is not valid JSON"
              + (at == null || at.getLineNr() < 1
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  /**
   * A route that takes no body refuses one with fields, as the others refuse unknown fields: a
   * caller who sends {@code {"reason": ...}} to cancel learns it was not read. Empty or {@code {}}
   * is fine.
   */
  static void noBody(String body) {
    if (body != null && !body.isBlank()) {
      parse(body, NoBody.class, "none (this operation takes no body)");
    }
  }

  /** What a body-less route reads: nothing. */
  record NoBody() {}

  /** {@code options.validation}, strictly: an unknown enforcement or severity is a 400. */
  private static ValidationPolicy validationPolicy(DeploymentRequestBody.Options options) {
    if (options == null || options.validation() == null) {
      return ValidationPolicy.defaults();
    }
    try {
      return ValidationPolicy.parse(
          options.validation().enforcement(), options.validation().blockAt());
    } catch (IllegalArgumentException e) {
      throw invalid("options.validation: " + e.getMessage());
    }
  }

  /** {@code options.approval} and {@code options.stackPolicy}, checked now: a bad one is a 400. */
  private static ReviewPolicy reviewPolicy(DeploymentRequestBody.Options options) {
    if (options == null) {
      return ReviewPolicy.defaults();
    }
    try {
      return ReviewPolicy.parse(
          options.approval(),
          options.stackPolicy(),
          options.maxMonthlyIncrease() == null
              ? null
              : options.maxMonthlyIncrease().toPlainString())
          .withProduction(Boolean.TRUE.equals(options.production()))
          .withBudget(options.budget() == null ? null : options.budget().toPlainString());
    } catch (IllegalArgumentException e) {
      throw invalid("options." + e.getMessage());
    } catch (DeploymentException e) {
      throw invalid("options.stackPolicy: " + e.getMessage());
    }
  }

  private static String expected(String field) {
    return switch (field) {
      case "stackName", "templateBody", "region" -> "expected a string";
      case "parameters", "tags" -> "expected an object of string values";
      case "options" ->
          "expected {\"validation\": {\"enforcement\": \"block|warn\", \"blockAt\":"
              + " \"CRITICAL|HIGH|MEDIUM|LOW\"}, \"approval\": \"auto-below-high|always|never\","
              + " \"stackPolicy\": \"protect-stateful|protect-all|none|<JSON>\","
              + " \"production\": true|false, \"budget\": <USD a month, above 0>}";
      case "reason" -> "expected a string";
      case "usage" -> "expected an object of logical ID: {key: number}";
      case "toDeploymentId" -> "expected a string (a deployment id)";
      case "resourcesToSkip" -> "expected an array of logical ids";
      case "days" -> "expected a whole number";
      case "ttlSeconds" -> "expected a whole number of seconds";
      default -> "see the API reference";
    };
  }

  private static ObjectReader strictReader() {
    ObjectMapper mapper = Json.mapper().copy();
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    // "stackName": 5 or "parameters": {"a": {}} are type errors, not strings to guess at.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    // Nor are "ttlSeconds": "600" or 600.5 whole numbers to round.
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper.readerFor(JsonNode.class);
  }

  static String shown(String callerText) {
    return CallerText.shown(callerText, 120);
  }

  static DeploymentException invalid(String message) {
    return new DeploymentException(ErrorCode.INVALID_REQUEST, message);
  }

  static Response ok(Object body) {
    return new Response(200, body);
  }

  static Response notAllowed(String method, String path) {
    return error(
        ApiError.of(
            ErrorCode.METHOD_NOT_ALLOWED, shown(method) + " is not allowed on " + shown(path)));
  }

  static Response error(ApiError e) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", e.code());
    inner.put("message", e.message());
    return new Response(e.status(), Map.of("error", inner));
  }
}
