package dev.fogbank.shared.concurrent;

import dev.fogbank.shared.log.LogContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Independent reads made side by side, each on its own virtual thread (with the caller's log
 * context), instead of one after the other (a step's, a console page's: each a round trip to AWS): each is waited for where its answer is needed, and
 * rethrows there what the read threw. Only for reads: nothing they do may depend on each other.
 */
public final class ConcurrentReads {
  private ConcurrentReads() {}

  /** A read under way, or one whose answer is already known. */
  public static final class Read<T> {
    private final CompletableFuture<T> answer;

    private Read(CompletableFuture<T> answer) {
      this.answer = answer;
    }

    /** The read's answer, waiting for it; what it threw is thrown here, as thrown. */
    public T join() {
      try {
        return answer.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException thrown) {
          throw thrown;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }

    /** Its answer is no longer wanted (the step failed before it was needed). */
    public void abandon() {
      answer.cancel(true);
    }
  }

  public static <T> Read<T> start(Supplier<T> read) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Supplier<T> carried = LogContext.carried(read);
    Thread.ofVirtual()
        .name("fogbank-read")
        .start(
            () -> {
              try {
                answer.complete(carried.get());
              } catch (Throwable t) {
                answer.completeExceptionally(t);
              }
            });
    return new Read<>(answer);
  }

  public static <T> Read<T> done(T value) {
    return new Read<>(CompletableFuture.completedFuture(value));
  }
}
