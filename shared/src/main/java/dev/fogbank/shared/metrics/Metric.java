package dev.fogbank.shared.metrics;

/**
 * Every metric fogbank emits, with its unit and its one dimension. One dimension each keeps the
 * CloudWatch bill bounded (each distinct dimension value is a custom metric): stack names and
 * deployment ids go into the log line as properties, never into a dimension.
 */
public enum Metric {
  /** A deployment ended; dimension: its terminal status (SUCCEEDED, NO_CHANGES, FAILED, ...). */
  DEPLOYMENTS("Deployments", Unit.COUNT, "Outcome"),
  /** From request to end, by terminal status. */
  DEPLOYMENT_DURATION("DeploymentDuration", Unit.MILLISECONDS, "Outcome"),
  /** From request to the stack's lock taken (queued behind another deployment, or not). */
  LOCK_WAIT("LockWait", Unit.MILLISECONDS, "Function"),
  /** The Review step's own time: replacement, risk, exports and cost estimate of a change set. */
  REVIEW_TIME("ReviewTime", Unit.MILLISECONDS, "Function"),
  /** From the approval request to the decision; dimension APPROVED, REJECTED or TIMED_OUT. */
  APPROVAL_WAIT("ApprovalWait", Unit.MILLISECONDS, "Outcome"),
  /** A scan ended; dimension: drift or cost. */
  SCAN_DURATION("ScanDuration", Unit.MILLISECONDS, "Scan"),
  /** A scan failed (cost), or a stack in a drift scan could not be checked. */
  SCAN_FAILURES("ScanFailures", Unit.COUNT, "Scan"),
  /** A notification was not delivered; dimension: the channel (sns, slack). */
  NOTIFICATION_FAILURES("NotificationFailures", Unit.COUNT, "Channel");

  /** CloudWatch's unit names, as the embedded metric format spells them. */
  public enum Unit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
      this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
      return cloudWatchName;
    }
  }

  private final String metricName;
  private final Unit unit;
  private final String dimension;

  Metric(String metricName, Unit unit, String dimension) {
    this.metricName = metricName;
    this.unit = unit;
    this.dimension = dimension;
  }

  /** The CloudWatch metric name (namespace {@link Metrics#NAMESPACE}). */
  public String metricName() {
    return metricName;
  }

  public Unit unit() {
    return unit;
  }

  /**
   * The one dimension's name. A {@code Function} dimension is filled in by the adapter (the Lambda
   * function's name; {@code local} in local mode): callers pass null for it.
   */
  public String dimension() {
    return dimension;
  }
}
