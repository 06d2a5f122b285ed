package dev.fogbank.shared.stack;

import static dev.fogbank.shared.stack.CloudFormationTranslator.isBusyMessage;
import static dev.fogbank.shared.stack.CloudFormationTranslator.isNoChangesReason;
import static dev.fogbank.shared.stack.CloudFormationTranslator.isStackMissingMessage;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackBusyException;
import dev.fogbank.shared.error.TemplateInvalidException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;

/**
 * {@link StackGateway} over CloudFormation. Retries of throttled and failed calls are the SDK's
 * (see {@code AwsClientFactory}); this class waits only for CloudFormation's own asynchronous work
 * (change set creation, deletion of a failed stack), with short polls first because most change
 * sets are ready within a second.
 */
public final class CloudFormationStackGateway implements StackGateway {

  /** Deleting a rolled-back stack is quick (its resources are gone) but can hit retained ones. */
  static final Duration DEFAULT_DELETE_TIMEOUT = Duration.ofMinutes(5);

  private static final List<Duration> CHANGE_SET_POLLS =
      List.of(
          Duration.ZERO,
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1));
  private static final Duration CHANGE_SET_POLL_CAP = Duration.ofSeconds(2);
  private static final Duration DELETE_POLL_CAP = Duration.ofSeconds(5);

  private final CloudFormationClient cloudFormation;
  private final Duration deleteTimeout;
  private final Sleeper sleeper;

  public CloudFormationStackGateway(CloudFormationClient cloudFormation) {
    this(cloudFormation, DEFAULT_DELETE_TIMEOUT);
  }

  /** As above, waiting at most {@code deleteTimeout} for a ROLLBACK_COMPLETE stack to go. */
  public CloudFormationStackGateway(CloudFormationClient cloudFormation, Duration deleteTimeout) {
    this(cloudFormation, deleteTimeout, Sleeper.SYSTEM);
  }

  CloudFormationStackGateway(
      CloudFormationClient cloudFormation, Duration deleteTimeout, Sleeper sleeper) {
    this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
    this.deleteTimeout = Objects.requireNonNull(deleteTimeout, "deleteTimeout");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public Optional<StackState> describe(String stackName) {
    return describe(stackName, stackName);
  }

  @Override
  public ChangeSetHandle createChangeSet(ChangeSetRequest request) {
    String stackName = StackName.require(request.stackName());
    ChangeSetType type = prepareStack(stackName, describe(stackName), request.roleArn());
    try {
      CreateChangeSetResponse response =
          cloudFormation.createChangeSet(
              CloudFormationTranslator.toCreateChangeSetRequest(request, type));
      return new ChangeSetHandle(
          stackName, response.stackId(), response.id(), request.changeSetName(), type.toString());
    } catch (AlreadyExistsException e) {
      return existingChangeSet(request, type, e);
    } catch (InsufficientCapabilitiesException e) {
      throw rejected(request, e);
    } catch (AwsServiceException e) {
      if (isValidationError(e)) {
        if (isBusyMessage(AwsFailures.errorMessage(e))) {
          throw busy(stackName, "changed state while fogbank created a change set", e);
        }
        if (isNoChangesReason(AwsFailures.errorMessage(e))) {
          // Some endpoints (moto) refuse an empty update at once instead of failing the change
          // set: a handle without a change set id reads as NO_CHANGES in awaitChangeSet.
          return new ChangeSetHandle(stackName, null, null, request.changeSetName(), "UPDATE");
        }
        throw rejected(request, e);
      }
      throw failure("CreateChangeSet", stackName, e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("CreateChangeSet", stackName, e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public ChangeSetOutcome awaitChangeSet(ChangeSetHandle handle, Duration timeout) {
    if (handle.changeSetId() == null) {
      return new ChangeSetOutcome(
          ChangeSetOutcome.Status.NO_CHANGES, "No updates are to be performed.", List.of());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int poll = 0; ; poll++) {
      Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
      sleep(min(pollDelay(poll, CHANGE_SET_POLL_CAP), remaining), handle.stackName());
      Optional<DescribeChangeSetResponse> found = describeChangeSet(handle, null);
      if (found.isEmpty()) {
        return new ChangeSetOutcome(
            ChangeSetOutcome.Status.FAILED,
            "change set '" + handle.changeSetName() + "' no longer exists",
            List.of());
      }
      DescribeChangeSetResponse page = found.get();
      ChangeSetStatus status = page.status();
      if (status == ChangeSetStatus.CREATE_COMPLETE) {
        return ready(handle, page);
      }
      if (status == ChangeSetStatus.FAILED) {
        return failed(handle, page.statusReason());
      }
      if (status != ChangeSetStatus.CREATE_PENDING
          && status != ChangeSetStatus.CREATE_IN_PROGRESS) {
        // DELETE_* (someone deleted it) or a status newer than this SDK: not executable.
        return new ChangeSetOutcome(
            ChangeSetOutcome.Status.FAILED,
            "change set '" + handle.changeSetName() + "' is " + page.statusAsString(),
            List.of());
      }
      if (System.nanoTime() >= deadline) {
        // Not a FAILED outcome: the change set may still complete, and a retry of this wait
        // (the state machine retries AWS_UNAVAILABLE) picks it up where this one stopped.
        throw new AwsUnavailableException(
            "CloudFormation change set '"
                + handle.changeSetName()
                + "' for stack '"
                + handle.stackName()
                + "' was still "
                + page.statusAsString()
                + " after "
                + timeout.toSeconds()
                + " s");
      }
    }
  }

  @Override
  public void executeChangeSet(ChangeSetHandle handle) {
    try {
      cloudFormation.executeChangeSet(
          r ->
              r.changeSetName(handle.changeSetId())
                  // Makes a retried call (lost response, Lambda timeout) the same request to
                  // CloudFormation, and tags the stack events with the change set's name.
                  .clientRequestToken(handle.changeSetName()));
    } catch (InvalidChangeSetStatusException e) {
      if (alreadyExecuted(handle)) {
        return; // an earlier attempt of ours got through
      }
      throw changeSetFailed(handle, "cannot be executed", e);
    } catch (ChangeSetNotFoundException e) {
      throw changeSetFailed(handle, "no longer exists", e);
    } catch (AwsServiceException e) {
      if (isValidationError(e)) {
        if (isBusyMessage(AwsFailures.errorMessage(e))) {
          throw busy(handle.stackName(), "cannot execute a change set now", e);
        }
        throw changeSetFailed(handle, "was refused", e);
      }
      throw failure("ExecuteChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("ExecuteChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public List<StackEvent> recentEvents(String stackName, int max) {
    if (max <= 0) {
      return List.of();
    }
    try {
      // DescribeStackEvents pages newest first; the paginator fetches only the pages we read.
      return cloudFormation
          .describeStackEventsPaginator(r -> r.stackName(stackName))
          .stackEvents()
          .stream()
          .limit(max)
          .map(CloudFormationTranslator::toStackEvent)
          .toList();
    } catch (AwsServiceException e) {
      if (isValidationError(e) && isStackMissingMessage(AwsFailures.errorMessage(e))) {
        return List.of();
      }
      throw failure("DescribeStackEvents", stackName, e, ErrorCode.STACK_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeStackEvents", stackName, e, ErrorCode.STACK_FAILED);
    }
  }

  // --- createChangeSet -------------------------------------------------------------------

  /** Decides CREATE or UPDATE, first clearing a stack that CloudFormation will not update. */
  private ChangeSetType prepareStack(
      String stackName, Optional<StackState> current, String roleArn) {
    if (current.isEmpty()) {
      return ChangeSetType.CREATE;
    }
    StackState stack = current.get();
    if (stack.inReview()) {
      // Created by an earlier change set that never ran; CloudFormation creates into it.
      return ChangeSetType.CREATE;
    }
    if (stack.needsDeleteBeforeCreate()) {
      deleteAndWait(stack, roleArn);
      return ChangeSetType.CREATE;
    }
    if (stack.inProgress()) {
      throw new StackBusyException(
          "stack '"
              + stackName
              + "' is "
              + stack.status()
              + ": CloudFormation accepts no change set until that operation ends; retry later");
    }
    if (stack.status().equals("UPDATE_ROLLBACK_FAILED") || stack.status().equals("DELETE_FAILED")) {
      throw new DeploymentException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stackName
              + "' is "
              + stack.status()
              + " and CloudFormation will not update it: continue the rollback or finish the"
              + " deletion (AWS console or CLI) first"
              + reasonSuffix(stack.statusReason()));
    }
    return ChangeSetType.UPDATE;
  }

  /**
   * A failed first creation leaves a stack CloudFormation can only delete. Deletes it by id (so a
   * newer stack of the same name is never touched) and waits until it is gone.
   */
  private void deleteAndWait(StackState stack, String roleArn) {
    String stackName = stack.stackName();
    try {
      cloudFormation.deleteStack(
          r -> {
            r.stackName(stack.stackId());
            if (roleArn != null) {
              r.roleARN(roleArn);
            }
          });
    } catch (SdkException e) {
      throw failure(
          "DeleteStack (it was " + stack.status() + ")", stackName, e, ErrorCode.STACK_FAILED);
    }
    long deadline = System.nanoTime() + deleteTimeout.toNanos();
    for (int poll = 1; ; poll++) {
      Optional<StackState> now = describe(stack.stackId(), stackName);
      if (now.isEmpty()) {
        return;
      }
      if (now.get().status().equals("DELETE_FAILED")) {
        throw new DeploymentException(
            ErrorCode.STACK_FAILED,
            "stack '"
                + stackName
                + "' was "
                + stack.status()
                + " and could not be deleted to be created again"
                + reasonSuffix(now.get().statusReason()));
      }
      Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
      if (remaining.isNegative() || remaining.isZero()) {
        throw new StackBusyException(
            "stack '"
                + stackName
                + "' (was "
                + stack.status()
                + ") is still "
                + now.get().status()
                + " after "
                + deleteTimeout.toSeconds()
                + " s; a later deployment creates it once the deletion ends");
      }
      sleep(min(pollDelay(poll, DELETE_POLL_CAP), remaining), stackName);
    }
  }

  /**
   * CreateChangeSet answered AlreadyExists. Either our own earlier attempt created the change set
   * (a response lost and retried): return it; or the stack appeared since we looked: busy.
   */
  private ChangeSetHandle existingChangeSet(
      ChangeSetRequest request, ChangeSetType type, AlreadyExistsException cause) {
    try {
      DescribeChangeSetResponse existing =
          cloudFormation.describeChangeSet(
              r -> r.stackName(request.stackName()).changeSetName(request.changeSetName()));
      return new ChangeSetHandle(
          request.stackName(),
          existing.stackId(),
          existing.changeSetId(),
          existing.changeSetName(),
          type.toString());
    } catch (ChangeSetNotFoundException e) {
      throw busy(request.stackName(), "was created by someone else meanwhile", cause);
    } catch (AwsServiceException e) {
      if (isValidationError(e)) {
        throw busy(request.stackName(), "was created by someone else meanwhile", cause);
      }
      throw failure("DescribeChangeSet", request.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeChangeSet", request.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  // --- awaitChangeSet --------------------------------------------------------------------

  private ChangeSetOutcome ready(ChangeSetHandle handle, DescribeChangeSetResponse first) {
    if (first.executionStatus() != null
        && first.executionStatus() != ExecutionStatus.AVAILABLE
        && first.executionStatus() != ExecutionStatus.UNKNOWN_TO_SDK_VERSION) {
      return new ChangeSetOutcome(
          ChangeSetOutcome.Status.FAILED,
          "change set '"
              + handle.changeSetName()
              + "' was created but is "
              + first.executionStatusAsString()
              + reasonSuffix(first.statusReason()),
          List.of());
    }
    List<Change> changes = new ArrayList<>(first.changes());
    String token = first.nextToken();
    while (token != null) {
      DescribeChangeSetResponse page =
          describeChangeSet(handle, token)
              .orElseThrow(
                  () ->
                      new AwsUnavailableException(
                          "CloudFormation change set '"
                              + handle.changeSetName()
                              + "' for stack '"
                              + handle.stackName()
                              + "' disappeared while its changes were read"));
      changes.addAll(page.changes());
      token = page.nextToken();
    }
    return new ChangeSetOutcome(
        ChangeSetOutcome.Status.READY, null, CloudFormationTranslator.toResourceChanges(changes));
  }

  private ChangeSetOutcome failed(ChangeSetHandle handle, String reason) {
    if (!isNoChangesReason(reason)) {
      return new ChangeSetOutcome(
          ChangeSetOutcome.Status.FAILED,
          reason == null ? "CloudFormation gave no reason" : reason,
          List.of());
    }
    // Nothing to deploy. Tidying up is best effort: a leftover empty change set (or review
    // stack, which the next CREATE reuses) is harmless, so a failure to delete it is reported
    // in the reason rather than failing a deployment whose answer is already known.
    String cleanup = "";
    try {
      deleteChangeSet(handle);
      if (ChangeSetType.CREATE.toString().equals(handle.type())) {
        deleteEmptyReviewStack(handle);
      }
    } catch (DeploymentException e) {
      cleanup = " (fogbank could not clean up: " + e.getMessage() + ")";
    }
    return new ChangeSetOutcome(ChangeSetOutcome.Status.NO_CHANGES, reason + cleanup, List.of());
  }

  private void deleteChangeSet(ChangeSetHandle handle) {
    try {
      cloudFormation.deleteChangeSet(r -> r.changeSetName(handle.changeSetId()));
    } catch (ChangeSetNotFoundException e) {
      // Already gone: the outcome is the same.
    } catch (SdkException e) {
      throw failure("DeleteChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  /** Deletes the REVIEW_IN_PROGRESS stack a no-change CREATE left, if nothing else uses it. */
  private void deleteEmptyReviewStack(ChangeSetHandle handle) {
    Optional<StackState> stack = describe(handle.stackId(), handle.stackName());
    if (stack.isEmpty() || !stack.get().inReview()) {
      return;
    }
    try {
      // Filtered by stack id as well: moto 5.2 lists every stack's change sets here.
      boolean otherChangeSets =
          cloudFormation
              .listChangeSetsPaginator(r -> r.stackName(handle.stackId()))
              .summaries()
              .stream()
              .anyMatch(s -> handle.stackId().equals(s.stackId()));
      if (!otherChangeSets) {
        cloudFormation.deleteStack(r -> r.stackName(handle.stackId()));
      }
    } catch (SdkException e) {
      throw failure(
          "DeleteStack (empty, REVIEW_IN_PROGRESS)",
          handle.stackName(),
          e,
          ErrorCode.STACK_FAILED);
    }
  }

  /** The change set, or empty when CloudFormation no longer knows it. */
  private Optional<DescribeChangeSetResponse> describeChangeSet(
      ChangeSetHandle handle, String nextToken) {
    try {
      // By ARN: change set names are only unique per stack (and moto 5.2 mixes them up).
      return Optional.of(
          cloudFormation.describeChangeSet(
              r -> r.changeSetName(handle.changeSetId()).nextToken(nextToken)));
    } catch (ChangeSetNotFoundException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      if (isValidationError(e) && isStackMissingMessage(AwsFailures.errorMessage(e))) {
        return Optional.empty(); // the stack (and with it the change set) was deleted
      }
      throw failure("DescribeChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  private boolean alreadyExecuted(ChangeSetHandle handle) {
    return describeChangeSet(handle, null)
        .map(DescribeChangeSetResponse::executionStatus)
        .map(s -> s == ExecutionStatus.EXECUTE_IN_PROGRESS || s == ExecutionStatus.EXECUTE_COMPLETE)
        .orElse(false);
  }

  // --- shared ----------------------------------------------------------------------------

  /** DescribeStacks by name or id; a deleted stack (DELETE_COMPLETE ghost) counts as absent. */
  private Optional<StackState> describe(String nameOrId, String stackName) {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(nameOrId)).stacks().stream()
          .findFirst()
          .map(CloudFormationTranslator::toStackState)
          .filter(s -> !s.status().equals("DELETE_COMPLETE"));
    } catch (AwsServiceException e) {
      if (isValidationError(e) && isStackMissingMessage(AwsFailures.errorMessage(e))) {
        return Optional.empty();
      }
      throw failure("DescribeStacks", stackName, e, ErrorCode.STACK_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeStacks", stackName, e, ErrorCode.STACK_FAILED);
    }
  }

  private static boolean isValidationError(AwsServiceException e) {
    return "ValidationError".equals(AwsFailures.errorCode(e));
  }

  /** AWS_UNAVAILABLE for an outage; {@code refused} with AWS's reason for a refusal. */
  private static DeploymentException failure(
      String operation, String stackName, SdkException e, ErrorCode refused) {
    return AwsFailures.failure(
        "CloudFormation " + operation + " for stack '" + stackName + "'", e, refused);
  }

  /** CloudFormation's reason is its own explanation of what is wrong: keep it, with context. */
  private static TemplateInvalidException rejected(
      ChangeSetRequest request, AwsServiceException e) {
    TemplateInvalidException error =
        new TemplateInvalidException(
            "CloudFormation rejected change set '"
                + request.changeSetName()
                + "' for stack '"
                + request.stackName()
                + "': "
                + AwsFailures.errorMessage(e));
    error.initCause(e);
    return error;
  }

  private static StackBusyException busy(String stackName, String what, SdkException cause) {
    String detail =
        cause instanceof AwsServiceException service
            ? ": " + AwsFailures.errorMessage(service)
            : "";
    return new StackBusyException("stack '" + stackName + "' " + what + detail, cause);
  }

  private static DeploymentException changeSetFailed(
      ChangeSetHandle handle, String what, AwsServiceException e) {
    return new DeploymentException(
        ErrorCode.CHANGE_SET_FAILED,
        "change set '"
            + handle.changeSetName()
            + "' for stack '"
            + handle.stackName()
            + "' "
            + what
            + reasonSuffix(AwsFailures.errorMessage(e)),
        e);
  }

  private static String reasonSuffix(String reason) {
    return reason == null || reason.isBlank() ? "" : ": " + reason;
  }

  /** 0, 100 ms, 250 ms, 500 ms, 1 s, then doubling up to {@code cap}. */
  static Duration pollDelay(int poll, Duration cap) {
    Duration delay;
    if (poll < CHANGE_SET_POLLS.size()) {
      delay = CHANGE_SET_POLLS.get(poll);
    } else {
      int doublings = Math.min(poll - CHANGE_SET_POLLS.size() + 1, 10);
      delay = CHANGE_SET_POLLS.getLast().multipliedBy(1L << doublings);
    }
    return min(delay, cap);
  }

  private static Duration min(Duration a, Duration b) {
    Duration atLeastZero = b.isNegative() ? Duration.ZERO : b;
    return a.compareTo(atLeastZero) <= 0 ? a : atLeastZero;
  }

  private void sleep(Duration delay, String stackName) {
    if (delay.isZero()) {
      return;
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeploymentException(
          ErrorCode.INTERRUPTED,
          "interrupted while waiting for CloudFormation on stack '" + stackName + "'",
          e);
    }
  }

  /** Waiting, replaceable so that unit tests of the polling need not sleep. */
  @FunctionalInterface
  interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d);

    void sleep(Duration duration) throws InterruptedException;
  }
}
