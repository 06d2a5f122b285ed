package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.engine;
import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceStateTest {

  private final AslTesting.RecordingSleeper sleeper = new AslTesting.RecordingSleeper();

  /** A Choice with one rule: "Matched" when it holds, else "Default"; the output names the path. */
  private ExecutionResult choose(String rule, String input) {
    JsonNode definition =
        json(
            """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [%s], "Default": "Default"},
              "Matched": {"Type": "Pass", "Result": "matched", "End": true},
              "Default": {"Type": "Pass", "Result": "default", "End": true}}}
            """
                .formatted(rule));
    return engine(AslTesting.noTasks(), sleeper).run("e", definition, json(input));
  }

  @ParameterizedTest(name = "StringMatches {0} on {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.yaml       | stacks/api.yaml  | matched",
        "*.yaml       | stacks/api.json  | default",
        "log-*-prod   | log-eu-1-prod    | matched",
        "log-*-prod   | log-eu-1-dev     | default",
        "a\\\\*b      | a*b              | matched",
        "a\\\\*b      | axxb             | default",
        "*            | ''               | matched",
      })
  void choice_whenStringMatchesWildcard_thenStarMatchesAnyRunAndEscapedStarIsLiteral(
      String pattern, String value, String expected) {
    String rule =
        "{\"Variable\": \"$.v\", \"StringMatches\": \"%s\", \"Next\": \"Matched\"}"
            .formatted(pattern);

    ExecutionResult result = choose(rule, "{\"v\": \"%s\"}".formatted(value));

    assertEquals(json("\"" + expected + "\""), result.output(), result::toString);
  }

  @ParameterizedTest(name = "IsTimestamp on {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2026-01-15T10:00:00Z\"          | matched",
        "\"2026-01-15T10:00:00.123+02:00\" | matched",
        "\"2026-01-15 10:00:00Z\"          | default",
        "\"2026-01-15T10:00:00\"           | default",
        "1700000000                        | default",
      })
  void choice_whenIsTimestamp_thenOnlyRfc3339StringsWithOffsetMatch(String value, String expected) {
    ExecutionResult result =
        choose(
            "{\"Variable\": \"$.v\", \"IsTimestamp\": true, \"Next\": \"Matched\"}",
            "{\"v\": " + value + "}");

    assertEquals(json("\"" + expected + "\""), result.output(), result::toString);
  }

  @Test
  void choice_whenOrHasOneMatchingRule_thenItMatches() {
    String rule =
        """
        {"Or": [{"Variable": "$.status", "StringEquals": "ROLLBACK_COMPLETE"},
                {"Variable": "$.status", "StringEquals": "UPDATE_ROLLBACK_COMPLETE"}],
         "Next": "Matched"}
        """;

    assertEquals(
        json("\"matched\""), choose(rule, "{\"status\": \"UPDATE_ROLLBACK_COMPLETE\"}").output());
    assertEquals(json("\"default\""), choose(rule, "{\"status\": \"CREATE_COMPLETE\"}").output());
  }

  @Test
  void choice_whenNumericComparedAcrossIntAndDecimal_thenValuesCompareByValue() {
    String rule = "{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.w\", \"Next\": \"Matched\"}";

    assertEquals(json("\"matched\""), choose(rule, "{\"v\": 3, \"w\": 3.0}").output());
  }

  @Test
  void choice_whenNoRuleMatchesAndNoDefault_thenStatesNoChoiceMatched() {
    JsonNode definition =
        json(
            """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [
                      {"Variable": "$.v", "NumericGreaterThan": 10, "Next": "Big"}]},
              "Big": {"Type": "Succeed"}}}
            """);

    ExecutionResult result =
        engine(AslTesting.noTasks(), sleeper).run("e", definition, json("{\"v\": 1}"));

    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("States.NoChoiceMatched", result.error());
  }

  @Test
  void choice_whenVariableIsMissing_thenStatesRuntimeUnlessIsPresent() {
    String compare =
        "{\"Variable\": \"$.missing\", \"StringEquals\": \"x\", \"Next\": \"Matched\"}";
    String present = "{\"Variable\": \"$.missing\", \"IsPresent\": false, \"Next\": \"Matched\"}";

    assertEquals("States.Runtime", choose(compare, "{}").error());
    assertEquals(json("\"matched\""), choose(present, "{}").output());
  }
}
