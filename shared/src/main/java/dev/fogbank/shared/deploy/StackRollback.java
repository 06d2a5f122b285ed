package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPage;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.template.TemplateStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Getting a stack back to a state that worked. {@link #redeploy} deploys an earlier successful
 * deployment's template and parameters again, as a new deployment (source {@code rollback})
 * through the same intake and workflow as any other; {@link #continueRollback} unsticks a stack
 * whose own rollback failed.
 */
public final class StackRollback {
  /** ContinueUpdateRollback names resources by logical id, nested ones as Stack.Resource. */
  private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*");

  private static final int MAX_RESOURCES_TO_SKIP = 200;
  private static final int PAGE = 100;

  private final DeploymentHistory history;
  private final TemplateStore templates;
  private final DeploymentIntake intake;
  private final Supplier<StackGateway> stacks;
  private final String account;
  private final String region;
  private final String roleArn;

  /**
   * @param stacks CloudFormation, built on first use: only {@link #continueRollback} needs it
   * @param roleArn the service role deployments run under (null: the caller's credentials)
   */
  public StackRollback(
      DeploymentHistory history,
      TemplateStore templates,
      DeploymentIntake intake,
      Supplier<StackGateway> stacks,
      String account,
      String region,
      String roleArn) {
    this.history = Objects.requireNonNull(history, "history");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.intake = Objects.requireNonNull(intake, "intake");
    this.stacks = Objects.requireNonNull(stacks, "stacks");
    this.account = account;
    this.region = region;
    this.roleArn = roleArn;
  }

  /**
   * Starts a deployment of {@code stackName} with the template and parameters (and tags) of
   * deployment {@code toDeploymentId}, or, when null, of the successful deployment before the
   * latest successful one. The target must be a SUCCEEDED deployment of the same stack
   * (ROLLBACK_NOT_POSSIBLE otherwise); an unknown id is NOT_FOUND.
   */
  public DeploymentRecord redeploy(String stackName, String toDeploymentId, String requester) {
    StackName.require(stackName);
    StackRef stack = StackRef.of(account, region, stackName);
    DeploymentRecord target =
        toDeploymentId == null ? previousSuccess(stack) : named(stack, toDeploymentId);
    byte[] template = templates.get(target.templateLocation());
    return intake.submit(
        new DeploymentSubmission(
            null,
            stackName,
            template,
            target.parameters(),
            target.tags(),
            DeploymentSource.ROLLBACK,
            requester,
            null,
            null,
            null));
  }

  /**
   * ContinueUpdateRollback for a stack stuck in UPDATE_ROLLBACK_FAILED, skipping {@code
   * resourcesToSkip}; returns the stack as it was found. Does not wait: CloudFormation rolls back
   * on its own, and the stack's next status arrives as any other.
   */
  public StackState continueRollback(String stackName, List<String> resourcesToSkip) {
    StackName.require(stackName);
    List<String> skip = resourcesToSkip == null ? List.of() : List.copyOf(resourcesToSkip);
    if (skip.size() > MAX_RESOURCES_TO_SKIP) {
      throw new InvalidRequestException(
          "resourcesToSkip has " + skip.size() + " entries; at most " + MAX_RESOURCES_TO_SKIP);
    }
    for (String id : skip) {
      if (id == null || id.length() > 255 || !LOGICAL_ID.matcher(id).matches()) {
        throw new InvalidRequestException(
            "resourcesToSkip: each entry is a logical id (letters and digits; a nested stack's"
                + " resource as Stack.Resource)");
      }
    }
    StackGateway gateway = stacks.get();
    StackState state =
        gateway
            .describe(stackName)
            .orElseThrow(() -> new NotFoundException("no stack '" + stackName + "' in " + region));
    if (!state.status().equals("UPDATE_ROLLBACK_FAILED")) {
      throw new DeploymentException(
          ErrorCode.ROLLBACK_NOT_POSSIBLE,
          "stack '"
              + stackName
              + "' is "
              + state.status()
              + ": only a stack in UPDATE_ROLLBACK_FAILED has a rollback to continue");
    }
    gateway.continueUpdateRollback(state.stackId(), skip, roleArn);
    return state;
  }

  private DeploymentRecord named(StackRef stack, String id) {
    DeploymentRecord target =
        history.get(id).orElseThrow(() -> new NotFoundException("no deployment with id '" + id + "'"));
    if (!target.stack().equals(stack)) {
      throw new DeploymentException(
          ErrorCode.ROLLBACK_NOT_POSSIBLE,
          "deployment "
              + id
              + " deployed stack '"
              + target.stack().name()
              + "' ("
              + target.stack().account()
              + ", "
              + target.stack().region()
              + "), not '"
              + stack.name()
              + "': a rollback redeploys one of the stack's own deployments");
    }
    if (target.status() != DeploymentStatus.SUCCEEDED) {
      throw new DeploymentException(
          ErrorCode.ROLLBACK_NOT_POSSIBLE,
          "deployment "
              + id
              + " of stack '"
              + stack.name()
              + "' is "
              + target.status()
              + ": only a SUCCEEDED deployment is known to have worked");
    }
    return target;
  }

  /** The successful deployment before the latest successful one (the one running now). */
  private DeploymentRecord previousSuccess(StackRef stack) {
    int seen = 0;
    int successes = 0;
    String token = null;
    do {
      HistoryPage page = history.list(stack, PAGE, token);
      for (DeploymentRecord r : page.items()) {
        seen++;
        if (r.status() == DeploymentStatus.SUCCEEDED && ++successes == 2) {
          return r;
        }
      }
      token = page.nextToken();
    } while (token != null);
    if (seen == 0) {
      throw new NotFoundException("no deployments of stack '" + stack.name() + "'");
    }
    throw new DeploymentException(
        ErrorCode.ROLLBACK_NOT_POSSIBLE,
        "stack '"
            + stack.name()
            + "' has "
            + successes
            + " successful deployment"
            + (successes == 1 ? "" : "s")
            + ": a rollback needs one before the latest (or name it with toDeploymentId)");
  }
}
