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
import dev.fogbank.shared.wait.Waiter;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * {@link StackGateway} over CloudFormation. Retries of throttled and failed calls are the SDK's
 * (see {@code AwsClientFactory}); this class waits only for CloudFormation's own asynchronous work
 * (change set creation, deletion of a failed stack), through the {@link Waiter}.
 */
public final class CloudFormationStackGateway implements StackGateway {

  /** Deleting a rolled-back stack is quick (its resources are gone) but can hit retained ones. */
  static final Duration DEFAULT_DELETE_TIMEOUT = Duration.ofMinutes(5);

  private static final Duration CHANGE_SET_POLL_CAP = Duration.ofSeconds(2);
  private static final Duration DELETE_POLL_CAP = Duration.ofSeconds(5);

  private final CloudFormationClient cloudFormation;
  private final Duration deleteTimeout;
  private final Waiter changeSetWaiter;

  /** The HTTP status with which the endpoint showed it has no ListImports; 0 until then. */
  private volatile int listImportsStatus;
  private final Waiter deleteWaiter;

  public CloudFormationStackGateway(CloudFormationClient cloudFormation) {
    this(cloudFormation, DEFAULT_DELETE_TIMEOUT);
  }

  /** As above, waiting at most {@code deleteTimeout} for a ROLLBACK_COMPLETE stack to go. */
  public CloudFormationStackGateway(CloudFormationClient cloudFormation, Duration deleteTimeout) {
    this(cloudFormation, deleteTimeout, Waiter.of(CHANGE_SET_POLL_CAP));
  }

  CloudFormationStackGateway(
      CloudFormationClient cloudFormation, Duration deleteTimeout, Waiter waiter) {
    this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
    this.deleteTimeout = Objects.requireNonNull(deleteTimeout, "deleteTimeout");
    this.changeSetWaiter = waiter.withCap(CHANGE_SET_POLL_CAP);
    this.deleteWaiter = waiter.withCap(DELETE_POLL_CAP);
  }

  @Override
  public Optional<StackState> describe(String stackNameOrId) {
    return describe(stackNameOrId, stackNameOrId);
  }

