package dev.fogbank.shared.deploy;

import dev.fogbank.shared.concurrent.ConcurrentReads;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;
import dev.fogbank.shared.deploy.StepResults.StackProgress;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.FailedResource;
import dev.fogbank.shared.stack.RootCause;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.stack.TemplateStage;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.estimate.UsageAssumptions;
import dev.fogbank.shared.review.ChangeReview;
import dev.fogbank.shared.review.Review;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewRequest;
import dev.fogbank.shared.review.StackPolicy;
import dev.fogbank.shared.template.ResourceTypeCheck;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateLimits;
import dev.fogbank.shared.template.TemplateProblem;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.validation.AccountReference;
import dev.fogbank.shared.validation.ReferenceCheck;
import dev.fogbank.shared.validation.RequiredTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import dev.fogbank.shared.validation.TemplateValidation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's CloudFormation steps: validate the template, compute the change set, execute it,
 * follow the stack. Needs the template store and CloudFormation, never the table.
 */
public final class StackDeployer {
  /** How messages name the template CloudFormation made of one with a Transform. */
  private static final String PROCESSED = "processed template";

  /** CloudFormation's clock and ours may differ a little: events are read from a bit earlier. */
  static final Duration EVENT_CLOCK_SKEW = Duration.ofSeconds(5);

  private final StackGateway stacks;
  private final TemplateStore templates;
  private final Optional<TemplateStore> largeTemplateStaging;
  private final ResourceTypeCheck resourceTypes;
  private final TemplateValidation validation;
  private final RequiredTags requiredTags;
  private final ReferenceCheck references;
  private final Clock clock;
  /** Estimates each review's cost; null: reviews say the estimate is unavailable. */
  private CostEstimator costEstimator;

  /** With the standard security rules and no required stack tags. */
  public StackDeployer(
      StackGateway stacks,
      TemplateStore templates,
      Optional<TemplateStore> largeTemplateStaging,
      ResourceTypeCheck resourceTypes,
      Clock clock) {
    this(
        stacks,
        templates,
        largeTemplateStaging,
        resourceTypes,
        SecurityRules.standard(),
        RequiredTags.none(),
        ReferenceCheck.NONE,
        clock);
  }

  /**
   * @param rules the security rules the Validate step applies ({@link SecurityRules#standard()} in
   *     production; tests inject their own)
   * @param requiredTags the stack tags the control plane requires of every deployment
   * @param references the pre-flight: whether the SSM parameters and secrets a template references
   *     exist in the account
   */
  public StackDeployer(
      StackGateway stacks,
      TemplateStore templates,
      Optional<TemplateStore> largeTemplateStaging,
      ResourceTypeCheck resourceTypes,
      TemplateRules rules,
      RequiredTags requiredTags,
      ReferenceCheck references,
      Clock clock) {
    this.stacks = stacks;
    this.templates = templates;
    this.largeTemplateStaging = largeTemplateStaging;
    this.resourceTypes = resourceTypes;
    this.validation = new TemplateValidation(resourceTypes, rules);
    this.requiredTags = requiredTags;
    this.references = references;
    this.clock = clock;
  }

  /** As above, with the estimator each review's {@code costEstimate} comes from. */
  public StackDeployer(
      StackGateway stacks,
      TemplateStore templates,
      Optional<TemplateStore> largeTemplateStaging,
      ResourceTypeCheck resourceTypes,
      TemplateRules rules,
      RequiredTags requiredTags,
      ReferenceCheck references,
      Clock clock,
      CostEstimator costEstimator) {
    this(
        stacks, templates, largeTemplateStaging, resourceTypes, rules, requiredTags, references,
        clock);
    this.costEstimator = costEstimator;
  }

