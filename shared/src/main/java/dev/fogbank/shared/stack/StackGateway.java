package dev.fogbank.shared.stack;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CloudFormation as the deployment path sees it. Throttling is retried with jittered exponential
 * backoff inside the adapter; what reaches the caller is a fogbank DeploymentException.
 */
public interface StackGateway {

  /** The stack, or empty if it does not exist (or only a DELETE_COMPLETE ghost does). */
  Optional<StackState> describe(String stackName);

  /**
   * Creates a change set: CREATE for a new stack (also for one in REVIEW_IN_PROGRESS; a stack in
   * ROLLBACK_COMPLETE is deleted first), UPDATE otherwise. A stack in any *_IN_PROGRESS status
   * gets StackBusyException.
   */
  ChangeSetHandle createChangeSet(ChangeSetRequest request);

  /**
   * Waits until the change set is no longer being created. "No changes" is reported as
   * NO_CHANGES after deleting the change set (and the empty REVIEW_IN_PROGRESS stack it may have
   * left).
   */
  ChangeSetOutcome awaitChangeSet(ChangeSetHandle handle, Duration timeout);

  void executeChangeSet(ChangeSetHandle handle);

  /** The stack's most recent events, newest first, at most {@code max}. */
  List<StackEvent> recentEvents(String stackName, int max);
}
