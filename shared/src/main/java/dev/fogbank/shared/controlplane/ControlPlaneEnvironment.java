package dev.fogbank.shared.controlplane;

import java.util.List;

/**
 * The environment variables the control-plane stack sets on its functions and the functions read:
 * the contract between infrastructure (writer) and functions (reader), written once.
 */
public final class ControlPlaneEnvironment {
  /** Every function: the account the control plane runs in. */
  public static final String ACCOUNT = "FOGBANK_ACCOUNT";

  /** Every function: the control table's name. */
  public static final String TABLE = "FOGBANK_TABLE";

  public static final String ARTIFACTS_BUCKET = "FOGBANK_ARTIFACTS_BUCKET";
  public static final String STATE_MACHINE_ARN = "FOGBANK_STATE_MACHINE_ARN";
  public static final String TOPIC_ARN = "FOGBANK_TOPIC_ARN";
  public static final String DEPLOYMENT_ROLE_ARN = "FOGBANK_DEPLOYMENT_ROLE_ARN";
  public static final String SLACK_SECRET_ARN = "FOGBANK_SLACK_SECRET_ARN";

  /** The api function: the Slack app's signing secret that POST /slack/actions verifies with. */
  public static final String SLACK_SIGNING_SECRET_ARN = "FOGBANK_SLACK_SIGNING_SECRET_ARN";

  /** The api function: the drift scan state machine that POST /drift-scans starts. */
  public static final String DRIFT_STATE_MACHINE_ARN = "FOGBANK_DRIFT_STATE_MACHINE_ARN";

  /**
   * The console function: the S3 key, in the artifacts bucket, of the console-assets jar it serves
   * {@code /api} (Swagger UI) from.
   */
  public static final String CONSOLE_ASSETS_KEY = "FOGBANK_CONSOLE_ASSETS_KEY";

  /** The api function: the cost-scan function (alias ARN) that POST /cost-scans invokes. */
  public static final String COST_SCAN_FUNCTION = "FOGBANK_COST_SCAN_FUNCTION";

  /** Optional for the scan functions: drift detections at once (default 5, at most 40). */
  public static final String DRIFT_CONCURRENCY = "FOGBANK_DRIFT_CONCURRENCY";

  /**
   * Optional for the drift scan (the scans function; {@code fogbank local} reads the same
   * variables): comma-separated stack name patterns ({@code *} any run of characters); a scan of
   * every stack detects only the managed stacks matching one of the include patterns (none: all)
   * and none of the exclude patterns.
   */
  public static final String DRIFT_INCLUDE = "FOGBANK_DRIFT_INCLUDE";

  public static final String DRIFT_EXCLUDE = "FOGBANK_DRIFT_EXCLUDE";

  /**
   * Optional for the drift-scan function (and {@code fogbank local}): comma-separated stack name
   * patterns; a scan of every stack also detects the region's existing stacks matching one of them
   * (found with ListStacks) that fogbank never deployed. Include and exclude still apply.
   */
  public static final String DRIFT_DISCOVER = "FOGBANK_DRIFT_DISCOVER";

  /**
   * Optional for the slack function (and {@code fogbank local}): the fogbank console's base URL
   * (https; http only to localhost); messages then link the deployment's and the stack's page.
   */
  public static final String CONSOLE_URL = "FOGBANK_CONSOLE_URL";

  /**
   * The console function: the Secrets Manager secret (a generated string) whose value signs the
   * console's sessions and login tickets; read once per container.
   */
  public static final String CONSOLE_SESSION_SECRET_ARN = "FOGBANK_CONSOLE_SESSION_SECRET_ARN";

  /**
   * Optional for the api function (and {@code fogbank local}): comma-separated names of S3 buckets
   * besides the artifacts bucket whose objects {@code POST /deployments} may name by {@code
   * templateUrl}. Each bucket's own policy must let the api function's role read its objects.
   */
  public static final String TEMPLATE_BUCKETS = "FOGBANK_TEMPLATE_BUCKETS";

  /** Unset in AWS; set to run the same artifact against an emulator (LocalStack, moto). */
  public static final String AWS_ENDPOINT = "FOGBANK_AWS_ENDPOINT";

  /** Optional for the scan functions: how many complete days a cost scan reads. */
  public static final String COST_DAYS = "FOGBANK_COST_DAYS";

  /**
   * Optional for the steps-stack function: the stack tags every deployment must carry, one
   * {@code key=regex} per line (see {@code validation.RequiredTags}).
   */
  public static final String REQUIRED_TAGS = "FOGBANK_REQUIRED_TAGS";

  /** Set by Lambda itself. */
  public static final String AWS_REGION = "AWS_REGION";

  /** What every function needs; the stack sets these on each one. */
  public static final List<String> REQUIRED = List.of(ACCOUNT, TABLE);

  /** The variables the stack may set: a name outside this list is read by nothing. */
  public static final List<String> STACK_SET =
      List.of(
          ACCOUNT,
          TABLE,
          ARTIFACTS_BUCKET,
          STATE_MACHINE_ARN,
          TOPIC_ARN,
          DEPLOYMENT_ROLE_ARN,
          SLACK_SECRET_ARN,
          SLACK_SIGNING_SECRET_ARN,
          DRIFT_STATE_MACHINE_ARN,
          DRIFT_CONCURRENCY,
          COST_SCAN_FUNCTION,
          DRIFT_INCLUDE,
          DRIFT_EXCLUDE,
          DRIFT_DISCOVER,
          CONSOLE_URL,
          CONSOLE_SESSION_SECRET_ARN,
          CONSOLE_ASSETS_KEY,
          TEMPLATE_BUCKETS);

  private ControlPlaneEnvironment() {}
}
