package dev.fogbank.functions.console;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Reads a page needs that do not depend on each other, run at once on virtual threads: a page then
 * waits for its slowest read instead of their sum (each is a network round trip to DynamoDB).
 */
final class ConsoleReads {
  private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

  private ConsoleReads() {}

  static <T> CompletableFuture<T> start(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, THREADS);
  }

  /** The read's value; its exception as it was thrown (a DeploymentException stays one). */
  static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
