package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wait: pauses for Seconds / SecondsPath or until Timestamp / TimestampPath (a time in the past
 * does not wait), through the engine's {@link Pause}. Invalid path values are States.Runtime,
 * worded as AWS words them.
 */
record WaitState(
    StateIo io,
    Long seconds,
    String secondsPath,
    OffsetDateTime timestamp,
    String timestampPath,
    String next)
    implements State {

  private static final Set<String> FIELDS =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "InputPath",
          "OutputPath",
          "Seconds",
          "SecondsPath",
          "Timestamp",
          "TimestampPath");
  private static final int MAX_SECONDS = 99_999_999;

  static WaitState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    int ways = 0;
    for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
      ways += json.has(field) ? 1 : 0;
    }
    if (ways != 1) {
      throw new AslDefinitionException(
          where + ": needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath");
    }
    Long seconds =
        json.has("Seconds")
            ? (long) DefinitionReader.integer(json, "Seconds", 0, 0, MAX_SECONDS, where)
            : null;
    OffsetDateTime timestamp = null;
    if (json.has("Timestamp")) {
      timestamp =
          ChoiceRule.timestamp(json.get("Timestamp"))
              .orElseThrow(
                  () ->
                      new AslDefinitionException(
                          where
                              + ".Timestamp: must be an ISO-8601 date-time with offset, such as"
                              + " 2016-03-14T01:59:00Z"));
    }
    String secondsPath = pathField(json, "SecondsPath", where);
    String timestampPath = pathField(json, "TimestampPath", where);
    return new WaitState(
        StateIo.read(json, where),
        seconds,
        secondsPath,
        timestamp,
        timestampPath,
        DefinitionReader.transition(json, where));
  }

  private static String pathField(JsonNode json, String field, String where) {
    String path = DefinitionReader.optionalText(json, field, where);
    if (path != null) {
      PathEvaluator.validate(path, where + "." + field);
    }
    return path;
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    JsonNode context = run.context(0);
    JsonNode effective = io.selectInput(input, context);
    Execution execution = run.execution();
    execution.sleep(duration(effective, context, execution.clock.instant()));
    return new Step(io.selectOutput(effective, context), next);
  }

  private Duration duration(JsonNode input, JsonNode context, Instant now) {
    if (seconds != null) {
      return Duration.ofSeconds(seconds);
    }
    if (timestamp != null) {
      return Duration.between(now, timestamp.toInstant());
    }
    if (secondsPath != null) {
      JsonNode value = PathEvaluator.read(secondsPath, input, context);
      Long whole = Json.wholeNumber(value);
      if (whole == null || !value.isIntegralNumber()) {
        throw AslFailure.runtime(
            "The SecondsPath parameter cannot be parsed as a long value: "
                + secondsPath
                + " == "
                + Json.display(value));
      }
      if (whole < 0) {
        throw AslFailure.runtime(
            "The SecondsPath parameter references a negative value: "
                + secondsPath
                + " == "
                + whole);
      }
      return Duration.ofSeconds(whole);
    }
    JsonNode value = PathEvaluator.read(timestampPath, input, context);
    OffsetDateTime until =
        ChoiceRule.timestamp(value)
            .orElseThrow(
                () ->
                    AslFailure.runtime(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended"
                            + " offset date-time format string: "
                            + timestampPath
                            + " == "
                            + Json.display(value)));
    return Duration.between(now, until.toInstant());
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (next != null) {
      targets.add(next);
    }
    return targets;
  }
}
