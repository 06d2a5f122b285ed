package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.PriceOptions;
import dev.fogbank.emulator.MotoServer;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.functions.drop.DropHandler;
import dev.fogbank.functions.scans.DriftScanStepHandler;
import dev.fogbank.shared.drift.CloudFormationDriftDetector;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbDriftScans;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.functions.steps.AcquireLockHandler;
import dev.fogbank.functions.steps.CheckStackHandler;
import dev.fogbank.functions.steps.CreateChangeSetHandler;
import dev.fogbank.functions.steps.ExecuteChangeSetHandler;
import dev.fogbank.functions.steps.NotifyHandler;
import dev.fogbank.functions.steps.RecordFailureHandler;
import dev.fogbank.functions.steps.RecordResultHandler;
import dev.fogbank.functions.steps.ReleaseLockHandler;
import dev.fogbank.functions.steps.WaitForStackHandler;
import dev.fogbank.functions.steps.DiscardChangeSetHandler;
import dev.fogbank.functions.steps.ReviewChangeSetHandler;
import dev.fogbank.functions.steps.WaitForApprovalHandler;
import dev.fogbank.functions.steps.StepHandler;
import dev.fogbank.functions.steps.ValidateTemplateHandler;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.validation.AwsReferenceCheck;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.S3DropSource;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.cost.CostExplorerCostSource;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.CostSource;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.CachedWebhookUrls;
import dev.fogbank.shared.notify.DynamoDbFailedNotifications;
import dev.fogbank.shared.notify.DynamoDbNotificationChannels;
import dev.fogbank.shared.notify.NotificationChannel;
import dev.fogbank.shared.notify.NotificationDispatcher;
import dev.fogbank.shared.notify.SlackMessageRenderer;
import dev.fogbank.shared.notify.WebhookPoster;
import dev.fogbank.shared.stackevents.DynamoDbEventClaims;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.history.DeploymentEvents;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateUrls;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.wait.Pause;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.FileExecutionJournal;
import dev.fogbank.statemachines.asl.JournaledExecution;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The whole control plane on one machine: the same handlers and state machine definition as in
 * AWS, with the local stand-ins for their triggers (HTTP server for API Gateway, a watched folder
 * for S3 notifications, the local ASL engine for Step Functions) and DynamoDB Local for the table.
 */
public final class LocalControlPlane implements AutoCloseable {
  /** The name the local control plane's functions carry, as a stack of that name would. */
  private static final String LOCAL_STACK = LocalDefinitions.LOCAL_STACK;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final LocalConfig config;
  private final List<ExecutionInterceptor> interceptors;
  private final java.util.function.UnaryOperator<DynamoDbClient> tableView;
  private final java.util.function.UnaryOperator<dev.fogbank.statemachines.asl.TaskInvoker>
      stepsView;
  private LocalApiServer api;
  private ApiHandler apiHandler;
  private LocalExecutionStarter executions;
  private DeploymentHistory history;
  private LockStore locks;
  private String awsEndpoint;
  private NotificationDispatcher notifications;
  private Notifier notifier;

  public LocalControlPlane(LocalConfig config) {
    this(config, List.of());
  }

  /** With SDK interceptors on every AWS client (tests inject AWS's faults with one). */
  LocalControlPlane(LocalConfig config, List<ExecutionInterceptor> interceptors) {
    this(config, interceptors, table -> table, steps -> steps);
  }

  /**
   * As above, the control table's client seen through {@code tableView} (the embedded DynamoDB
   * Local client takes no SDK interceptor) and the deploy state machine's Lambda invocations
   * through {@code stepsView}: a benchmark counts requests, invocations and their durations.
   */
  LocalControlPlane(
      LocalConfig config,
      List<ExecutionInterceptor> interceptors,
      java.util.function.UnaryOperator<DynamoDbClient> tableView,
      java.util.function.UnaryOperator<dev.fogbank.statemachines.asl.TaskInvoker> stepsView) {
    this.config = config;
    this.interceptors = List.copyOf(interceptors);
    this.tableView = tableView;
    this.stepsView = stepsView;
  }

