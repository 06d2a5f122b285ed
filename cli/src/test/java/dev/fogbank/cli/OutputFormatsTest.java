package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code --output json|yaml|csv} read back by a YAML parser and an RFC 4180 reader: the same
 * answer the API gave, a list as one row per item, one record as one row.
 */
class OutputFormatsTest {
  private static final String ID = ClientCommandsTest.ID;
  /** Two deployments: a value with a comma, a quote and a line break; a nested object. */
  private static final String PAGE =
      "{\"items\":[{\"deploymentId\":\"" + ID + "\",\"stackName\":\"web\",\"status\":\"FAILED\","
          + "\"error\":{\"code\":\"STACK_FAILED\",\"message\":\"Queue: CREATE_FAILED, \\\"x\\\"\\n"
          + "next line\"},\"changes\":{\"add\":1,\"modify\":0,\"remove\":0}},"
          + "{\"deploymentId\":\"d-20261206T190000-0123456789ab\",\"stackName\":\"web\","
          + "\"status\":\"SUCCEEDED\",\"durationSeconds\":12,\"reason\":\"a, \\\"b\\\"\\nc\"}],"
          + "\"nextToken\":\"opaque\"}";

  @TempDir Path tmp;
  ApiStub api;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new ApiStub();
    env = api.environment(tmp);
    api.on("GET /stacks/web/deployments", json(200, PAGE));
    api.on("GET /deployments/" + ID, json(200, read(PAGE).path("items").get(0).toString()));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void history_whenJsonOrYaml_thenParsesBackToTheApisAnswer() {
    CliRun asJson = CliRun.of(env, "history", "web", "-o", "json");
    CliRun asYaml = CliRun.of(env, "history", "web", "--output", "yaml");

    assertEquals(ExitCodes.OK, asJson.exitCode(), asJson::transcript);
    assertEquals(ExitCodes.OK, asYaml.exitCode(), asYaml::transcript);
    assertEquals(read(PAGE), read(asJson.out()));
    Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(asYaml.out());
    assertEquals(read(PAGE), Json.mapper().valueToTree(yaml), asYaml::transcript);
  }

  @Test
  void history_whenCsv_thenOneRowPerItemWithEveryFieldAndNestedValuesAsJson() {
    CliRun run = CliRun.of(env, "history", "web", "-o", "csv");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<List<String>> rows = rfc4180(run.out());
    assertEquals(
        List.of("deploymentId", "stackName", "status", "error", "changes", "durationSeconds",
            "reason"),
        rows.get(0));
    assertEquals(3, rows.size(), "a header and a row per item; the nextToken is no row");
    Map<String, String> first = record(rows, 1);
    assertEquals(ID, first.get("deploymentId"));
    assertEquals(read(PAGE).path("items").get(0).path("error"), read(first.get("error")));
    assertTrue(first.get("error").contains("CREATE_FAILED, \\\"x\\\"\\nnext"), first::toString);
    Map<String, String> second = record(rows, 2);
    assertEquals("12", second.get("durationSeconds"));
    assertEquals("a, \"b\"\nc", second.get("reason"), "a comma, quotes and a line break");
    assertEquals("", second.get("error"), "a field the item lacks is empty");
  }

  @Test
  void status_whenYamlOrCsv_thenOneRecordIsOneDocumentOrOneRow() {
    CliRun asYaml = CliRun.of(env, "status", ID, "-o", "yaml");
    CliRun asCsv = CliRun.of(env, "status", ID, "-o", "csv");

    assertEquals(ExitCodes.OK, asYaml.exitCode(), asYaml::transcript);
    JsonNode record = read(PAGE).path("items").get(0);
    Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(asYaml.out());
    assertEquals(record, Json.mapper().valueToTree(yaml));
    assertEquals(ExitCodes.OK, asCsv.exitCode(), asCsv::transcript);
    List<List<String>> rows = rfc4180(asCsv.out());
    assertEquals(2, rows.size(), asCsv::transcript);
    assertEquals("FAILED", record(rows, 1).get("status"));
    assertEquals(record.path("changes"), read(record(rows, 1).get("changes")));
  }

  private static Map<String, String> record(List<List<String>> rows, int row) {
    Map<String, String> r = new HashMap<>();
    for (int i = 0; i < rows.get(0).size(); i++) {
      r.put(rows.get(0).get(i), rows.get(row).get(i));
    }
    return r;
  }

  private static JsonNode read(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * RFC 4180 as a reader sees it, written here rather than taken from the writer: fields split at
   * commas, a quoted field may hold commas, doubled quotes and line breaks, each record ends CRLF.
   */
  private static List<List<String>> rfc4180(String text) {
    assertTrue(text.endsWith("\r\n"), "every record ends with CRLF");
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    for (List<String> r : rows) {
      assertEquals(rows.get(0).size(), r.size(), "every record has the header's fields: " + r);
    }
    return rows;
  }
}
