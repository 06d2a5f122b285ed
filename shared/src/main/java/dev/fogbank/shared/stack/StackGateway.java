package dev.fogbank.shared.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * CloudFormation as fogbank sees it: the deploy steps and bootstrap alike. Throttling is retried
 * inside the adapter; what reaches the caller is a fogbank DeploymentException.
 */
public interface StackGateway {

  /**
   * The stack (by name or id) with its parameters and outputs, or empty if it does not exist (or
   * only a DELETE_COMPLETE ghost does).
   */
  Optional<StackState> describe(String stackNameOrId);

  /**
   * Creates a change set: CREATE for a new stack (also for one in REVIEW_IN_PROGRESS; a stack in
   * ROLLBACK_COMPLETE is deleted first), UPDATE otherwise. A stack in any *_IN_PROGRESS status gets
   * StackBusyException.
   */
  ChangeSet createChangeSet(ChangeSetRequest request);

  /**
   * Waits until the change set is no longer being created. "No changes" is reported as NO_CHANGES
   * after deleting the change set (and the empty REVIEW_IN_PROGRESS stack it may have left).
   */
  ChangeSet awaitChangeSet(ChangeSet changeSet, Duration timeout);

  void executeChangeSet(ChangeSet changeSet);

  /** The stack's most recent events, newest first, at most {@code max}. */
  List<StackEvent> recentEvents(String stackName, int max);

  /**
   * The stack's events from {@code since} on, newest first: DescribeStackEvents pages only until
   * an event older than {@code since} (the start of the operation the caller follows). Empty when
   * the stack does not exist.
   */
  List<StackEvent> eventsSince(String stackNameOrId, Instant since);

  /**
   * Continues the rollback of an UPDATE_ROLLBACK_FAILED stack (ContinueUpdateRollback), skipping
   * {@code resourcesToSkip} (logical ids CloudFormation then marks rolled back without touching);
   * does not wait. A stack in any other status is refused by CloudFormation: STACK_FAILED with its
   * reason.
   */
  void continueUpdateRollback(String stackNameOrId, List<String> resourcesToSkip, String roleArn);

  /** The template the stack was last deployed with, in the given stage. */
  String template(String stackNameOrId, TemplateStage stage);

  /**
   * The template of a created change set as CloudFormation processed it (its transforms expanded),
   * or empty when CloudFormation gives none (some emulators answer an empty template).
   */
  Optional<String> processedTemplate(ChangeSet changeSet);

  /** The stack's resources, in CloudFormation's order. */
  List<StackResource> resources(String stackNameOrId);

  /** The change sets of this stack id (type unknown: a listing does not say). */
  List<ChangeSet> changeSets(String stackId);

  /** Deletes a change set by id; one already gone is not an error. */
  void deleteChangeSet(String changeSetId);

  /**
   * Deletes a change set that will not be executed and, for a CREATE, the empty REVIEW_IN_PROGRESS
   * stack it leaves if no other change set uses it.
   */
  void discardChangeSet(ChangeSet changeSet);

  /** Deletes the stack by id (never a newer stack of the same name); does not wait. */
  void deleteStack(String stackId);

  /** Every exported output value of the region, all pages. */
  List<StackExport> exports();

  /**
   * The names of the stacks that import {@code exportName} (Fn::ImportValue), all pages; empty when
   * nothing imports it. An endpoint without ListImports: {@link ImportsUnsupportedException}.
   */
  List<String> importers(String exportName);

  /** The names of the region's stacks that exist (any status but DELETE_COMPLETE), all pages. */
  List<String> stackNames();

  /**
   * Sets the stack's policy (a JSON document, see {@code review.StackPolicies}). CloudFormation
   * keeps a policy until another replaces it: there is no call to remove one.
   */
  void setStackPolicy(String stackNameOrId, String policyJson);

  /** Turns termination protection on or off: a protected stack cannot be deleted. */
  void setTerminationProtection(String stackNameOrId, boolean enabled);
}