  /** The API's base URL behind its request-line guard (benchmark only; after {@link #start}). */
  URI apiBehindGuard() {
    return URI.create("http://127.0.0.1:" + api.backendPort());
  }

  /** Starts everything; returns the API's base URL. */
  public URI start() throws IOException {
    // Before recovery and intake, so that what they record is counted (GET /metrics).
    PrometheusMetrics metrics = new PrometheusMetrics();
    Metrics.install(metrics);
    Path dataDir = config.dataDir();
    Files.createDirectories(dataDir);
    AwsSettings settings = awsSettings(dataDir);
    AwsClientFactory aws = AwsClientFactory.create(settings, interceptors);
    resources.add(aws);

    DynamoDbClient table = startTable(dataDir);
    LocalControlTable.createIfAbsent(table, ControlPlaneNames.TABLE);
    Clock clock = Clock.systemUTC();
    locks = new DynamoDbLockStore(table, ControlPlaneNames.TABLE, clock);
    history = new DynamoDbDeploymentHistory(table, ControlPlaneNames.TABLE);
    notifications = notifications(table, clock, dataDir);
    notifier = new CompositeNotifier(List.of(new LoggingNotifier(System.err), notifications));

    S3Client s3 = aws.s3();
    String dropBucket = ControlPlaneNames.LOCAL_DROP_BUCKET;
    String artifactsBucket = ControlPlaneNames.LOCAL_ARTIFACTS_BUCKET;
    // FOGBANK_TEMPLATE_BUCKETS: other buckets templateUrl may name (checked now, not at first use).
    List<String> templateBuckets =
        dev.fogbank.functions.wiring.AwsModule.templateBuckets(artifactsBucket, System.getenv());
    ensureBucket(s3, dropBucket, true);
    ensureBucket(s3, artifactsBucket, false);

    FileTemplateStore templates = new FileTemplateStore(dataDir);
    CostEstimator estimator =
        new CostEstimator(
            new CachingPriceBook(
                new DynamoDbPriceCache(
                    table, ControlPlaneNames.TABLE, CachingPriceBook.DEFAULT_REFRESH_PERIOD),
                PriceOptions.localModeSource(resources),
                clock,
                CachingPriceBook.DEFAULT_REFRESH_PERIOD));
    // Each happening announced once (NOTIFY#<deploymentId>#<kind> claims), as in AWS.
    DeploymentLedger ledger =
        new DeploymentLedger(
            locks, history, notifier(), clock,
            new DynamoDbEventClaims(table, ControlPlaneNames.TABLE));
    // Cost scans run in-process on POST /cost-scans, against the same AWS endpoint.
    DynamoDbCostLedger costLedger = new DynamoDbCostLedger(table, ControlPlaneNames.TABLE, clock);
    CostReports costReports =
        new CostReports(costLedger, config.account(), config.region(), clock);
    // A scan still RUNNING now was cut off by a kill: this process runs every cost scan.
    costReports
        .interruptRunning(
            "fogbank local stopped while this scan ran (killed or crashed); the days it had"
                + " recorded stay, a new scan records them again",
            50)
        .forEach(
            cut -> StructuredLog.warn("cost_scan_interrupted", Map.of("scanId", cut.scanId())));
    CostSource costSource = new CostExplorerCostSource(aws.costExplorer(), config.region());
    CostScan costScan =
        new CostScan(
            (from, to) -> {
              TestPause.at("cost:scan");
              return costSource.dailyCostsByStack(from, to);
            },
            costLedger,
            config.account(),
            config.region(),
            clock,
            // FOGBANK_COST_ANOMALY_MULTIPLIER / _MIN_EXCESS, as on the cost-scan function.
            dev.fogbank.functions.wiring.ScansSettings.anomalyRule(System.getenv()),
            notifier());
    // EventBridge's cost scan schedule, locally: the same scan POST /cost-scans runs.
    LocalSchedule costSchedule =
        LocalSchedule.start(
            "cost",
            System.getenv(LocalSchedule.COST_VARIABLE),
            ControlPlaneStack.COST_SCHEDULE_DEFAULT,
            () -> costScan.run(CostScan.DEFAULT_DAYS),
            clock);
    if (costSchedule != null) {
      resources.add(costSchedule);
    }
    StackDeployer stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(aws.cloudFormation()),
            templates,
            Optional.of(new S3TemplateStore(s3, artifactsBucket)),
            ResourceSchemas.bundled(),
            config.rules(),
            config.requiredTags(),
            AwsReferenceCheck.create(aws),
            clock,
            estimator);