  /**
   * Reads the template and checks it against the resource schemas and its dependency graph, before
   * any change set exists: a misspelt property or a dangling Ref is refused here as
   * TEMPLATE_INVALID, each problem with its line and column. A template with a Transform is only
   * checked for structure here: CloudFormation rewrites it when the change set is created, and
   * {@link #createChangeSet} checks what it was rewritten to.
   */
  public TemplateCheck validate(DeploymentInput in) {
    byte[] body = templates.get(in.templateLocation());
    SourceTemplate read = TemplateReader.readSource(body);
    TemplateValidation.Outcome outcome =
        validation.check(
            read, in.parameters(), requiredTags.check(in.tags()), in.validation());
    List<String> warnings = new ArrayList<>(outcome.warnings());
    warnings.addAll(preflight(body, read, in));
    return new TemplateCheck(
        read.sizeBytes(),
        read.template().resources().size(),
        read.format(),
        warnings,
        outcome.report());
  }

  /**
   * Creates the change set and waits until CloudFormation has computed it. For a template with a
   * Transform, the template CloudFormation expanded is then put through the Validate step's check:
   * errors there delete the change set and refuse the deployment as TEMPLATE_INVALID; its warnings,
   * or why it could not be read, travel with the step's result.
   */
  public ChangeSetStep createChangeSet(DeploymentInput in) {
    byte[] body = templates.get(in.templateLocation());
    List<String> transforms = TemplateReader.readSource(body).template().transforms();
    String inline = null;
    String url = null;
    if (ChangeSetRequest.fitsInline(body.length)) {
      inline = new String(body, StandardCharsets.UTF_8);
    } else {
      url = templateUrl(in, body);
    }
    ChangeSetRequest request =
        new ChangeSetRequest(
            in.stackName(),
            changeSetName(in.deploymentId()),
            inline,
            url,
            in.parameters(),
            in.tags(),
            in.roleArn(),
            "fogbank deployment " + in.deploymentId() + " (" + in.source() + ")");
    ChangeSet changeSet =
        stacks.awaitChangeSet(
            stacks.createChangeSet(request),
            Duration.ofSeconds(in.options().changeSetTimeoutSeconds()));
    if (changeSet.status() == ChangeSet.Status.FAILED) {
      throw new DeploymentException(
          ErrorCode.CHANGE_SET_FAILED,
          "change set for stack '" + in.stackName() + "' failed: " + changeSet.reason());
    }
    if (changeSet.status() != ChangeSet.Status.READY || transforms.isEmpty()) {
      return ChangeSetStep.of(changeSet);
    }
    return ChangeSetStep.of(changeSet, checkProcessed(in, changeSet, transforms));
  }

  /**
   * Reviews the READY change set before anything runs: replacement, risk and exports (see {@link
   * ChangeReview}), and whether it waits for approval under the deployment's policy. A change set
   * that would fail part-way (an export still imported, a change the stack policy denies) is
   * deleted here and comes back {@code blocked}. A NO_CHANGES change set has nothing to review.
   */
  public ReviewReport review(DeploymentInput in, ChangeSetStep changeSetStep) {
    if (changeSetStep == null || changeSetStep.noChanges()) {
      return null;
    }
    boolean update = changeSetStep.type() == ChangeSet.Type.UPDATE;
    // Three independent reads: the deployed template and parameters are asked for beside the
    // change set (each on its own virtual thread), not after it.
    ConcurrentReads.Read<String> deployedTemplate =
        update
            ? ConcurrentReads.start(() -> stacks.template(in.stackName(), TemplateStage.ORIGINAL))
            : ConcurrentReads.done(null);
    ConcurrentReads.Read<Map<String, String>> deployedParameters =
        update
            ? ConcurrentReads.start(
                () -> stacks.describe(in.stackName()).map(StackState::parameters).orElse(null))
            : ConcurrentReads.done(null);
    ChangeSet changeSet;
    try {
      changeSet =
          stacks.awaitChangeSet(
              ChangeSet.creating(
                  in.stackName(),
                  changeSetStep.stackId(),
                  changeSetStep.changeSetId(),
                  changeSetStep.changeSetName(),
                  changeSetStep.type()),
              Duration.ofSeconds(in.options().changeSetTimeoutSeconds()));
    } catch (RuntimeException e) {
      deployedTemplate.abandon();
      deployedParameters.abandon();
      throw e;
    }
    ReviewRequest request =
        new ReviewRequest(
            changeSet,
            deployedTemplate.join(),
            new String(templates.get(in.templateLocation()), StandardCharsets.UTF_8),
            deployedParameters.join(),
            in.parameters(),
            in.reviewPolicy().checkedStackPolicy());
    Review review = ChangeReview.of(stacks).review(request);
    ApprovalPolicy approval = in.reviewPolicy().approval();
    if (review.blocked()) {
      discard(in, changeSetStep);
      return ReviewReport.of(review, approval.wireName(), false);
    }
    ReviewReport report =
        ReviewReport.of(
            review, approval.wireName(), approval.requiresApproval(review.riskLevel()));
    return withCost(report, in, request);
  }

