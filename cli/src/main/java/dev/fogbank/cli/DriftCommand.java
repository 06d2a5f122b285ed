package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.cli.client.Table;
import dev.fogbank.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fogbank drift [STACK]}: what the drift scans found, {@code GET /drift} for every managed
 * stack or {@code GET /stacks/{name}/drift} for one (its drifted resources and property diffs).
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description =
        "Drift found by the scans: every managed stack's latest status (GET /drift), or one"
            + " stack's drifted resources with their property differences and earlier results"
            + " (GET /stacks/{name}/drift). Start a scan with fogbank scan drift.",
    footer = {
      "%nExamples:",
      "  fogbank drift",
      "  fogbank drift web",
      "  fogbank drift web --limit 3 -o json",
      "%nExit: 0 shown (drifted or not), 3 API error, 4 no such stack, 6 auth, 7 unreachable."
    })
public final class DriftCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Parameters(index = "0", arity = "0..1", paramLabel = "STACK", description = "One stack.")
  String stack;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "With STACK: how many results, newest first (1 to 50; default 10).")
  Integer limit;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    if (stack == null) {
      JsonNode list = every(client);
      // CSV: a row per stack (the answer's counts are a sum of those rows).
      print(list, list.path("stacks"), DriftCommand::stacks);
      return ExitCodes.OK;
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", limit == null ? null : limit.toString());
    JsonNode drift = client.get("/stacks/" + ApiClient.segment(stack) + "/drift", query);
    // CSV: a row per result, newest first.
    ArrayNode results = Json.mapper().createArrayNode();
    if (drift.path("latest").isObject()) {
      results.add(drift.path("latest"));
    }
    results.addAll((ArrayNode) drift.path("earlier"));
    print(drift, results, DriftCommand::stack);
    return ExitCodes.OK;
  }

  /** Every page of {@code GET /drift}: all the stacks, their counts summed. */
  private static JsonNode every(ApiClient client) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", "100");
    ArrayNode stacks = Json.mapper().createArrayNode();
    java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
    JsonNode page;
    int pages = 0;
    do {
      page = client.get("/drift", query);
      stacks.addAll((ArrayNode) page.path("stacks"));
      page.path("counts").properties()
          .forEach(e -> counts.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
      query.put("nextToken", page.path("nextToken").asText());
    } while (page.hasNonNull("nextToken") && ++pages < HistoryCommand.MAX_PAGES);
    com.fasterxml.jackson.databind.node.ObjectNode all = Json.mapper().createObjectNode();
    all.set("counts", Json.mapper().valueToTree(counts));
    all.set("stacks", stacks);
    return all;
  }

  private void print(JsonNode answer, JsonNode rows, Function<JsonNode, String> table) {
    if (api.output == OutputFormat.csv) {
      api.out().print(AnswerText.csv(rows));
      api.out().flush();
    } else {
      api.print(answer, table);
    }
  }

  /** {@code GET /drift}: a line per stack, then the counts per status. */
  static String stacks(JsonNode list) {
    Table table = Table.of("STACK", "DRIFT", "RESOURCES DRIFTED", "SCANNED");
    for (JsonNode s : list.path("stacks")) {
      table.row(
          s.path("stackName").asText(),
          s.path("status").asText(),
          s.path("driftedCount").asText(),
          s.path("at").asText(null));
    }
    StringBuilder counts = new StringBuilder();
    list.path("counts").properties().forEach(e -> counts.append(counts.isEmpty() ? "" : ", ")
        .append(e.getValue().asInt()).append(' ').append(e.getKey()));
    return table.isEmpty()
        ? "no managed stacks\n"
        : table.render() + (counts.isEmpty() ? "" : counts + "\n");
  }

  /** {@code GET /stacks/{name}/drift}: the latest result, its resources, the earlier ones. */
  static String stack(JsonNode drift) {
    StringBuilder out = new StringBuilder();
    String name = drift.path("stackName").asText();
    JsonNode latest = drift.path("latest");
    if (latest.isMissingNode() || latest.isNull()) {
      out.append(name).append(": never scanned (fogbank scan drift --stack ").append(name)
          .append(" --wait)\n");
    } else {
      out.append(name).append(": ").append(latest.path("status").asText()).append(" at ")
          .append(latest.path("at").asText()).append(", ")
          .append(latest.path("driftedCount").asInt()).append(" resource(s) drifted")
          .append(latest.hasNonNull("reason") ? " — " + latest.path("reason").asText() : "")
          .append('\n');
      Table resources =
          Table.of("RESOURCE", "TYPE", "DIFFERENCE", "PROPERTY", "EXPECTED", "ACTUAL");
      for (JsonNode r : latest.path("resources")) {
        if (r.path("properties").isEmpty()) {
          resources.row(r.path("logicalId").asText(), r.path("resourceType").asText(null),
              r.path("difference").asText(), null, null, null);
        }
        for (JsonNode p : r.path("properties")) {
          resources.row(r.path("logicalId").asText(), r.path("resourceType").asText(null),
              r.path("difference").asText() + " " + p.path("type").asText(),
              p.path("path").asText(), p.path("expected").asText(null),
              p.path("actual").asText(null));
        }
      }
      if (!resources.isEmpty()) {
        out.append(resources.render());
      }
    }
    Table earlier = Table.of("EARLIER", "DRIFT", "RESOURCES DRIFTED");
    for (JsonNode e : drift.path("earlier")) {
      earlier.row(e.path("at").asText(), e.path("status").asText(),
          e.path("driftedCount").asText());
    }
    if (!earlier.isEmpty()) {
      out.append(earlier.render());
    }
    return out.toString();
  }
}
