package dev.fogbank.infrastructure.controlplane;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.controlplane.FunctionName;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every Lambda function of the control plane: its handler, the artifact holding it, its sizing and
 * the settings (environment variables) it reads. Memory is sized for the work: the validator parses
 * templates of up to 1 MiB with SnakeYAML (which allocates heavily on large scalars); the API and
 * drop functions need fast cold starts, which more memory (more CPU) buys on Lambda.
 */
public enum ControlPlaneFunction {
  API(FunctionName.API, FunctionArtifact.API, "dev.fogbank.functions.api.ApiHandler", 1024, 29,
      EnumSet.of(
          Setting.ARTIFACTS_BUCKET,
          Setting.STATE_MACHINE,
          Setting.DEPLOYMENT_ROLE,
          Setting.DRIFT_STATE_MACHINE,
          Setting.COST_SCAN_FUNCTION,
          Setting.SLACK_SIGNING_SECRET,
          Setting.SLACK_SECRET,
          Setting.CONSOLE_URL,
          Setting.TEMPLATE_BUCKETS)),
  /**
   * The web console's pages through API Gateway (docs/console.md "In AWS"): its own artifact (the
   * api artifact has no room for HTML), over the same services and routes as the api function.
   */
  CONSOLE(FunctionName.CONSOLE, FunctionArtifact.CONSOLE,
      "dev.fogbank.functions.webconsole.ConsoleHandler", 1024, 29,
      EnumSet.of(
          Setting.ARTIFACTS_BUCKET,
          Setting.STATE_MACHINE,
          Setting.DEPLOYMENT_ROLE,
          Setting.DRIFT_STATE_MACHINE,
          Setting.COST_SCAN_FUNCTION,
          Setting.SLACK_SECRET,
          Setting.CONSOLE_URL,
          Setting.CONSOLE_SESSION_SECRET,
          Setting.CONSOLE_ASSETS)),
  DROP(FunctionName.DROP, FunctionArtifact.DROP, "dev.fogbank.functions.drop.DropHandler", 1024, 60,
      EnumSet.of(Setting.ARTIFACTS_BUCKET, Setting.STATE_MACHINE, Setting.DEPLOYMENT_ROLE)),
  ACQUIRE_LOCK(FunctionName.ACQUIRE_LOCK, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.AcquireLockHandler", 512, 30, EnumSet.noneOf(Setting.class)),
  VALIDATE_TEMPLATE(FunctionName.VALIDATE_TEMPLATE, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.ValidateTemplateHandler", 2048, 60,
      EnumSet.of(Setting.ARTIFACTS_BUCKET)),
  CREATE_CHANGE_SET(FunctionName.CREATE_CHANGE_SET, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.CreateChangeSetHandler", 1024, 300,
      EnumSet.of(Setting.ARTIFACTS_BUCKET, Setting.DEPLOYMENT_ROLE)),
  EXECUTE_CHANGE_SET(FunctionName.EXECUTE_CHANGE_SET, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.ExecuteChangeSetHandler", 512, 60,
      EnumSet.noneOf(Setting.class)),
  CHECK_STACK(FunctionName.CHECK_STACK, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.CheckStackHandler", 512, 60, EnumSet.noneOf(Setting.class)),
  WAIT_FOR_STACK(FunctionName.WAIT_FOR_STACK, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.WaitForStackHandler", 512, 30, EnumSet.noneOf(Setting.class)),
  RECORD_RESULT(FunctionName.RECORD_RESULT, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.RecordResultHandler", 512, 30, EnumSet.noneOf(Setting.class)),
  RECORD_FAILURE(FunctionName.RECORD_FAILURE, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.RecordFailureHandler", 512, 30, EnumSet.noneOf(Setting.class)),
  RELEASE_LOCK(FunctionName.RELEASE_LOCK, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.ReleaseLockHandler", 512, 30, EnumSet.noneOf(Setting.class)),
  NOTIFY(FunctionName.NOTIFY, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.NotifyHandler", 512, 30, EnumSet.of(Setting.TOPIC)),
  SLACK(FunctionName.SLACK, FunctionArtifact.SLACK, "dev.fogbank.functions.slack.SlackHandler", 512,
      30, EnumSet.of(Setting.SLACK_SECRET, Setting.CONSOLE_URL)),
  STACK_EVENTS(FunctionName.STACK_EVENTS, FunctionArtifact.EVENTS,
      "dev.fogbank.functions.events.StackEventsHandler", 512, 30, EnumSet.of(Setting.TOPIC)),
  /** The drift scan state machine's steps; each is one short AWS call or a few. */
  DRIFT_SCAN(FunctionName.DRIFT_SCAN, FunctionArtifact.SCANS,
      "dev.fogbank.functions.scans.DriftScanStepHandler", 512, 120,
      EnumSet.of(
          Setting.TOPIC,
          Setting.DRIFT_CONCURRENCY,
          Setting.DRIFT_INCLUDE,
          Setting.DRIFT_EXCLUDE,
          Setting.DRIFT_DISCOVER)),
  COST_SCAN(FunctionName.COST_SCAN, FunctionArtifact.SCANS,
      "dev.fogbank.functions.scans.CostScanHandler", 512, 300, EnumSet.of(Setting.TOPIC)),
  PRICE_REFRESH(FunctionName.PRICE_REFRESH, FunctionArtifact.SCANS,
      "dev.fogbank.functions.scans.PriceRefreshHandler", 512, 900, EnumSet.noneOf(Setting.class)),
  REVIEW_CHANGE_SET(FunctionName.REVIEW_CHANGE_SET, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.ReviewChangeSetHandler", 1024, 120,
      EnumSet.of(Setting.ARTIFACTS_BUCKET)),
  WAIT_FOR_APPROVAL(FunctionName.WAIT_FOR_APPROVAL, FunctionArtifact.STEPS_LEDGER,
      "dev.fogbank.functions.steps.WaitForApprovalHandler", 512, 30, EnumSet.of(Setting.TOPIC)),
  DISCARD_CHANGE_SET(FunctionName.DISCARD_CHANGE_SET, FunctionArtifact.STEPS_STACK,
      "dev.fogbank.functions.steps.DiscardChangeSetHandler", 512, 60,
      EnumSet.noneOf(Setting.class));

  /** Optional settings; every function gets the account and the table name. */
  enum Setting {
    ARTIFACTS_BUCKET(ControlPlaneEnvironment.ARTIFACTS_BUCKET),
    STATE_MACHINE(ControlPlaneEnvironment.STATE_MACHINE_ARN),
    TOPIC(ControlPlaneEnvironment.TOPIC_ARN),
    DEPLOYMENT_ROLE(ControlPlaneEnvironment.DEPLOYMENT_ROLE_ARN),
    SLACK_SECRET(ControlPlaneEnvironment.SLACK_SECRET_ARN),
    SLACK_SIGNING_SECRET(ControlPlaneEnvironment.SLACK_SIGNING_SECRET_ARN),
    DRIFT_STATE_MACHINE(ControlPlaneEnvironment.DRIFT_STATE_MACHINE_ARN),
    DRIFT_CONCURRENCY(ControlPlaneEnvironment.DRIFT_CONCURRENCY),
    COST_SCAN_FUNCTION(ControlPlaneEnvironment.COST_SCAN_FUNCTION),
    DRIFT_INCLUDE(ControlPlaneEnvironment.DRIFT_INCLUDE),
    DRIFT_EXCLUDE(ControlPlaneEnvironment.DRIFT_EXCLUDE),
    DRIFT_DISCOVER(ControlPlaneEnvironment.DRIFT_DISCOVER),
    CONSOLE_URL(ControlPlaneEnvironment.CONSOLE_URL),
    CONSOLE_SESSION_SECRET(ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN),
    CONSOLE_ASSETS(ControlPlaneEnvironment.CONSOLE_ASSETS_KEY),
    TEMPLATE_BUCKETS(ControlPlaneEnvironment.TEMPLATE_BUCKETS);

    private final String variable;

    Setting(String variable) {
      this.variable = variable;
    }

    /** The environment variable that carries it. */
    String variable() {
      return variable;
    }
  }

  private final FunctionName name;
  private final FunctionArtifact artifact;
  private final String handler;
  private final int memoryMb;
  private final int timeoutSeconds;
  private final Set<Setting> settings;

  ControlPlaneFunction(
      FunctionName name,
      FunctionArtifact artifact,
      String handler,
      int memoryMb,
      int timeoutSeconds,
      Set<Setting> settings) {
    this.name = name;
    this.artifact = artifact;
    this.handler = handler;
    this.memoryMb = memoryMb;
    this.timeoutSeconds = timeoutSeconds;
    this.settings = settings;
  }

  /** The name both runtimes know the function by. */
  public FunctionName functionName() {
    return name;
  }

  /** The stem of the function's logical IDs: {@code <id>Function}, {@code <id>Role}, ... */
  public String id() {
    return name.id();
  }

  /** The function is named {@code <stack name>-<suffix>}. */
  public String nameSuffix() {
    return name.suffix();
  }

  public FunctionArtifact artifact() {
    return artifact;
  }

  public String handler() {
    return handler;
  }

  public int memoryMb() {
    return memoryMb;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  Set<Setting> settings() {
    return settings;
  }

  /** The name the deploy state machine's definition uses for this function's ARN, if any. */
  public String substitutionName() {
    return name.substitutionName();
  }

  /** Whether the deploy state machine invokes this function. */
  public boolean isStep() {
    return artifact == FunctionArtifact.STEPS_LEDGER || artifact == FunctionArtifact.STEPS_STACK;
  }
}
