package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One Retry entry (a "retrier"). Defaults are the States Language's: IntervalSeconds 1, MaxAttempts
 * 3, BackoffRate 2.0, no MaxDelaySeconds, JitterStrategy NONE.
 */
record RetryPolicy(
    List<String> errorEquals,
    int intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Integer maxDelaySeconds,
    boolean fullJitter) {

  private static final Set<String> FIELDS =
      Set.of(
          "ErrorEquals",
          "IntervalSeconds",
          "MaxAttempts",
          "BackoffRate",
          "MaxDelaySeconds",
          "JitterStrategy",
          "Comment");
  private static final int MAX_INTEGER_FIELD = 99_999_999;

  boolean matches(String error) {
    return StatesErrors.matches(errorEquals, error);
  }

  /**
   * Delay before retry number {@code retryIndex} (0 for the first retry): IntervalSeconds ×
   * BackoffRate^retryIndex, capped at MaxDelaySeconds, then with FULL jitter a uniformly random
   * part of that.
   */
  Duration delay(int retryIndex, RandomGenerator random) {
    double seconds = intervalSeconds * Math.pow(backoffRate, retryIndex);
    if (maxDelaySeconds != null) {
      seconds = Math.min(seconds, maxDelaySeconds);
    }
    if (fullJitter) {
      seconds = random.nextDouble() * seconds;
    }
    return Duration.ofNanos((long) (seconds * 1_000_000_000L));
  }

  static List<RetryPolicy> parseAll(JsonNode retry, String where) {
    List<RetryPolicy> policies = new ArrayList<>();
    if (retry == null) {
      return policies;
    }
    if (!retry.isArray()) {
      throw new AslDefinitionException(where + ".Retry: must be an array");
    }
    for (int i = 0; i < retry.size(); i++) {
      String at = where + ".Retry[" + i + "]";
      policies.add(parse(retry.get(i), at, i == retry.size() - 1));
    }
    return List.copyOf(policies);
  }

  private static RetryPolicy parse(JsonNode json, String where, boolean last) {
    DefinitionReader.checkFields(json, FIELDS, where);
    List<String> errors = DefinitionReader.errorEquals(json, where, last);
    int interval =
        DefinitionReader.integer(json, "IntervalSeconds", 1, 1, MAX_INTEGER_FIELD, where);
    int attempts = DefinitionReader.integer(json, "MaxAttempts", 3, 0, MAX_INTEGER_FIELD, where);
    double backoff = 2.0;
    if (json.has("BackoffRate")) {
      JsonNode rate = json.get("BackoffRate");
      if (!rate.isNumber() || rate.doubleValue() < 1.0) {
        throw new AslDefinitionException(where + ".BackoffRate: must be a number >= 1.0");
      }
      backoff = rate.doubleValue();
    }
    Integer maxDelay =
        json.has("MaxDelaySeconds")
            ? DefinitionReader.integer(json, "MaxDelaySeconds", 0, 1, 31_622_400, where)
            : null;
    boolean jitter = false;
    if (json.has("JitterStrategy")) {
      String strategy = json.get("JitterStrategy").asText();
      if (!strategy.equals("FULL") && !strategy.equals("NONE")) {
        throw new AslDefinitionException(where + ".JitterStrategy: must be FULL or NONE");
      }
      jitter = strategy.equals("FULL");
    }
    return new RetryPolicy(errors, interval, attempts, backoff, maxDelay, jitter);
  }
}
