package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs Parallel branches or Map iterations on virtual threads, at most {@code maxConcurrency} at a
 * time (0: no limit), starting them in order. The first failure cancels the rest and is rethrown,
 * as a failed branch or iteration fails the whole state on AWS. Results keep the input order.
 */
final class BranchRunner {

  private BranchRunner() {}

  static ArrayNode runAll(List<Callable<JsonNode>> tasks, int maxConcurrency) {
    JsonNode[] results = new JsonNode[tasks.size()];
    if (maxConcurrency == 1 || tasks.size() <= 1) {
      // Sequential on the caller's thread: deterministic order, no thread hop.
      for (int i = 0; i < tasks.size(); i++) {
        results[i] = call(tasks.get(i));
      }
      return toArray(results);
    }
    int limit = maxConcurrency <= 0 ? tasks.size() : maxConcurrency;
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    CompletionService<Void> completion = new ExecutorCompletionService<>(pool);
    List<Future<Void>> started = new ArrayList<>();
    int submitted = 0;
    try {
      for (int completed = 0; completed < tasks.size(); completed++) {
        while (submitted < tasks.size() && submitted - completed < limit) {
          int index = submitted++;
          Callable<JsonNode> task = tasks.get(index);
          started.add(
              completion.submit(
                  () -> {
                    results[index] = task.call();
                    return null;
                  }));
        }
        completion.take().get();
      }
      return toArray(results);
    } catch (ExecutionException e) {
      throw rethrowable(e.getCause());
    } catch (InterruptedException e) {
      throw ExecutionStopped.interrupted();
    } finally {
      started.forEach(future -> future.cancel(true));
      pool.shutdownNow();
    }
  }

  private static JsonNode call(Callable<JsonNode> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("branch failed with a checked exception", e);
    }
  }

  private static RuntimeException rethrowable(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("branch failed with a checked exception", cause);
  }

  private static ArrayNode toArray(JsonNode[] results) {
    ArrayNode array = Json.NODES.arrayNode();
    for (JsonNode result : results) {
      array.add(result);
    }
    return array;
  }
}
