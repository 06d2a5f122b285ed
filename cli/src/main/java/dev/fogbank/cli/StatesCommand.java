package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.statemachines.asl.AslDefinitionException;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionResult;
import dev.fogbank.statemachines.asl.TaskFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "states",
    mixinStandardHelpOptions = true,
    description = "Amazon States Language tools.",
    subcommands = {StatesCommand.Run.class})
public final class StatesCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run a state machine definition on the local ASL engine. Prints the output JSON (exit"
              + " 0), or {\"error\",\"cause\"} when the execution fails (exit 1).")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DEFINITION.json")
    Path definition;

    @Option(names = "--input", description = "Execution input JSON (default {}).")
    String input = "{}";

    @Override
    public Integer call() {
      JsonNode def;
      JsonNode in;
      try {
        def = AslEngine.parseDefinition(Files.readString(definition));
      } catch (IOException e) {
        return fail("States.Runtime", "cannot read " + definition + ": " + e.getMessage(), 2);
      } catch (AslDefinitionException e) {
        return fail("States.InvalidDefinition", e.getMessage(), 2);
      }
      try {
        in = Json.mapper().readTree(input);
      } catch (IOException e) {
        return fail("States.Runtime", "--input is not valid JSON", 2);
      }
      AslEngine engine =
          AslEngine.create(
              (resource, taskInput, context) -> {
                throw new TaskFailure(
                    "States.TaskFailed",
                    "no task resources are connected in 'states run' (resource " + resource + ")");
              });
      ExecutionResult result = engine.run("local-" + UUID.randomUUID(), def, in);
      if (result.status() == ExecutionResult.Status.SUCCEEDED) {
        System.out.println(result.output() == null ? "null" : result.output().toString());
        return 0;
      }
      return fail(result.error(), result.cause(), 1);
    }

    private static int fail(String error, String cause, int code) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("error", error);
      out.put("cause", cause);
      System.out.println(out);
      return code;
    }
  }
}
