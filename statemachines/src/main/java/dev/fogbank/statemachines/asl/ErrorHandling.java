package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry then Catch around one attempt of a Task, Parallel or Map state. The first retrier whose
 * ErrorEquals matches decides; once its MaxAttempts are used up the error goes to the catchers
 * (later retriers are not consulted), and each retrier counts its own attempts. States.Runtime is
 * never retried or caught (see {@link StatesErrors#matches}).
 */
record ErrorHandling(List<RetryPolicy> retriers, List<Catcher> catchers) {

  /** The Retry and Catch fields of a Task, Parallel or Map state. */
  static ErrorHandling parse(JsonNode json, String where) {
    return new ErrorHandling(
        RetryPolicy.parseAll(json.get("Retry"), where), Catcher.parseAll(json.get("Catch"), where));
  }


  /** One attempt: given the retry count so far, the state's output. */
  @FunctionalInterface
  interface Attempt {
    JsonNode run(int retryCount);
  }

  Step run(JsonNode rawInput, StateRun run, String next, Attempt attempt) {
    int[] attemptsByRetrier = new int[retriers.size()];
    int retryCount = 0;
    while (true) {
      try {
        return new Step(attempt.run(retryCount), next);
      } catch (AslFailure failure) {
        int retrier = firstMatchingRetrier(failure.error());
        if (retrier >= 0 && attemptsByRetrier[retrier] < retriers.get(retrier).maxAttempts()) {
          RetryPolicy policy = retriers.get(retrier);
          run.execution()
              .sleep(policy.delay(attemptsByRetrier[retrier], ThreadLocalRandom.current()));
          attemptsByRetrier[retrier]++;
          retryCount++;
          continue;
        }
        for (Catcher catcher : catchers) {
          if (catcher.matches(failure.error())) {
            return new Step(catcher.output(rawInput, failure), catcher.next());
          }
        }
        throw failure;
      }
    }
  }

  private int firstMatchingRetrier(String error) {
    for (int i = 0; i < retriers.size(); i++) {
      if (retriers.get(i).matches(error)) {
        return i;
      }
    }
    return -1;
  }
}
