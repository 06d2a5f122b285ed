package dev.fogbank.shared.controlplane;

/**
 * The control plane's Lambda functions by name: the stem of their logical ids in the stack, the
 * suffix of their function name ({@code <stack name>-<suffix>} in AWS and in local mode alike), and
 * for the deploy state machine's tasks the {@code ${<id>FunctionArn}} substitution its definition
 * uses. Infrastructure builds the functions from these; local mode maps the same names to handlers.
 */
public enum FunctionName {
  API("Api", "api"),
  /** The web console in AWS (local mode serves it from its API server). */
  CONSOLE("Console", "console"),
  DROP("Drop", "drop"),
  ACQUIRE_LOCK("AcquireLock", "acquire-lock"),
  VALIDATE_TEMPLATE("ValidateTemplate", "validate-template"),
  CREATE_CHANGE_SET("CreateChangeSet", "create-change-set"),
  EXECUTE_CHANGE_SET("ExecuteChangeSet", "execute-change-set"),
  CHECK_STACK("CheckStack", "check-stack"),
  WAIT_FOR_STACK("WaitForStack", "wait-for-stack"),
  RECORD_RESULT("RecordResult", "record-result"),
  RECORD_FAILURE("RecordFailure", "record-failure"),
  RELEASE_LOCK("ReleaseLock", "release-lock"),
  NOTIFY("Notify", "notify"),
  SLACK("Slack", "slack"),
  STACK_EVENTS("StackEvents", "stack-events"),
  DRIFT_SCAN("DriftScan", "drift-scan"),
  COST_SCAN("CostScan", "cost-scan"),
  PRICE_REFRESH("PriceRefresh", "price-refresh"),
  REVIEW_CHANGE_SET("ReviewChangeSet", "review-change-set"),
  WAIT_FOR_APPROVAL("WaitForApproval", "wait-for-approval"),
  DISCARD_CHANGE_SET("DiscardChangeSet", "discard-change-set");

  private final String id;
  private final String suffix;

  FunctionName(String id, String suffix) {
    this.id = id;
    this.suffix = suffix;
  }

  /** The stem of the function's logical ids: {@code <id>Function}, {@code <id>Role}, ... */
  public String id() {
    return id;
  }

  /** The function is named {@code <stack name>-<suffix>}. */
  public String suffix() {
    return suffix;
  }

  public String functionName(String stackName) {
    return stackName + "-" + suffix;
  }

  /** The name the deploy state machine's definition uses for this function's ARN. */
  public String substitutionName() {
    return id + "FunctionArn";
  }
}
