package dev.fogbank.shared.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ConcurrentReadsTest {

  @Test
  void join_whenReadAnswers_thenItsAnswerFromAnotherThread() {
    Thread caller = Thread.currentThread();
    ConcurrentReads.Read<Thread> read = ConcurrentReads.start(Thread::currentThread);

    assertNotEquals(caller, read.join());
  }

  @Test
  void join_whenReadThrows_thenTheSameExceptionIsThrownAtJoin() {
    DeploymentException thrown =
        new DeploymentException(ErrorCode.AWS_UNAVAILABLE, "GetTemplate throttled");
    ConcurrentReads.Read<String> read =
        ConcurrentReads.start(
            () -> {
              throw thrown;
            });

    assertSame(thrown, assertThrows(DeploymentException.class, read::join));
  }

  @Test
  void start_whenTwoReads_thenTheyRunSideBySide() {
    // Each waits for the other to have started: run one after the other, neither could finish.
    CountDownLatch both = new CountDownLatch(2);
    java.util.function.Supplier<Boolean> meet =
        () -> {
          both.countDown();
          try {
            return both.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        };
    ConcurrentReads.Read<Boolean> first = ConcurrentReads.start(meet);
    ConcurrentReads.Read<Boolean> second = ConcurrentReads.start(meet);

    assertEquals(true, first.join());
    assertEquals(true, second.join());
  }

  @Test
  void done_whenNothingToRead_thenTheGivenValue() {
    assertNull(ConcurrentReads.done(null).join());
    assertEquals("x", ConcurrentReads.done("x").join());
  }
}