    FileExecutionJournal journal = new FileExecutionJournal(dataDir.resolve("executions"));
    List<JournaledExecution> cut = journal.unfinished();
    String stateMachineArn =
        "arn:aws:states:" + config.region() + ":" + config.account() + ":stateMachine:"
            + ControlPlaneNames.DEPLOY_STATE_MACHINE;
    // EventBridge's stack status events, locally: resumes WaitForStack through the deploy engine.
    java.util.concurrent.atomic.AtomicReference<AslEngine> deployEngine =
        new java.util.concurrent.atomic.AtomicReference<>();
    LocalStackEvents stackEvents =
        new LocalStackEvents(
            new CloudFormationStackGateway(aws.cloudFormation()),
            () ->
                new dev.fogbank.shared.stackevents.StackStatusIntake(
                    new DynamoDbEventClaims(table, ControlPlaneNames.TABLE),
                    notifier(),
                    locks,
                    new LocalDeploymentResumer(deployEngine.get()),
                    history,
                    clock),
            clock,
            java.time.Duration.ofSeconds(config.options().stackTimeoutSeconds()));
    resources.add(stackEvents);
    Map<String, java.util.function.Function<JsonNode, JsonNode>> steps =
        new LinkedHashMap<>(stepHandlers(ledger, stackChanges, localBudgets(aws, table)));
    steps.computeIfPresent(
        FunctionName.WAIT_FOR_STACK.functionName(LOCAL_STACK), (name, h) -> stackEvents.after(h));
    AslEngine engine =
        AslEngine.create(stepsView.apply(new LocalTaskInvoker(steps)), journal, Pause.SYSTEM, clock);
    deployEngine.set(engine);
    executions =
        new LocalExecutionStarter(
            engine,
            journal,
            deployDefinition(),
            stateMachineArn,
            (name, input) -> failInterrupted(name, input, "shutdown"));
    resources.add(executions);
    recover(
        cut,
        journal,
        new DeploymentRecovery(new CloudFormationStackGateway(aws.cloudFormation()), clock));
    new UnstartedDeployments(
            new DynamoDbStackSummaries(
                table, ControlPlaneNames.TABLE, config.account(), config.region(), clock),
            history,
            clock)
        .failAllBut(journaledDeploymentIds(cut));

    DriftReports driftReports = driftScans(aws, table, clock);

    DeploymentApprovals approvals =
        new DeploymentApprovals(history, new LocalDeploymentResumer(engine), clock);
    DeploymentIntake intake =
        new DeploymentIntake(
            history, templates, executions, clock, config.account(), config.region(), null,
            config.options());
    DropWatcher watcher =
        new DropWatcher(
            config.dropDir(),
            dataDir,
            s3,
            dropBucket,
            config.region(),
            new DropHandler(new DropIntake(intake, new S3DropSource(s3))),
            (key, why) ->
                intake.reject(null, dropStackName(key), DeploymentSource.DROP, "drop", why),
            config.dropPollMillis());
    watcher.start();
    resources.add(watcher);

