package dev.fogbank.statemachines.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefinitionValidationTest {

  @Test
  @DisplayName("The module's own deploy.asl.json is accepted")
  void deployDefinitionParses() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/statemachines/deploy.asl.json")) {
      assertNotNull(in, "deploy.asl.json is not on the test classpath");
      JsonNode definition =
          AslEngine.parseDefinition(new String(in.readAllBytes(), StandardCharsets.UTF_8));

      assertEquals("Validate", definition.get("StartAt").asText());
    }
  }

  /** A definition starting at state A, with {@code states} in single-quoted JSON. */
  private static String machine(String states) {
    return "{'StartAt': 'A', 'States': {" + states + "}}";
  }

  static Stream<Arguments> invalidDefinitions() {
    return Stream.of(
        Arguments.of("not JSON", "{", "not valid JSON"),
        Arguments.of("missing StartAt", "{'States': {'A': {'Type': 'Succeed'}}}", "'StartAt'"),
        Arguments.of(
            "StartAt unknown",
            "{'StartAt': 'B', 'States': {'A': {'Type': 'Succeed'}}}",
            "no state named 'B'"),
        Arguments.of(
            "Next to unknown state",
            machine("'A': {'Type': 'Pass', 'Next': 'Z'}"),
            "transition to 'Z'"),
        Arguments.of(
            "neither Next nor End", machine("'A': {'Type': 'Pass'}"), "exactly one of 'Next'"),
        Arguments.of(
            "both Next and End",
            machine("'A': {'Type': 'Pass', 'End': true, 'Next': 'A'}"),
            "exactly one of 'Next'"),
        Arguments.of(
            "unreachable state",
            machine("'A': {'Type': 'Succeed'}, 'B': {'Type': 'Succeed'}"),
            "[B] cannot be reached"),
        Arguments.of("unknown type", machine("'A': {'Type': 'Sleep'}"), "unknown Type 'Sleep'"),
        Arguments.of(
            "misspelt field",
            machine("'A': {'Type': 'Pass', 'ResultsPath': '$.x', 'End': true}"),
            "[ResultsPath]"),
        Arguments.of(
            "Task without Resource", machine("'A': {'Type': 'Task', 'End': true}"), "'Resource'"),
        Arguments.of(
            "States.ALL not last",
            machine(
                "'A': {'Type': 'Task', 'Resource': 'r', 'End': true, 'Retry': ["
                    + "{'ErrorEquals': ['States.ALL']}, {'ErrorEquals': ['X']}]}"),
            "States.ALL must appear alone"),
        Arguments.of(
            "Catch to unknown state",
            machine(
                "'A': {'Type': 'Task', 'Resource': 'r', 'End': true,"
                    + " 'Catch': [{'ErrorEquals': ['X'], 'Next': 'Q'}]}"),
            "transition to 'Q'"),
        Arguments.of(
            "Choice without rules", machine("'A': {'Type': 'Choice', 'Choices': []}"), "Choices"),
        Arguments.of(
            "Choice rule with two operators",
            machine(
                "'A': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsNull': true,"
                    + " 'IsString': true, 'Next': 'A'}]}"),
            "exactly one of And"),
        Arguments.of(
            "Wait with two modes",
            machine("'A': {'Type': 'Wait', 'Seconds': 1, 'SecondsPath': '$.s', 'End': true}"),
            "exactly one of Seconds"),
        Arguments.of(
            "ResultPath with wildcard",
            machine("'A': {'Type': 'Pass', 'ResultPath': '$.a[*]', 'End': true}"),
            "reference path"),
        Arguments.of(
            "malformed intrinsic",
            machine("'A': {'Type': 'Pass', 'Parameters': {'x.$': 'States.Format(1'}, 'End': true}"),
            "Invalid intrinsic function"),
        Arguments.of(
            "branch Next leaves its branch",
            machine(
                "'A': {'Type': 'Parallel', 'End': true, 'Branches': [{'StartAt': 'B',"
                    + " 'States': {'B': {'Type': 'Pass', 'Next': 'A'}}}]}"),
            "transition to 'A'"),
        Arguments.of(
            "Distributed Map",
            machine(
                "'A': {'Type': 'Map', 'End': true, 'ItemProcessor': {'ProcessorConfig':"
                    + " {'Mode': 'DISTRIBUTED'}, 'StartAt': 'I', 'States': {'I': {'Type':"
                    + " 'Succeed'}}}}"),
            "a Distributed Map needs STANDARD or EXPRESS"),
        Arguments.of(
            "Distributed Map reading items from S3",
            machine(
                "'A': {'Type': 'Map', 'End': true, 'ItemReader': {'Resource':"
                    + " 'arn:aws:states:::s3:getObject'}, 'ItemProcessor': {'ProcessorConfig':"
                    + " {'Mode': 'DISTRIBUTED', 'ExecutionType': 'STANDARD'}, 'StartAt': 'I',"
                    + " 'States': {'I': {'Type': 'Succeed'}}}}"),
            "ItemReader: not supported by the local ASL engine"),
        Arguments.of(
            "inline Map with a Label",
            machine(
                "'A': {'Type': 'Map', 'End': true, 'Label': 'x', 'ItemProcessor': {'StartAt':"
                    + " 'I', 'States': {'I': {'Type': 'Succeed'}}}}"),
            "only a Distributed Map"),
        Arguments.of(
            "JSONata",
            "{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Succeed'}}}",
            "only JSONPath"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDefinitions")
  void parseDefinition_whenDefinitionIsInvalid_thenMessageSaysWhatIsWrong(
      String problem, String definition, String expectedFragment) {
    AslDefinitionException e =
        assertThrows(
            AslDefinitionException.class,
            () -> AslEngine.parseDefinition(definition.replace('\'', '"')));

    assertTrue(
        e.getMessage().contains(expectedFragment), problem + ": message was: " + e.getMessage());
  }

  @Test
  void run_whenDefinitionIsInvalid_thenThrowsBeforeJournaling() {
    RecordingJournal journal = new RecordingJournal();
    AslEngine engine =
        AslEngine.create(
            AslTesting.noTasks(),
            journal,
            new AslTesting.RecordingSleeper(),
            AslTesting.fixedClock());

    assertThrows(
        AslDefinitionException.class,
        () -> engine.run("e", AslTesting.json("{\"StartAt\": \"A\", \"States\": {}}"), null));
    assertTrue(journal.events.isEmpty(), journal.events.toString());
  }

  /** Records journal calls as text. */
  static final class RecordingJournal implements ExecutionJournal {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void started(String name, JsonNode input) {
      events.add("started " + name);
    }

    @Override
    public void entered(String name, String stateName, JsonNode stateInput) {
      events.add("entered " + stateName);
    }

    @Override
    public void finished(String name, ExecutionResult result) {
      events.add("finished " + result.status());
    }
  }
}