  @Override
  public ChangeSet createChangeSet(ChangeSetRequest request) {
    String stackName = StackName.require(request.stackName());
    ChangeSet.Type type = prepareStack(stackName, describe(stackName), request.roleArn());
    try {
      CreateChangeSetResponse response =
          cloudFormation.createChangeSet(
              CloudFormationTranslator.toCreateChangeSetRequest(request, type));
      return ChangeSet.creating(
          stackName, response.stackId(), response.id(), request.changeSetName(), type);
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
          // set: there is no change set to wait for.
          return new ChangeSet(
              stackName,
              null,
              null,
              request.changeSetName(),
              ChangeSet.Type.UPDATE,
              ChangeSet.Status.NO_CHANGES,
              AwsFailures.errorMessage(e),
              List.of());
        }
        throw rejected(request, e);
      }
      throw failure("CreateChangeSet", stackName, e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("CreateChangeSet", stackName, e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public ChangeSet awaitChangeSet(ChangeSet changeSet, Duration timeout) {
    if (changeSet.status() != ChangeSet.Status.CREATING) {
      return changeSet;
    }
    Optional<DescribeChangeSetResponse> last =
        changeSetWaiter.until(
            "change set '" + changeSet.name() + "' of stack '" + changeSet.stackName() + "'",
            timeout,
            () -> describeChangeSet(changeSet, null),
            found -> found.isEmpty() || !creating(found.get().status()),
            found ->
                // Not FAILED: the change set may still complete, and a retry of this wait (the
                // state machine retries AWS_UNAVAILABLE) picks it up where this one stopped.
                new AwsUnavailableException(
                    "CloudFormation change set '"
                        + changeSet.name()
                        + "' for stack '"
                        + changeSet.stackName()
                        + "' was still "
                        + found.get().statusAsString()
                        + " after "
                        + timeout.toSeconds()
                        + " s"));
    if (last.isEmpty()) {
      return failed(changeSet, "change set '" + changeSet.name() + "' no longer exists");
    }
    DescribeChangeSetResponse page = last.get();
    if (page.status() == ChangeSetStatus.CREATE_COMPLETE) {
      return ready(changeSet, page);
    }
    if (page.status() == ChangeSetStatus.FAILED) {
      return failedOrEmpty(changeSet, page.statusReason());
    }
    // DELETE_* (someone deleted it), no status, or one newer than this SDK: not executable.
    return failed(changeSet, "change set '" + changeSet.name() + "' is " + page.statusAsString());
  }

  private static boolean creating(ChangeSetStatus status) {
    return status == ChangeSetStatus.CREATE_PENDING || status == ChangeSetStatus.CREATE_IN_PROGRESS;
  }

  @Override
  public void executeChangeSet(ChangeSet handle) {
    try {
      cloudFormation.executeChangeSet(
          r ->
              r.changeSetName(handle.changeSetId())
                  // Makes a retried call (lost response, Lambda timeout) the same request to
                  // CloudFormation, and tags the stack events with the change set's name.
                  .clientRequestToken(handle.name()));
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
      if (isStackMissing(e)) {
        return List.of();
      }
      throw failure("DescribeStackEvents", stackName, e, ErrorCode.STACK_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeStackEvents", stackName, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public List<StackEvent> eventsSince(String stackNameOrId, Instant since) {
    Objects.requireNonNull(since, "since");
    try {
      // Newest first; the paginator asks for the next page only while the stream wants more.
      return cloudFormation
          .describeStackEventsPaginator(r -> r.stackName(stackNameOrId))
          .stackEvents()
          .stream()
          .map(CloudFormationTranslator::toStackEvent)
          .takeWhile(e -> e.timestamp() == null || !e.timestamp().isBefore(since))
          .toList();
    } catch (AwsServiceException e) {
      if (isStackMissing(e)) {
        return List.of();
      }
      throw failure("DescribeStackEvents", stackNameOrId, e, ErrorCode.STACK_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeStackEvents", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public void continueUpdateRollback(
      String stackNameOrId, List<String> resourcesToSkip, String roleArn) {
    try {
      cloudFormation.continueUpdateRollback(
          r -> {
            r.stackName(stackNameOrId).resourcesToSkip(resourcesToSkip);
            if (roleArn != null) {
              r.roleARN(roleArn);
            }
          });
    } catch (SdkException e) {
      throw failure("ContinueUpdateRollback", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public String template(String stackNameOrId, TemplateStage stage) {
    try {
      return cloudFormation
          .getTemplate(
              r ->
                  r.stackName(stackNameOrId)
                      .templateStage(CloudFormationTranslator.toTemplateStage(stage)))
          .templateBody();
    } catch (SdkException e) {
      throw failure("GetTemplate", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public Optional<String> processedTemplate(ChangeSet changeSet) {
    try {
      // The stack by id and the change set by ARN: names are only unique per stack.
      String body =
          cloudFormation
              .getTemplate(
                  r ->
                      r.stackName(changeSet.stackId())
                          .changeSetName(changeSet.changeSetId())
                          .templateStage(
                              CloudFormationTranslator.toTemplateStage(TemplateStage.PROCESSED)))
              .templateBody();
      return CloudFormationTranslator.isEmptyTemplate(body) ? Optional.empty() : Optional.of(body);
    } catch (SdkException e) {
      throw failure(
          "GetTemplate (processed) of change set '" + changeSet.name() + "'",
          changeSet.stackName(),
          e,
          ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public List<StackResource> resources(String stackNameOrId) {
    try {
      return cloudFormation
          .listStackResourcesPaginator(r -> r.stackName(stackNameOrId))
          .stackResourceSummaries()
          .stream()
          .map(CloudFormationTranslator::toStackResource)
          .toList();
    } catch (SdkException e) {
      throw failure("ListStackResources", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public List<ChangeSet> changeSets(String stackId) {
    try {
      // Filtered by stack id as well: moto 5.2 lists every stack's change sets here.
      return cloudFormation.listChangeSetsPaginator(r -> r.stackName(stackId)).summaries().stream()
          .filter(s -> stackId.equals(s.stackId()))
          .map(s -> CloudFormationTranslator.toChangeSet(s.stackName(), s))
          .toList();
    } catch (AwsServiceException e) {
      if (isStackMissing(e)) {
        return List.of();
      }
      throw failure("ListChangeSets", stackId, e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("ListChangeSets", stackId, e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public void deleteChangeSet(String changeSetId) {
    try {
      cloudFormation.deleteChangeSet(r -> r.changeSetName(changeSetId));
    } catch (ChangeSetNotFoundException e) {
      // Already gone: the outcome is the same.
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "CloudFormation DeleteChangeSet of " + changeSetId, e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  @Override
  public void discardChangeSet(ChangeSet changeSet) {
    deleteChangeSet(changeSet.changeSetId());
    if (changeSet.type() == ChangeSet.Type.CREATE) {
      deleteEmptyReviewStack(changeSet);
    }
  }

  @Override
  public void deleteStack(String stackId) {
    deleteStack(stackId, null, stackId, "DeleteStack");
  }

  @Override
  public List<StackExport> exports() {
    try {
      return cloudFormation.listExportsPaginator(r -> {}).exports().stream()
          .map(CloudFormationTranslator::toStackExport)
          .toList();
    } catch (SdkException e) {
      throw AwsFailures.failure("CloudFormation ListExports", e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public List<String> importers(String exportName) {
    if (listImportsStatus != 0) {
      // The endpoint showed it has no ListImports: asking again would only wait out the retries.
      throw new ImportsUnsupportedException(exportName, listImportsStatus);
    }
    try {
      return cloudFormation.listImportsPaginator(r -> r.exportName(exportName)).imports().stream()
          .toList();
    } catch (AwsServiceException e) {
      if (isValidationError(e)
          && CloudFormationTranslator.isNotImportedMessage(AwsFailures.errorMessage(e))) {
        return List.of();
      }
      if (AwsFailures.isNotImplemented(e)) {
        listImportsStatus = e.statusCode();
        throw new ImportsUnsupportedException(exportName, e.statusCode());
      }
      throw AwsFailures.failure(
          "CloudFormation ListImports of export '" + exportName + "'", e, ErrorCode.STACK_FAILED);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "CloudFormation ListImports of export '" + exportName + "'", e, ErrorCode.STACK_FAILED);
    }
  }

  /**
   * ListStacks asked for every status but DELETE_COMPLETE (and filtered again: an endpoint may
   * ignore the filter), page by page through NextToken, without the SDK's paginator classes (the
   * scans artifact leaves them out).
   */
  @Override
  public List<String> stackNames() {
    List<StackStatus> existing =
        java.util.EnumSet.complementOf(
                java.util.EnumSet.of(
                    StackStatus.DELETE_COMPLETE, StackStatus.UNKNOWN_TO_SDK_VERSION))
            .stream()
            .toList();
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    String token = null;
    try {
      do {
        String page = token;
        var response =
            cloudFormation.listStacks(r -> r.stackStatusFilters(existing).nextToken(page));
        response.stackSummaries().stream()
            .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
            .map(StackSummary::stackName)
            .forEach(names::add);
        token = response.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (SdkException e) {
      throw AwsFailures.failure("CloudFormation ListStacks", e, ErrorCode.STACK_FAILED);
    }
    return List.copyOf(names);
  }

  @Override
  public void setStackPolicy(String stackNameOrId, String policyJson) {
    try {
      cloudFormation.setStackPolicy(r -> r.stackName(stackNameOrId).stackPolicyBody(policyJson));
    } catch (SdkException e) {
      throw failure("SetStackPolicy", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  @Override
  public void setTerminationProtection(String stackNameOrId, boolean enabled) {
    try {
      cloudFormation.updateTerminationProtection(
          r -> r.stackName(stackNameOrId).enableTerminationProtection(enabled));
    } catch (SdkException e) {
      throw failure("UpdateTerminationProtection", stackNameOrId, e, ErrorCode.STACK_FAILED);
    }
  }

  // --- createChangeSet -------------------------------------------------------------------

  /** Decides CREATE or UPDATE, first clearing a stack that CloudFormation will not update. */
  private ChangeSet.Type prepareStack(
      String stackName, Optional<StackState> current, String roleArn) {
    if (current.isEmpty()) {
      return ChangeSet.Type.CREATE;
    }
    StackState stack = current.get();
    if (stack.inReview()) {
      // Created by an earlier change set that never ran; CloudFormation creates into it.
      return ChangeSet.Type.CREATE;
    }
    if (stack.needsDeleteBeforeCreate()) {
      deleteAndWait(stack, roleArn);
      return ChangeSet.Type.CREATE;
    }
    if (stack.inProgress()) {
      throw new StackBusyException(
          "stack '"
              + stackName
              + "' is "
              + stack.status()
              + ": CloudFormation accepts no change set until that operation ends; retry later");
    }
    stack.requireUpdatable();
    return ChangeSet.Type.UPDATE;
  }

  /**
   * A failed first creation leaves a stack CloudFormation can only delete. Deletes it by id (so a
   * newer stack of the same name is never touched) and waits until it is gone.
   */
  private void deleteAndWait(StackState stack, String roleArn) {
    String stackName = stack.stackName();
    deleteStack(stack.stackId(), roleArn, stackName, "DeleteStack (it was " + stack.status() + ")");
    Optional<StackState> gone =
        deleteWaiter.until(
            "the deletion of stack '" + stackName + "'",
            deleteTimeout,
            () -> describe(stack.stackId(), stackName),
            now -> now.isEmpty() || now.get().status().equals("DELETE_FAILED"),
            now ->
                new StackBusyException(
                    "stack '"
                        + stackName
                        + "' (was "
                        + stack.status()
                        + ") is still "
                        + now.get().status()
                        + " after "
                        + deleteTimeout.toSeconds()
                        + " s; a later deployment creates it once the deletion ends"));
    if (gone.isPresent()) {
      throw new DeploymentException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stackName
              + "' was "
              + stack.status()
              + " and could not be deleted to be created again"
              + reasonSuffix(gone.get().statusReason()));
    }
  }

  /** {@code operation} names the call and why, for the message when it fails. */
  private void deleteStack(String stackId, String roleArn, String stackName, String operation) {
    try {
      cloudFormation.deleteStack(
          r -> {
            r.stackName(stackId);
            if (roleArn != null) {
              r.roleARN(roleArn);
            }
          });
    } catch (SdkException e) {
      throw failure(operation, stackName, e, ErrorCode.STACK_FAILED);
    }
  }

  /**
   * CreateChangeSet answered AlreadyExists. Either our own earlier attempt created the change set
   * (a response lost and retried): return it; or the stack appeared since we looked: busy.
   */
  private ChangeSet existingChangeSet(
      ChangeSetRequest request, ChangeSet.Type type, AlreadyExistsException cause) {
    try {
      DescribeChangeSetResponse existing =
          cloudFormation.describeChangeSet(
              r -> r.stackName(request.stackName()).changeSetName(request.changeSetName()));
      return ChangeSet.creating(
          request.stackName(),
          existing.stackId(),
          existing.changeSetId(),
          existing.changeSetName(),
          type);
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

  private ChangeSet ready(ChangeSet handle, DescribeChangeSetResponse first) {
    if (first.executionStatus() != null
        && first.executionStatus() != ExecutionStatus.AVAILABLE
        && first.executionStatus() != ExecutionStatus.UNKNOWN_TO_SDK_VERSION) {
      return failed(
          handle,
          "change set '"
              + handle.name()
              + "' was created but is "
              + first.executionStatusAsString()
              + reasonSuffix(first.statusReason()));
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
                              + handle.name()
                              + "' for stack '"
                              + handle.stackName()
                              + "' disappeared while its changes were read"));
      changes.addAll(page.changes());
      token = page.nextToken();
    }
    return handle.with(
        ChangeSet.Status.READY, null, CloudFormationTranslator.toResourceChanges(changes));
  }

  private static ChangeSet failed(ChangeSet handle, String reason) {
    return handle.with(ChangeSet.Status.FAILED, reason, List.of());
  }

  private ChangeSet failedOrEmpty(ChangeSet handle, String reason) {
    if (!isNoChangesReason(reason)) {
      return failed(handle, reason == null ? "CloudFormation gave no reason" : reason);
    }
    // Nothing to deploy. Tidying up is best effort: a leftover empty change set (or review
    // stack, which the next CREATE reuses) is harmless, so a failure to delete it is reported
    // in the reason rather than failing a deployment whose answer is already known.
    String cleanup = "";
    try {
      discardChangeSet(handle);
    } catch (DeploymentException e) {
      cleanup = " (fogbank could not clean up: " + e.getMessage() + ")";
    }
    return handle.with(ChangeSet.Status.NO_CHANGES, reason + cleanup, List.of());
  }

  /** Deletes the REVIEW_IN_PROGRESS stack a no-change CREATE left, if nothing else uses it. */
  private void deleteEmptyReviewStack(ChangeSet handle) {
    Optional<StackState> stack = describe(handle.stackId(), handle.stackName());
    if (stack.isEmpty() || !stack.get().inReview()) {
      return;
    }
    if (changeSets(handle.stackId()).isEmpty()) {
      deleteStack(
          handle.stackId(), null, handle.stackName(), "DeleteStack (empty, REVIEW_IN_PROGRESS)");
    }
  }

  /** The change set, or empty when CloudFormation no longer knows it. */
  private Optional<DescribeChangeSetResponse> describeChangeSet(
      ChangeSet handle, String nextToken) {
    try {
      // By ARN: change set names are only unique per stack (and moto 5.2 mixes them up).
      return Optional.of(
          cloudFormation.describeChangeSet(
              r -> r.changeSetName(handle.changeSetId()).nextToken(nextToken)));
    } catch (ChangeSetNotFoundException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      if (isStackMissing(e)) {
        return Optional.empty(); // the stack (and with it the change set) was deleted
      }
      throw failure("DescribeChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    } catch (SdkException e) {
      throw failure("DescribeChangeSet", handle.stackName(), e, ErrorCode.CHANGE_SET_FAILED);
    }
  }

  private boolean alreadyExecuted(ChangeSet handle) {
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
      if (isStackMissing(e)) {
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

  private static boolean isStackMissing(AwsServiceException e) {
    return isValidationError(e) && isStackMissingMessage(AwsFailures.errorMessage(e));
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
      ChangeSet handle, String what, AwsServiceException e) {
    return new DeploymentException(
        ErrorCode.CHANGE_SET_FAILED,
        "change set '"
            + handle.name()
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
}
