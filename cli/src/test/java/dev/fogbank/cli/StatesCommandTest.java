package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fogbank states run}: the local ASL engine as a command. */
class StatesCommandTest {
  /** Choice on $.count, then a Pass that sets $.size to "big" (count > 10) or "small". */
  static final String PASS_AND_CHOICE =
      """
      {
        "StartAt": "Size",
        "States": {
          "Size": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.count", "NumericGreaterThan": 10, "Next": "Big"}],
            "Default": "Small"
          },
          "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true},
          "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": true}
        }
      }
      """;

  @TempDir Path dir;

  @Test
  void run_whenPassAndChoiceSucceed_thenPrintsOutputAndExits0() throws IOException {
    Path definition = write("choice.asl.json", PASS_AND_CHOICE);

    Result big = run("states", "run", definition.toString(), "--input", "{\"count\": 11}");
    Result small = run("states", "run", definition.toString(), "--input", "{\"count\": 3}");

    assertEquals(0, big.exit(), big.out());
    assertEquals(Json.mapper().readTree("{\"count\": 11, \"size\": \"big\"}"), big.json());
    assertEquals(0, small.exit(), small.out());
    assertEquals("small", small.json().path("size").asText());
  }

  @Test
  void run_whenInputOmitted_thenEmptyObjectInput() throws IOException {
    Path definition =
        write(
            "pass.asl.json",
            "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");

    Result result = run("states", "run", definition.toString());

    assertEquals(0, result.exit(), result.out());
    assertEquals(Json.mapper().createObjectNode(), result.json());
  }

  @Test
  void run_whenFailState_thenPrintsErrorAndCauseAndExits1() throws IOException {
    Path definition =
        write(
            "fail.asl.json",
            """
            {"StartAt": "Nope", "States": {"Nope": {"Type": "Fail",
              "Error": "fogbank.LOCKED", "Cause": "stack 'web' stayed locked"}}}
            """);

    Result result = run("states", "run", definition.toString());

    assertEquals(1, result.exit(), result.out());
    assertEquals("fogbank.LOCKED", result.json().path("error").asText());
    assertEquals("stack 'web' stayed locked", result.json().path("cause").asText());
  }

  @Test
  void run_whenTaskHasNoConnectedResource_thenTaskFailedExit1() throws IOException {
    Path definition =
        write(
            "task.asl.json",
            """
            {"StartAt": "T", "States": {"T": {"Type": "Task",
              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:x", "End": true}}}
            """);

    Result result = run("states", "run", definition.toString());

    assertEquals(1, result.exit(), result.out());
    assertEquals("States.TaskFailed", result.json().path("error").asText());
  }

  @Test
  void run_whenDefinitionIsNotJson_thenInvalidDefinitionExit2() throws IOException {
    Path definition = write("broken.asl.json", "{\"StartAt\": \"P\", \"States\": {");

    Result result = run("states", "run", definition.toString());

    assertEquals(2, result.exit(), result.out());
    assertEquals("States.InvalidDefinition", result.json().path("error").asText());
    assertTrue(result.json().path("cause").asText().startsWith("The definition is"),
        result.out());
  }

  @Test
  void run_whenNextNamesMissingState_thenInvalidDefinitionNamingIt() throws IOException {
    Path definition =
        write(
            "dangling.asl.json",
            "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Next\": \"Gone\"}}}");

    Result result = run("states", "run", definition.toString());

    assertEquals(2, result.exit(), result.out());
    assertEquals("States.InvalidDefinition", result.json().path("error").asText());
    assertTrue(result.json().path("cause").asText().contains("Gone"), result.out());
  }

  @Test
  void run_whenInputIsNotJson_thenExit2SayingSo() throws IOException {
    Path definition = write("choice.asl.json", PASS_AND_CHOICE);

    Result result = run("states", "run", definition.toString(), "--input", "{count: ");

    assertEquals(2, result.exit(), result.out());
    assertEquals("--input is not valid JSON", result.json().path("cause").asText());
  }

  @Test
  void run_whenDefinitionFileMissing_thenExit2NamingIt() {
    Path missing = dir.resolve("missing.asl.json");

    Result result = run("states", "run", missing.toString());

    assertEquals(2, result.exit(), result.out());
    assertTrue(result.json().path("cause").asText().contains("missing.asl.json"), result.out());
  }

  // --- helpers ----------------------------------------------------------------------------

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** Runs the command in-process, capturing what it prints (the command writes System.out). */
  private static synchronized Result run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int exit = new CommandLine(new FogbankCli()).execute(args);
      return new Result(exit, buffer.toString(StandardCharsets.UTF_8).strip());
    } finally {
      System.setOut(original);
    }
  }

  private record Result(int exit, String out) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }
}
