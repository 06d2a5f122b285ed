package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackBusyException;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.wait.Waiter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Brings the control-plane stack to a state bootstrap can work on: waits out an operation in
 * progress, and clears what an interrupted run left behind.
 */
final class StackSettling {

  private final StackGateway gateway;
  private final Waiter waiter;
  private final Consumer<String> progress;

  StackSettling(StackGateway gateway, Waiter waiter, Consumer<String> progress) {
    this.gateway = gateway;
    this.waiter = waiter;
    this.progress = progress;
  }

  /** Waits while the stack is in an operation (not review); returns it as it is then. */
  Optional<StackState> settle(String stackName, Duration timeout) {
    Optional<StackState> stack = gateway.describe(stackName);
    if (stack.isEmpty() || !busy(stack.get())) {
      return stack;
    }
    progress.accept(
        BootstrapMessages.waiting(stackName, stack.get().status(), timeout.toSeconds()));
    return Optional.of(awaitOperation(stackName, stack.get().stackId(), timeout));
  }

  /** Polls the stack (by id) until no operation is running on it, up to {@code timeout}. */
  StackState awaitOperation(String stackName, String stackId, Duration timeout) {
    return waiter.until(
        "stack '" + stackName + "'",
        timeout,
        () ->
            gateway
                .describe(stackId)
                .orElseThrow(
                    () ->
                        new BootstrapException(
                            ErrorCode.STACK_FAILED,
                            "stack '" + stackName + "' disappeared while bootstrap waited for it")),
        stack -> !busy(stack),
        stack ->
            new StackBusyException(
                "stack '"
                    + stackName
                    + "' is still "
                    + stack.status()
                    + " after "
                    + timeout.toSeconds()
                    + " s; run bootstrap again once that operation ends (it picks up from"
                    + " there)"));
  }

  /**
   * Clears what an interrupted run left: bootstrap's unexecuted change sets, and a stack left in
   * REVIEW_IN_PROGRESS (a CREATE change set never executed; it holds no resources). Returns the
   * stack as it is afterwards.
   */
  Optional<StackState> tidy(String stackName, Optional<StackState> stack, Duration timeout) {
    if (stack.isEmpty()) {
      return stack;
    }
    String stackId = stack.get().stackId();
    boolean foreign = false;
    for (ChangeSet changeSet : gateway.changeSets(stackId)) {
      boolean ours = ControlPlaneNames.isBootstrapChangeSet(changeSet.name());
      boolean executed = changeSet.status() == ChangeSet.Status.EXECUTED;
      if (ours && !executed) {
        gateway.deleteChangeSet(changeSet.changeSetId());
        progress.accept(BootstrapMessages.removedChangeSet(changeSet.name()));
      } else if (!ours && !executed) {
        foreign = true;
      }
    }
    if (!stack.get().inReview() || foreign) {
      return stack;
    }
    gateway.deleteStack(stackId);
    waiter.until(
        "the deletion of stack '" + stackName + "'",
        timeout,
        () -> gateway.describe(stackId),
        Optional::isEmpty,
        still ->
            new StackBusyException(
                "stack '"
                    + stackName
                    + "' (REVIEW_IN_PROGRESS) is still being deleted; run again"));
    progress.accept(BootstrapMessages.removedReviewStack(stackName));
    return Optional.empty();
  }

  private static boolean busy(StackState stack) {
    return stack.inProgress() && !stack.inReview();
  }
}
