package dev.fogbank.functions.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import fogbank.FunctionFailure;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lines written by a step's domain code, which knows no deployment id, still carry it. */
class StepLogContextTest {

  @Test
  void apply_whenDomainCodeLogs_thenEveryLineHasDeploymentIdAndStack() throws Exception {
    List<JsonNode> lines =
        capture(
            () -> {
              StepHandler step =
                  new StepHandler() {
                    @Override
                    protected Object run(DeploymentInput input, JsonNode state) {
                      StructuredLog.info("domain_line", Map.of("what", "no ids passed"));
                      throw new DeploymentException(ErrorCode.STACK_FAILED, "failed");
                    }
                  };
              assertThrows(FunctionFailure.class, () -> step.apply(state()));
              StructuredLog.info("after_the_step", Map.of());
            });

    assertEquals(3, lines.size(), lines.toString());
    for (JsonNode line : lines.subList(0, 2)) {
      assertEquals(
          "d-20261121T220501-3f9a1c2b7d4e", line.path("deploymentId").asText(), line.toString());
      assertEquals("web", line.path("stack").asText(), line.toString());
    }
    assertTrue(lines.get(2).path("stack").isMissingNode(), "the context ends with the step");
  }

  private static List<JsonNode> capture(Runnable work) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(original);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : err.toString(UTF_8).split("\n")) {
      if (line.startsWith("{")) {
        lines.add(Json.mapper().readTree(line));
      }
    }
    return lines;
  }

  private static JsonNode state() throws Exception {
    try (InputStream in =
        StepLogContextTest.class.getResourceAsStream("/events/step-record-failure-state.json")) {
      return Json.mapper().readTree(in);
    }
  }
}
