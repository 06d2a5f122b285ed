package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntrinsicsTest {

  private static final JsonNode INPUT =
      json("{\"name\": \"api\", \"n\": 4, \"list\": [1, 2, 2, 3], \"obj\": {\"a\": 1}}");
  private static final JsonNode CONTEXT = json("{\"Execution\": {\"Name\": \"exec-9\"}}");

  private static JsonNode eval(String expression) {
    return IntrinsicParser.parse(expression).evaluate(INPUT, CONTEXT);
  }

  @Test
  void parse_whenArgumentsMixLiteralsPathsAndNestedCalls_thenEachIsEvaluated() {
    JsonNode result =
        eval(
            "States.Array('a', 1, -2.5, true, null, $.name, $$.Execution.Name,"
                + " States.ArrayLength($.list))");

    assertEquals(json("[\"a\", 1, -2.5, true, null, \"api\", \"exec-9\", 4]"), result);
  }

  @Test
  void format_whenTemplateHasEscapedBracesAndQuotes_thenOnlyBarePlaceholdersAreFilled() {
    JsonNode result = eval("States.Format('it\\'s \\{literal\\} {} \\\\ {}', $.name, $.obj)");

    assertEquals(json("\"it's {literal} api \\\\ {a=1}\""), result);
  }

  @Test
  void format_whenPlaceholderCountDiffersFromArguments_thenStatesRuntime() {
    AslFailure failure = assertThrows(AslFailure.class, () -> eval("States.Format('{} {}', 1)"));

    assertEquals("States.Runtime", failure.error());
  }

  @Test
  void parse_whenPathContainsCommaInsideFilter_thenPathEndsAtTopLevelComma() {
    JsonNode result = eval("States.Array($.list[?(@ in [2, 3])], 'x')");

    assertEquals(json("[[2, 2, 3], \"x\"]"), result);
  }

  @Test
  void functions_whenCalledOnArrays_thenBehaveAsDocumentedByAws() {
    assertEquals(json("[1, 2, 3]"), eval("States.ArrayUnique($.list)"));
    assertEquals(json("[[1, 2], [2, 3]]"), eval("States.ArrayPartition($.list, 2)"));
    assertEquals(json("[10, 7, 4, 1]"), eval("States.ArrayRange(10, 0, -3)"));
    assertEquals(json("true"), eval("States.ArrayContains($.list, 3.0)"));
    assertEquals(json("3"), eval("States.ArrayGetItem($.list, 3)"));
    assertEquals(
        json("{\"a\": 2, \"b\": 1}"),
        eval("States.JsonMerge($.obj, States.StringToJson('\\{\"a\":2,\"b\":1\\}'), false)"));
  }

  @Test
  void functions_whenCalledOnStrings_thenEncodeHashAndSplit() {
    assertEquals(json("\"YXBp\""), eval("States.Base64Encode($.name)"));
    assertEquals(json("\"api\""), eval("States.Base64Decode(States.Base64Encode($.name))"));
    assertEquals(
        json("\"14c2529eb4498c5d1ffd6915d05bf58a91bdda796af59f41d480d11c099d0479\""),
        eval("States.Hash($.name, 'SHA-256')"));
    assertEquals(json("[\"a\", \"b\", \"c\"]"), eval("States.StringSplit('a, b,c', ', ')"));
    assertEquals(json("\"{\\\"a\\\":1}\""), eval("States.JsonToString($.obj)"));
  }

  @Test
  void mathRandomAndUuid_whenCalled_thenValuesAreInRangeAndWellFormed() {
    for (int i = 0; i < 50; i++) {
      long value = eval("States.MathRandom(1, 5)").longValue();
      assertTrue(value >= 1 && value < 5, "out of range: " + value);
    }
    assertEquals(eval("States.MathRandom(0, 1000, 7)"), eval("States.MathRandom(0, 1000, 7)"));
    assertTrue(
        eval("States.UUID()")
            .textValue()
            .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-.{4}-.{12}"));
    assertEquals(json("-6"), eval("States.MathAdd($.n, -10)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "States.Format('unterminated)",
        "States.Nope(1)",
        "States.ArrayLength()",
        "States.Array(1 2)",
        "States.Array(1,)",
        "States.Format('x') trailing",
        "States.Array(@bad)",
      })
  void parse_whenSyntaxIsInvalid_thenDefinitionExceptionNamesTheExpression(String expression) {
    AslDefinitionException e =
        assertThrows(AslDefinitionException.class, () -> IntrinsicParser.parse(expression));

    assertTrue(e.getMessage().contains(expression.split("\\(")[0]), e.getMessage());
  }
}
