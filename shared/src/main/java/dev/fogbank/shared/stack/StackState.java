package dev.fogbank.shared.stack;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

  /** How many failed resources {@link #failureMessage} names. */
  public static final int FAILED_RESOURCES_SHOWN = 5;

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

  /**
   * Why the stack ended badly, so that nobody has to dig in the console: "stack 'web' ended
   * ROLLBACK_COMPLETE: reason; failed resources: Queue (reason), ...", naming at most {@value
   * #FAILED_RESOURCES_SHOWN} resources, the earliest failure (usually the cause) first.
   *
   * @param recentEvents the stack's events newest first, as {@link StackGateway#recentEvents} gives
   *     them; empty when they could not be read
   */
  public String failureMessage(List<StackEvent> recentEvents) {
    StringBuilder message = new StringBuilder("stack '").append(stackName).append("' ended ");
    message.append(status);
    if (statusReason != null && !statusReason.isBlank()) {
      message.append(": ").append(statusReason);
    }
    List<String> failed =
        recentEvents.stream()
            .filter(e -> e.status() != null && e.status().endsWith("_FAILED"))
            .limit(FAILED_RESOURCES_SHOWN)
            .map(e -> e.logicalId() + " (" + e.statusReason() + ")")
            .collect(Collectors.toCollection(ArrayList::new))
            .reversed();
    if (!failed.isEmpty()) {
      message.append("; failed resources: ").append(String.join(", ", failed));
    }
    return message.toString();
  }

  /** A failed creation: CloudFormation refuses updates; it must be deleted to be re-created. */
  public boolean needsDeleteBeforeCreate() {
    return status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED");
  }

  private static Map<String, String> copy(Map<String, String> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