  /**
   * The review's cost estimate, from the templates the review read (no second GetTemplate); a
   * monthly increase above the policy's {@code maxMonthlyIncrease} needs approval whatever the risk
   * (unless the approval policy is {@code never}).
   */
  private ReviewReport withCost(ReviewReport report, DeploymentInput in, ReviewRequest request) {
    ReviewCostEstimate cost =
        ReviewCostEstimate.of(
            costEstimator,
            request.deployedTemplate(),
            request.deployedParameters(),
            request.newTemplate(),
            request.newParameters(),
            in.region(),
            new UsageAssumptions(in.reviewPolicy().usage()));
    BigDecimal max = in.reviewPolicy().maxMonthlyIncrease();
    if (!cost.exceeds(max) || in.reviewPolicy().approval() == ApprovalPolicy.NEVER) {
      return report.withCost(cost, null, report.approvalRequired());
    }
    return report.withCost(
        cost,
        "cost: +$"
            + cost.deltaMonthly().toPlainString()
            + "/month is above maxMonthlyIncrease $"
            + max.toPlainString()
            + ": approval required",
        true);
  }

  /** Deletes a change set that will not run (blocked, rejected, not decided in time). */
  public void discard(DeploymentInput in, ChangeSetStep changeSet) {
    if (changeSet != null && changeSet.changeSetId() != null && !changeSet.noChanges()) {
      stacks.discardChangeSet(changeSet.toChangeSet(in.stackName()));
    }
  }

  /**
   * Protects the stack, then executes the change set. The stack exists by now (a CREATE change set
   * leaves it REVIEW_IN_PROGRESS), so the deployment's stack policy is set on it before anything
   * changes, and a {@code production} stack gets termination protection. {@code none} sets an
   * allow-all policy: CloudFormation has no call to remove a policy, so that is how an earlier
   * protective one stops applying. No policy given sets nothing (an earlier policy stays).
   */
  public ExecutionStep execute(DeploymentInput in, ChangeSetStep changeSet) {
    ChangeSet handle = changeSet.toChangeSet(in.stackName());
    String stack = handle.stackId() == null ? in.stackName() : handle.stackId();
    StackPolicy policy = in.reviewPolicy().checkedStackPolicy();
    StackPolicy applied = policy;
    if (applied != null) {
      stacks.setStackPolicy(stack, applied.json());
    }
    boolean production = in.reviewPolicy().production();
    if (production) {
      stacks.setTerminationProtection(stack, true);
    }
    stacks.executeChangeSet(handle);
    Instant now = clock.instant();
    return new ExecutionStep(
        now,
        now.plusSeconds(in.options().stackTimeoutSeconds()),
        in.options().stackHeartbeatSeconds(),
        StackProtection.of(applied, production));
  }

