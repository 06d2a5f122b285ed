package dev.fogbank.shared.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaiterTest {

  private final FakeTime time = FakeTime.create();

  @Test
  void until_whenDoneAtThirdPoll_thenReturnsItAfterShortPauses() {
    AtomicInteger polls = new AtomicInteger();

    int answer =
        time.waiter(Duration.ofSeconds(2))
            .until(
                "test",
                Duration.ofSeconds(10),
                polls::incrementAndGet,
                n -> n == 3,
                n -> new IllegalStateException("timed out at " + n));

    assertEquals(3, answer);
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(250)), time.pauses());
  }

  @Test
  void until_whenNeverDone_thenTimedOutWithLastAnswerAndPausesNeverPassTheDeadline() {
    AtomicInteger polls = new AtomicInteger();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                time.waiter(Duration.ofSeconds(2))
                    .until(
                        "test",
                        Duration.ofSeconds(5),
                        polls::incrementAndGet,
                        n -> false,
                        n -> new IllegalStateException("still " + n)));

    assertEquals("still " + polls.get(), e.getMessage());
    assertEquals(
        Duration.ofSeconds(5), time.pauses().stream().reduce(Duration.ZERO, Duration::plus));
  }

  @Test
  void delay_whenManyAttempts_thenDoublesUpToTheCap() {
    Waiter waiter = time.waiter(Duration.ofSeconds(5));

    assertEquals(Duration.ZERO, waiter.delay(0));
    assertEquals(Duration.ofSeconds(1), waiter.delay(4));
    assertEquals(Duration.ofSeconds(2), waiter.delay(5));
    assertEquals(Duration.ofSeconds(4), waiter.delay(6));
    assertEquals(Duration.ofSeconds(5), waiter.delay(7));
    assertEquals(Duration.ofSeconds(5), waiter.delay(1_000));
  }

  @Test
  void until_whenInterrupted_thenInterruptedErrorAndFlagKept() {
    Waiter waiter =
        Waiter.of(
            Duration.ofSeconds(1),
            d -> {
              throw new InterruptedException();
            },
            time);

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> waiter.until("stack 'a'", Duration.ofSeconds(5), () -> 1, n -> false, n -> null));

    assertEquals(ErrorCode.INTERRUPTED, e.code());
    assertEquals("interrupted while waiting for stack 'a'", e.getMessage());
    assertTrue(Thread.interrupted());
  }
}