    LocalTokens tokens = LocalTokens.load(config.token(), dataDir.resolve(LocalTokens.FILE_NAME));
    Authorizer authorizer =
        Authorizer.of(
            () -> new DynamoDbPolicyStore(table, ControlPlaneNames.TABLE, clock), tokens.grants());
    StackRollback rollback =
        new StackRollback(
            history,
            templates,
            intake,
            () -> new CloudFormationStackGateway(aws.cloudFormation()),
            config.account(),
            config.region(),
            null);
    // Signing is local: built once, it calls nothing until a route asks for an upload URL.
    var uploads = dev.fogbank.shared.template.S3PresignedTemplateUploads.of(aws, artifactsBucket);
    DeploymentEvents deploymentEvents =
        new DeploymentEvents(history, () -> new CloudFormationStackGateway(aws.cloudFormation()));
    // Costs by service and budgets: GET /costs?stack= and the console's budget line ask these.
    dev.fogbank.shared.cost.CostLookups costLookups =
        dev.fogbank.shared.cost.CostLookups.direct(
            () -> new CostExplorerCostSource(aws.costExplorer(), config.region()),
            () -> localBudgetStore(aws));
    // One route object: the API's handler and the console's deploy form both send through it.
    ApiRoutes routes =
                new ApiRoutes(intake, history, locks, config.account(), config.region())
                    .withEstimator(() -> estimator)
                    .withRollback(() -> rollback)
                    .withCosts(() -> costReports, () -> costScan)
                    .withCostLookups(() -> costLookups)
                    .withApprovals(() -> approvals)
                    .withSlackActions(
                        () -> new LocalSigningSecret(System.getenv(), dataDir), clock)
                    .withDrift(() -> driftReports)
                    .withDeploymentEvents(() -> deploymentEvents)
                    .withNotifications(() -> notifications)
                    .withAudit(() -> templates)
                    .withTemplateUrls(() -> new TemplateUrls(new S3DropSource(s3), templateBuckets))
                    .withTemplateUploads(() -> uploads)
                    .withAuthorization(authorizer)
                    .withPageTokens(
                        PageTokens.of(new DynamoDbPageKey(table, ControlPlaneNames.TABLE)))
                    .withStackSummaries(
                        () ->
                            new DynamoDbStackSummaries(
                                table, ControlPlaneNames.TABLE, config.account(),
                                config.region(), clock));
    apiHandler = new ApiHandler(routes);
    api =
        new LocalApiServer(
            config.port(),
            apiHandler,
            tokens,
            LocalConsole.create(
                table, history, locks, approvals, rollback, templates, tokens, authorizer, config,
                clock)
                .withDeployments(routes::submitDeployment)
                .withApi(routes::handle)
                .withBudgets(() -> costLookups)
                .withInsights(
                    () -> new DynamoDbDriftRecords(table, ControlPlaneNames.TABLE),
                    () -> costReports),
            watcher::problem);
    api.withMetrics(new LocalMetricsRoute(metrics, authorizer));
    api.start();
    resources.add(api);
    return URI.create("http://127.0.0.1:" + api.port());
  }

  /** The folder name of a drop path ({@code stacks/<name>/...}), as given; null without one. */
  private static String dropStackName(String key) {
    String[] parts = key.split("/", -1);
    return parts.length >= 3 && parts[0].equals("stacks") ? parts[1] : null;
  }

  /**
   * The API's Lambda handler with these routes, as the local server calls it (for the contract
   * tests, which call it with API Gateway events as well as over HTTP).
   */
  public ApiHandler apiHandler() {
    return apiHandler;
  }

  /** The lock store, for operators' tools and tests. */
  public LockStore locks() {
    return locks;
  }

  /** The deployment history, for operators' tools and tests. */
  public DeploymentHistory history() {
    return history;
  }

  public String awsEndpoint() {
    return awsEndpoint;
  }

  private AwsSettings awsSettings(Path dataDir) {
    if ("aws".equals(config.awsEndpoint())) {
      awsEndpoint = "aws";
      return AwsSettings.of(config.region());
    }
    URI endpoint;
    if (config.awsEndpoint() == null) {
      MotoServer moto = MotoServer.start(dataDir.resolve("moto.log"));
      resources.add(moto);
      endpoint = moto.endpoint();
    } else {
      endpoint = URI.create(config.awsEndpoint());
    }
    awsEndpoint = endpoint.toString();
    return AwsSettings.of(config.region(), endpoint);
  }

  private DynamoDbClient startTable(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("dynamodb");
    Files.createDirectories(dir);
    // The embedded engine takes the SQLite file itself, not a folder.
    EmbeddedTableFile local = EmbeddedTableFile.open(dir.resolve("fogbank.db"));
    resources.add(local);
    awaitUnlocked(local.client());
    return tableView.apply(local.client());
  }

  /**
   * A plane closed and started again on the same folder in one JVM used to find the SQLite file
   * still locked by the closed DynamoDB Local's connection, which closes on its own thread after
   * {@code shutdown}; {@link EmbeddedTableFile#close} now waits for that thread. Kept as a guard
   * for a file another process holds: waits up to 10 s for the file, asking every 50 ms.
   */
  private static void awaitUnlocked(DynamoDbClient table) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        table.listTables(r -> r.limit(1));
        return;
      } catch (RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.contains("database is locked") || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Notifier notifier() {
    return notifier;
  }

  /**
   * The same routing, rendering, delivery and dead letters as the slack function, in-process:
   * channels and dead letters in the local table, webhook URLs from {@link LocalWebhookUrls}
   * instead of Secrets Manager. Without channels, {@code --slack-webhook} gets every event.
   */
  private NotificationDispatcher notifications(DynamoDbClient table, Clock clock, Path dataDir) {
    return new NotificationDispatcher(
        // This process owns the data directory and every PUT of the channels goes through this
        // cache, which keeps what it stored: the TTL only bounds a write made past it.
        new dev.fogbank.shared.notify.CachedNotificationChannels(
            new DynamoDbNotificationChannels(table, ControlPlaneNames.TABLE, clock),
            clock,
            dev.fogbank.shared.notify.CachedNotificationChannels.DEFAULT_TTL),
        config.slackWebhook() == null
            ? List.of()
            : List.of(
                new NotificationChannel(
                    "default", LocalWebhookUrls.SLACK_WEBHOOK_ID, null, null, null)),
        new CachedWebhookUrls(
            new LocalWebhookUrls(config.slackWebhook(), dataDir, System.getenv()), clock),
        WebhookPoster.create(),
        SlackMessageRenderer.withConsole(localConsoleUrl()),
        new DynamoDbFailedNotifications(table, ControlPlaneNames.TABLE),
        clock,
        StructuredLog.stderr());
  }

  /**
   * Where Slack messages link the console: {@code FOGBANK_CONSOLE_URL}, else this API's own
   * address when its port is fixed (a random port is not known yet here: no links).
   */
  private String localConsoleUrl() {
    String set =
        System.getenv(dev.fogbank.shared.controlplane.ControlPlaneEnvironment.CONSOLE_URL);
    if (set != null && !set.isBlank()) {
      return set;
    }
    return config.port() > 0 ? "http://127.0.0.1:" + config.port() : null;
  }

  private static void ensureBucket(S3Client s3, String bucket, boolean versioned) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception missing) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    if (versioned) {
      s3.putBucketVersioning(
          b ->
              b.bucket(bucket)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }
  }

  /** The function names Lambda would have (as the control-plane stack names them), each mapped
   * to its handler class. */
  /**
   * Stack budgets on the AWS endpoint's Budgets (the emulator implements it), alerting a topic
   * named as the control plane's would be: locally nothing publishes budget alerts.
   */
  private dev.fogbank.shared.cost.StackBudgets localBudgets(
      AwsClientFactory aws, DynamoDbClient table) {
    return dev.fogbank.shared.cost.StackBudgets.lazy(
        () ->
            // The runtime owns its data dir: this is the table's only writer of the items.
            dev.fogbank.shared.cost.RememberedBudgets.soleWriter(
                localBudgetStore(aws), table, ControlPlaneNames.TABLE));
  }

  /** The stacks' budgets: the deploy step keeps them, the console's cost chart draws them. */
  private dev.fogbank.shared.cost.BudgetStore localBudgetStore(AwsClientFactory aws) {
    String topic =
        "arn:aws:sns:" + config.region() + ":" + config.account() + ":fogbank-notifications";
    return new dev.fogbank.shared.cost.AwsBudgetsStore(aws.budgets(), config.account(), topic);
  }

  private static Map<String, StepHandler> stepHandlers(
      DeploymentLedger ledger,
      StackDeployer stack,
      dev.fogbank.shared.cost.StackBudgets budgets) {
    Map<FunctionName, StepHandler> handlers = new EnumMap<>(FunctionName.class);
    handlers.put(FunctionName.ACQUIRE_LOCK, new AcquireLockHandler(ledger));
    handlers.put(FunctionName.VALIDATE_TEMPLATE, new ValidateTemplateHandler(stack));
    handlers.put(FunctionName.CREATE_CHANGE_SET, new CreateChangeSetHandler(stack));
    handlers.put(FunctionName.EXECUTE_CHANGE_SET, new ExecuteChangeSetHandler(stack));
    handlers.put(FunctionName.CHECK_STACK, new CheckStackHandler(stack));
    handlers.put(FunctionName.RECORD_RESULT, new RecordResultHandler(ledger, budgets));
    handlers.put(FunctionName.RECORD_FAILURE, new RecordFailureHandler(ledger));
    handlers.put(FunctionName.RELEASE_LOCK, new ReleaseLockHandler(ledger));
    handlers.put(FunctionName.WAIT_FOR_STACK, new WaitForStackHandler(ledger));
    handlers.put(FunctionName.NOTIFY, new NotifyHandler(ledger));
    handlers.put(FunctionName.REVIEW_CHANGE_SET, new ReviewChangeSetHandler(stack));
    handlers.put(FunctionName.WAIT_FOR_APPROVAL, new WaitForApprovalHandler(ledger));
    handlers.put(FunctionName.DISCARD_CHANGE_SET, new DiscardChangeSetHandler(stack));
    Map<String, StepHandler> byName = new LinkedHashMap<>();
    handlers.forEach((name, handler) -> byName.put(name.functionName(LOCAL_STACK), handler));
    return byName;
  }

  /**
   * drift-scan.asl.json on its own local engine, its Tasks answered by the drift-scan function's
   * handler, started by POST /drift-scans. A scan cut off by shutdown is finished (its lease
   * released) so that the next start can scan again.
   */
  private DriftReports driftScans(AwsClientFactory aws, DynamoDbClient table, Clock clock)
      throws IOException {
    String name = ControlPlaneNames.TABLE;
    // FOGBANK_DRIFT_DISCOVER: existing stacks matching these patterns are scanned too.
    ManagedStacks managed =
        ManagedStacks.of(
                new DynamoDbStackSummaries(table, name, config.account(), config.region(), clock))
            .alsoMatching(
                dev.fogbank.functions.wiring.ScansSettings.driftDiscover(System.getenv()),
                () -> new CloudFormationStackGateway(aws.cloudFormation()).stackNames(),
                config.account(),
                config.region());
    DynamoDbDriftRecords records = new DynamoDbDriftRecords(table, name);
    DynamoDbDriftScans scans = new DynamoDbDriftScans(table, name, clock);
    // A scan still holding the lease now was cut off by a kill: this process runs every scan.
    scans
        .interrupt(
            "fogbank local stopped while this scan ran (killed or crashed); the stacks it had"
                + " checked keep their drift records. Start a new scan.",
            clock.instant())
        .ifPresent(
            cut -> StructuredLog.warn("drift_scan_interrupted", Map.of("scanId", cut.scanId())));
    DriftScanSteps steps =
        new DriftScanSteps(
            config.account(),
            config.region(),
            managed,
            new CloudFormationDriftDetector(aws.cloudFormation()),
            records,
            scans,
            notifier(),
            clock,
            DriftScanLimits.defaults())
            .withScope(
                dev.fogbank.shared.drift.DriftScanScope.parse(
                    System.getenv(
                        dev.fogbank.shared.controlplane.ControlPlaneEnvironment.DRIFT_INCLUDE),
                    System.getenv(
                        dev.fogbank.shared.controlplane.ControlPlaneEnvironment.DRIFT_EXCLUDE)));
    AslEngine engine =
        AslEngine.create(
            new LocalTaskInvoker(
                Map.of(
                    LocalDefinitions.functionName(FunctionName.DRIFT_SCAN),
                    new DriftScanStepHandler(steps))),
            ExecutionJournal.NONE,
            Pause.SYSTEM,
            clock);
    LocalExecutionStarter driftExecutions =
        new LocalExecutionStarter(
            engine,
            ExecutionJournal.NONE,
            LocalDefinitions.load("drift-scan.asl.json", config.region(), config.account()),
            "arn:aws:states:" + config.region() + ":" + config.account() + ":stateMachine:"
                + LOCAL_STACK + "-drift-scan",
            (scanId, input) -> {
              try {
                steps.finish(scanId);
              } catch (RuntimeException e) {
                StructuredLog.warn(
                    "drift_scan_not_finished",
                    Map.of("scanId", scanId, "type", e.getClass().getName()));
              }
            });
    resources.add(driftExecutions);
    DriftReports reports =
        new DriftReports(
            config.account(),
            config.region(),
            managed,
            records,
            scans,
            () -> driftExecutions,
            clock,
            DriftScanLimits.defaults().maxStacks());
    LocalSchedule schedule =
        LocalSchedule.start(
            "drift",
            System.getenv(LocalSchedule.DRIFT_VARIABLE),
            ControlPlaneStack.DRIFT_SCHEDULE_DEFAULT,
            () -> reports.start(java.util.List.of(), "schedule"),
            clock);
    if (schedule != null) {
      resources.add(schedule);
    }
    return reports;
  }

  /** deploy.asl.json with DefinitionSubstitutions applied, as CloudFormation would. */
  private JsonNode deployDefinition() throws IOException {
    return LocalDefinitions.load("deploy.asl.json", config.region(), config.account());
  }

  /**
   * Executions the process left running when it stopped or was killed: those waiting for a
   * callback (WaitForStack, WaitForApproval) wait on their journaled token again; the others go on
   * from where {@link DeploymentRecovery} decides, or, when it cannot decide, are recorded FAILED
   * (INTERRUPTED) and unlocked.
   */
  private void recover(
      List<JournaledExecution> cut, FileExecutionJournal journal, DeploymentRecovery recovery) {
    for (JournaledExecution e : cut) {
      if (e.resumable()) {
        executions.resume(e);
        continue;
      }
      executions.recover(
          e,
          recovery,
          (execution, why) -> {
            StructuredLog.error(
                "recovery_failed",
                Map.of("execution", execution.name(), "type", why.getClass().getName()));
            failInterrupted(execution.name(), execution.input(), execution.currentState());
            journal.markInterrupted(execution.name());
          });
    }
  }

  private static Set<String> journaledDeploymentIds(List<JournaledExecution> cut) {
    Set<String> ids = new HashSet<>();
    cut.forEach(e -> ids.add(e.input().path("deploymentId").asText()));
    return ids;
  }

  private void failInterrupted(String executionName, JsonNode executionInput, String state) {
    try {
      DeploymentInput input = Json.mapper().treeToValue(executionInput, DeploymentInput.class);
      history.transition(
          input.deploymentId(),
          StatusChange.failed(
              Clock.systemUTC().instant(),
              new DeploymentError(
                  ErrorCode.INTERRUPTED.name(),
                  "fogbank local stopped while this deployment was running (at "
                      + state
                      + "); it was not resumed. Check the stack and deploy again.")));
      locks.release(input.stack(), input.deploymentId());
      StructuredLog.warn(
          "execution_interrupted",
          Map.of("execution", executionName, "deploymentId", input.deploymentId()));
    } catch (IOException | RuntimeException ex) {
      StructuredLog.error(
          "recovery_failed", Map.of("execution", executionName, "type", ex.getClass().getName()));
    }
  }

  /** Stops accepting work, lets running deployments finish briefly, then releases everything. */
  @Override
  public void close() {
    // Intake first (API, drop folder), then the executions, then what they use, newest first.
    resources.stream()
        .filter(r -> r instanceof LocalApiServer || r instanceof DropWatcher)
        .forEach(LocalControlPlane::closeQuietly);
    if (executions != null) {
      executions.closeWithin(config.shutdownGraceMillis());
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      AutoCloseable r = resources.get(i);
      if (!(r instanceof LocalApiServer || r instanceof DropWatcher || r == executions)) {
        closeQuietly(r);
      }
    }
  }

  private static void closeQuietly(AutoCloseable r) {
    try {
      r.close();
    } catch (Exception e) {
      StructuredLog.warn("close_failed", Map.of("type", e.getClass().getName()));
    }
  }
}