  /**
   * Reads the stack after execution. In progress: the state machine waits and asks again. Ended
   * badly: STACK_FAILED naming the resources that failed, so nobody has to dig in the console.
   */
  public StackProgress checkStack(DeploymentInput in, ExecutionStep execution) {
    // (WaitForStack waits for the stack-events function's callback; a CheckStack that finds the
    // stack still in progress means the wait's heartbeat ran out first.)
    StackState state =
        stacks
            .describe(in.stackName())
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.STACK_FAILED,
                        "stack '" + in.stackName() + "' disappeared while being deployed"));
    if (state.inProgress()) {
      if (execution != null && !clock.instant().isBefore(execution.deadline())) {
        throw new DeploymentException(
            ErrorCode.STACK_FAILED,
            "stack '"
                + in.stackName()
                + "' still "
                + state.status()
                + " after "
                + in.options().stackTimeoutSeconds()
                + " s");
      }
      return new StackProgress(
          state.status(), state.statusReason(), true, nextWaitSeconds(in, execution));
    }
    if (state.failed()) {
      throw new DeploymentException(ErrorCode.STACK_FAILED, failureMessage(in, state, execution));
    }
    return new StackProgress(state.status(), state.statusReason(), false);
  }

  /**
   * Every SSM parameter and secret the template references must exist, or CloudFormation fails
   * the change set later with less to go on: each missing one is a TEMPLATE_INVALID problem with
   * its line. Each distinct reference is asked once. Returns a warning for each one that could
   * not be looked up here.
   */
  private List<String> preflight(byte[] body, SourceTemplate read, DeploymentInput in) {
    List<TemplateProblem> missing = new ArrayList<>();
    List<String> notChecked = new ArrayList<>();
    Map<String, ReferenceCheck.Result> known = new HashMap<>();
    for (AccountReference ref : AccountReference.find(body, read, in.parameters())) {
      ReferenceCheck.Result result =
          known.computeIfAbsent(ref.kind() + " " + ref.id(), k -> references.check(ref));
      if (result == ReferenceCheck.Result.NOT_CHECKED) {
        notChecked.add(
            ref.describe() + ": not checked before the change set (left to CloudFormation)");
      } else if (result == ReferenceCheck.Result.MISSING) {
        String what =
            ref.kind() == AccountReference.Kind.SECRET
                ? "no secret '" + ref.id() + "'"
                    + (ref.versionStage() == null && ref.versionId() == null
                        ? ""
                        : " with that version")
                : "no SSM parameter '" + ref.id() + "'";
        missing.add(
            new TemplateProblem(
                ref.written(),
                what
                    + " in account "
                    + in.account()
                    + ", "
                    + in.region()
                    + (ref.position() == null ? "" : " (" + ref.position() + ")")));
      }
    }
    if (!missing.isEmpty()) {
      throw new TemplateException(missing);
    }
    return notChecked;
  }

  /** The one template check: errors thrown together (TEMPLATE_INVALID), warnings returned. */
  private List<String> check(SourceTemplate read) {
    return read.requireValid(resourceTypes).stream().map(TemplateProblem::toString).toList();
  }

  /**
   * Checks the template CloudFormation made of a Transform's template. Reading it is a courtesy
   * beyond what CloudFormation itself checks on execution: when it cannot be read the deployment
   * goes on, with a warning saying the processed form was not checked.
   */
  private List<String> checkProcessed(
      DeploymentInput in, ChangeSet changeSet, List<String> transforms) {
    String transform = "Transform " + String.join(", ", transforms);
    Optional<String> processed;
    try {
      processed = stacks.processedTemplate(changeSet);
    } catch (DeploymentException e) {
      return List.of(notChecked(transform, "reading it failed: " + e.getMessage()));
    }
    if (processed.isEmpty()) {
      return List.of(notChecked(transform, "CloudFormation returned no processed template"));
    }
    byte[] text = processed.get().getBytes(StandardCharsets.UTF_8);
    List<String> warnings;
    try {
      SourceTemplate read = TemplateReader.readSource(text);
      if (!read.template().transforms().isEmpty()) {
        // An endpoint that does not run transforms (moto) answers with the submitted template.
        return List.of(notChecked(transform, "CloudFormation returned it still untransformed"));
      }
      warnings = check(read);
    } catch (TemplateException e) {
      if (e.code() == ErrorCode.TEMPLATE_TOO_LARGE) {
        // CloudFormation created the change set, so its own limits held; only the bound on what
        // fogbank reads stopped the check.
        return List.of(
            notChecked(
                transform,
                "it is "
                    + text.length
                    + " bytes, over the "
                    + TemplateLimits.MAX_TEMPLATE_BYTES
                    + " bytes fogbank reads"));
      }
      throw refusedProcessed(in, changeSet, transform, e);
    }
    return warnings.stream().map(w -> PROCESSED + ", " + w).toList();
  }

  private static String notChecked(String transform, String why) {
    return "Transform: the " + PROCESSED + " (" + transform + " expanded) was not checked: " + why;
  }

  /** Deletes the change set (nothing may execute it) and says where the problems are. */
  private DeploymentException refusedProcessed(
      DeploymentInput in, ChangeSet changeSet, String transform, TemplateException problems) {
    String cleanup = "change set '" + changeSet.name() + "' deleted";
    try {
      stacks.discardChangeSet(changeSet);
    } catch (DeploymentException e) {
      cleanup = "change set '" + changeSet.name() + "' could not be deleted: " + e.getMessage();
    }
    TemplateInvalidException error =
        new TemplateInvalidException(
            problems.code(),
            "stack '"
                + in.stackName()
                + "': the "
                + PROCESSED
                + " ("
                + transform
                + " expanded) is refused ("
                + cleanup
                + "); lines and columns refer to the processed template, as GetTemplate with"
                + " TemplateStage Processed returns it, not to the submitted one: "
                + problems.getMessage());
    error.initCause(problems);
    return error;
  }

  /**
   * The heartbeat of the next WaitForStack after one ran out without a callback: the last one
   * doubled, at most four times the configured one, so a stack that runs for hours costs few
   * transitions while a missed event still costs minutes.
   */
  static int nextWaitSeconds(DeploymentInput in, ExecutionStep execution) {
    int configured = in.options().stackHeartbeatSeconds();
    int last =
        execution == null || execution.waitSeconds() == null ? configured : execution.waitSeconds();
    return (int) Math.min(2L * last, 4L * configured);
  }

  public static String changeSetName(String deploymentId) {
    return "fogbank-" + deploymentId;
  }

  private String templateUrl(DeploymentInput in, byte[] body) {
    TemplateStore.StoredTemplate stored =
        largeTemplateStaging.map(s -> s.put(body)).orElseGet(() -> templates.put(body));
    if (stored.url() == null) {
      throw new DeploymentException(
          ErrorCode.TEMPLATE_TOO_LARGE,
          "template for stack '"
              + in.stackName()
              + "' is "
              + body.length
              + " bytes: over "
              + ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES
              + " bytes CloudFormation needs it in S3, and no S3 staging bucket is configured");
    }
    return stored.url();
  }

  /**
   * Root cause first: the first resource that failed since this deployment executed its change set
   * (a line {@link FailedResource#parse} reads back), then the status the stack ended in; for a
   * stack stuck in UPDATE_ROLLBACK_FAILED, the resources blocking the rollback and how to go on.
   */
  private String failureMessage(DeploymentInput in, StackState state, ExecutionStep execution) {
    List<StackEvent> events;
    try {
      events =
          execution == null || execution.executedAt() == null
              ? stacks.recentEvents(in.stackName(), 50)
              : stacks.eventsSince(
                  in.stackName(), execution.executedAt().minus(EVENT_CLOCK_SKEW));
    } catch (DeploymentException e) {
      events = List.of(); // The status alone still explains the failure; events are a courtesy.
    }
    Optional<FailedResource> cause = RootCause.pick(in.stackName(), events);
    StringBuilder message = new StringBuilder();
    cause.ifPresent(c -> message.append(c.describe()).append('\n'));
    message.append(state.failureMessage(events));
    if (state.status().equals("UPDATE_ROLLBACK_FAILED")) {
      List<FailedResource> blockers = RootCause.rollbackBlockers(in.stackName(), events);
      if (!blockers.isEmpty()) {
        message
            .append("; rollback blocked by: ")
            .append(
                String.join(
                    ", ",
                    blockers.stream()
                        .map(b -> b.logicalId() + " (" + b.statusReason() + ")")
                        .toList()));
      }
      message
          .append("; fix what blocks it, then POST /stacks/")
          .append(in.stackName())
          .append("/continue-rollback (resourcesToSkip for what cannot be rolled back)");
    }
    return message.toString();
  }
}
