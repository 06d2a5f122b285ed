package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.stackevents.StackStatusEvent;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import dev.fogbank.shared.wait.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * EventBridge's "CloudFormation Stack Status Change" events for local mode, where no events come:
 * once WaitForStack has kept its task token with the lock, a virtual thread polls DescribeStacks
 * (at once, then after 100 ms, 250 ms, 500 ms, then every second: {@link Waiter}) until the stack
 * leaves its *_IN_PROGRESS status, and hands that status to the same {@link StackStatusIntake} the
 * stack-events function runs in AWS, which resumes the waiting deployment. Without it a local
 * deployment that changes its stack waited out WaitForStack's whole heartbeat (1 s) even when the
 * emulator had finished in milliseconds. A watch that fails changes nothing: the heartbeat still
 * runs out and CheckStack asks CloudFormation, as when AWS loses an event.
 */
final class LocalStackEvents implements AutoCloseable {
  private final StackGateway stacks;
  private final java.util.function.Supplier<StackStatusIntake> intakeSource;
  private volatile StackStatusIntake intake;
  private final Clock clock;
  private final Duration timeout;
  private final ExecutorService watchers = Executors.newVirtualThreadPerTaskExecutor();

  /** {@code intake} is asked for at the first event (it resumes through the engine built later). */
  LocalStackEvents(
      StackGateway stacks,
      java.util.function.Supplier<StackStatusIntake> intake,
      Clock clock,
      Duration timeout) {
    this.stacks = stacks;
    this.intakeSource = intake;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** WaitForStack's handler, then a watch of the stack its payload names. */
  Function<JsonNode, JsonNode> after(Function<JsonNode, JsonNode> waitForStack) {
    return payload -> {
      JsonNode output = waitForStack.apply(payload);
      String stack = payload.path("stackName").asText("");
      if (!stack.isEmpty()) {
        watch(stack, payload.path("account").asText(""), payload.path("region").asText(""));
      }
      return output;
    };
  }

  private void watch(String stack, String account, String region) {
    watchers.execute(
        () -> {
          try {
            StackState settled =
                Waiter.of(Duration.ofSeconds(1), dev.fogbank.shared.wait.Pause.SYSTEM, clock)
                    .until(
                        "stack " + stack,
                        timeout,
                        () -> stacks.describe(stack),
                        s -> s.isEmpty() || !s.get().inProgress(),
                        s -> new IllegalStateException("still in progress"))
                    .orElse(null);
            if (settled != null) {
              intake().accept(event(settled, account, region));
            }
          } catch (RuntimeException e) {
            // The heartbeat runs out and CheckStack asks CloudFormation instead.
            StructuredLog.warn(
                "local_stack_event_missed",
                Map.of("stack", stack, "type", e.getClass().getName()));
          }
        });
  }

  private StackStatusIntake intake() {
    StackStatusIntake kept = intake;
    if (kept == null) {
      synchronized (this) {
        if (intake == null) {
          intake = intakeSource.get();
        }
        kept = intake;
      }
    }
    return kept;
  }

  private StackStatusEvent event(StackState stack, String account, String region) {
    String stackId = stack.stackId();
    String[] arn = stackId.split(":", 3);
    String partition = arn.length > 1 && !arn[1].isEmpty() ? arn[1] : "aws";
    return new StackStatusEvent(
        "local-" + stackId + "-" + stack.status() + "-" + clock.millis(),
        clock.instant(),
        account,
        region,
        stackId,
        partition,
        stack.stackName(),
        stack.status(),
        Optional.ofNullable(stack.statusReason()).orElse(""));
  }

  @Override
  public void close() {
    watchers.shutdownNow();
  }
}
