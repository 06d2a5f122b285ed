package dev.fogbank.shared.stack;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What CloudFormation says about a stack right now, with its parameter values (a NoEcho one shows
 * as {@link #MASKED}) and outputs, in CloudFormation's order.
 */
public record StackState(
    String stackName,
    String stackId,
    String status,
    String statusReason,
    Map<String, String> parameters,
    Map<String, String> outputs) {

  /** How DescribeStacks shows a NoEcho parameter's value. */
  public static final String MASKED = "****";

  public StackState {
    parameters = copy(parameters);
    outputs = copy(outputs);
  }

  /** A stack whose parameters and outputs do not matter to the caller. */
  public StackState(String stackName, String stackId, String status, String statusReason) {
    this(stackName, stackId, status, statusReason, Map.of(), Map.of());
  }

  /** CloudFormation is working on it (any {@code *_IN_PROGRESS} status). */
  public boolean inProgress() {
    return status.endsWith("_IN_PROGRESS");
  }

  /** The last operation ended well. */
  public boolean succeeded() {
    return status.equals("CREATE_COMPLETE")
        || status.equals("UPDATE_COMPLETE")
        || status.equals("IMPORT_COMPLETE");
  }

  /** The last operation ended and did not succeed (failed or rolled back). */
  public boolean failed() {
    return !inProgress() && !succeeded();
  }

  /** A stack created through a change set that was never executed. */
  public boolean inReview() {
    return status.equals("REVIEW_IN_PROGRESS");
  }

  /**
   * CloudFormation will not update the stack until someone continues its rollback or finishes its
   * deletion: says so (STACK_FAILED), naming what to do, before anything is attempted.
   */
  public void requireUpdatable() {
    if (status.equals("UPDATE_ROLLBACK_FAILED") || status.equals("DELETE_FAILED")) {
      throw new DeploymentException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stackName
              + "' is "
              + status
              + " and CloudFormation will not update it: continue the rollback or finish the"
              + " deletion (AWS console or CLI) first"
              + (statusReason == null || statusReason.isBlank() ? "" : ": " + statusReason));
    }
  }

  /** A failed creation: CloudFormation refuses updates; it must be deleted to be re-created. */
  public boolean needsDeleteBeforeCreate() {
    return status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED");
  }

  private static Map<String, String> copy(Map<String, String> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
