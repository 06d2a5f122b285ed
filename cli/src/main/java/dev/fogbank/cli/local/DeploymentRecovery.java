package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.statemachines.asl.JournaledExecution;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where a deployment goes on after the local runtime was killed in the middle of it (SIGKILL, a
 * crash, a power cut): Step Functions never loses an execution, so local mode must not either.
 * The journal says which state it was in; this decides the state to run it again from, so that
 * the deployment completes, or is recorded FAILED with {@code INTERRUPTED} and why, through the
 * state machine's own path (history, lock release, notification):
 *
 * <ul>
 *   <li>before anything was sent to CloudFormation: from the start (the lock is re-entrant for
 *       its own deployment);
 *   <li>in a state whose work is safe to repeat (reads, records, release, notify): that state;
 *   <li>while its change set existed but had not run: the change set (and a new stack left in
 *       REVIEW_IN_PROGRESS) is deleted, so the next deployment does not find it, and the
 *       deployment fails INTERRUPTED;
 *   <li>after ExecuteChangeSet went through: CloudFormation is asked, and the deployment goes on
 *       at CheckStack, recording what the stack really did.
 * </ul>
 */
final class DeploymentRecovery {
  /** Where to run a cut-off execution from; {@code state} null means from the start. */
  record RestartPoint(String state, JsonNode stateInput, String outcome) {}

  private static final Set<String> BEFORE_CLOUDFORMATION =
      Set.of("AcquireLock", "LockAcquired", "WaitForLock", "Validate", "Validated");
  private static final Set<String> CHANGE_SET_PENDING =
      Set.of(
          "CreateChangeSet", "ReviewChangeSet", "Reviewed", "WaitForApproval", "ConfirmLock");
  private static final String EXECUTE = "ExecuteChangeSet";
  private static final String CHECK_STACK = "CheckStack";
  private static final String RECORD_FAILURE = "RecordFailure";

  private final StackGateway stacks;
  private final Clock clock;

  DeploymentRecovery(StackGateway stacks, Clock clock) {
    this.stacks = stacks;
    this.clock = clock;
  }

  RestartPoint restartPoint(JournaledExecution cut) {
    String state = cut.currentState();
    if (state == null || BEFORE_CLOUDFORMATION.contains(state)) {
      return new RestartPoint(
          null, null, "run again from the start: nothing had been sent to CloudFormation");
    }
    if (!CHANGE_SET_PENDING.contains(state) && !EXECUTE.equals(state)) {
      return new RestartPoint(state, cut.stateInput(), "state " + state + " run again");
    }
    DeploymentInput in = deploymentInput(cut.input());
    try {
      return afterCloudFormation(cut, in);
    } catch (DeploymentException e) {
      return failed(
          cut,
          in,
          "CloudFormation could not be asked what happened (" + e.getMessage() + ")"
              + "; check stack '" + in.stackName() + "' and its change sets");
    }
  }

  private RestartPoint afterCloudFormation(JournaledExecution cut, DeploymentInput in) {
    String state = cut.currentState();
    Optional<StackState> stack = stacks.describe(in.stackName());
    Optional<ChangeSet> changeSet = stack.flatMap(s -> changeSet(s, in));
    if (changeSet.isPresent() && changeSet.get().status() == ChangeSet.Status.EXECUTED) {
      return new RestartPoint(
          CHECK_STACK,
          withExecution(cut.stateInput(), in),
          "change set " + changeSet.get().name() + " had been executed: stack "
              + in.stackName() + " is " + stack.get().status() + ", followed to its end");
    }
    if (changeSet.isEmpty() && "CreateChangeSet".equals(state)) {
      return new RestartPoint(state, cut.stateInput(), "no change set yet: CreateChangeSet again");
    }
    if (changeSet.isEmpty()) {
      return failed(
          cut,
          in,
          "its change set " + StackDeployer.changeSetName(in.deploymentId())
              + " no longer exists and was not executed; stack '" + in.stackName() + "' is "
              + stack.map(StackState::status).orElse("absent"));
    }
    ChangeSet pending = changeSet.get();
    boolean newStack = stack.get().inReview();
    stacks.discardChangeSet(
        new ChangeSet(
            in.stackName(),
            pending.stackId(),
            pending.changeSetId(),
            pending.name(),
            newStack ? ChangeSet.Type.CREATE : ChangeSet.Type.UPDATE,
            pending.status(),
            pending.reason(),
            pending.changes()));
    return failed(
        cut,
        in,
        "its change set " + pending.name() + " was not executed and is deleted"
            + (newStack ? ", with the empty REVIEW_IN_PROGRESS stack it created" : "")
            + "; stack '" + in.stackName() + "' is unchanged, deploy again");
  }

  private Optional<ChangeSet> changeSet(StackState stack, DeploymentInput in) {
    String name = StackDeployer.changeSetName(in.deploymentId());
    return stacks.changeSets(stack.stackId()).stream()
        .filter(c -> name.equals(c.name()))
        .findFirst();
  }

  /** RecordFailure's input as a Catch would give it: the state's input with $.failure. */
  private static RestartPoint failed(JournaledExecution cut, DeploymentInput in, String why) {
    String state = cut.currentState();
    ObjectNode input = copy(cut.stateInput() != null ? cut.stateInput() : cut.input());
    String message =
        "fogbank local was stopped (killed) while deployment " + in.deploymentId()
            + " was in " + state + "; after the restart, " + why + ".";
    input.putObject("failure")
        .put("Error", ErrorCode.INTERRUPTED.errorName())
        .put("Cause", message);
    return new RestartPoint(RECORD_FAILURE, input, "recorded FAILED (INTERRUPTED): " + why);
  }

  /** CheckStack's input: $.execution as ExecuteChangeSet returns it, timed from now. */
  private JsonNode withExecution(JsonNode stateInput, DeploymentInput in) {
    ObjectNode input = copy(stateInput);
    if (!input.path("execution").isObject()) {
      Instant now = clock.instant();
      input.set(
          "execution",
          Json.mapper()
              .valueToTree(
                  new ExecutionStep(
                      now,
                      now.plusSeconds(in.options().stackTimeoutSeconds()),
                      in.options().stackHeartbeatSeconds())));
    }
    return input;
  }

  private static ObjectNode copy(JsonNode node) {
    return node != null && node.isObject()
        ? ((ObjectNode) node).deepCopy()
        : Json.mapper().createObjectNode();
  }

  private static DeploymentInput deploymentInput(JsonNode input) {
    try {
      return Json.mapper().treeToValue(input, DeploymentInput.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "a journaled execution's input is not a deployment input", e);
    }
  }
}
