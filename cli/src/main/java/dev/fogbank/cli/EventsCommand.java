package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFollower;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.cli.client.StackEventFeed;
import dev.fogbank.cli.client.Table;
import dev.fogbank.shared.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fogbank events DEPLOYMENT_ID}: {@code GET /deployments/{id}/events}. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description =
        "The CloudFormation stack events recorded with a deployment, oldest first"
            + " (GET /deployments/{id}/events).",
    footer = {
      "%nExamples:",
      "  fogbank events d-20261207T052000-3f9a1c2b7d4e",
      "  fogbank events d-20261207T052000-3f9a1c2b7d4e --all -o csv",
      "  fogbank events d-20261207T052000-3f9a1c2b7d4e --follow",
      "%n--follow prints each event as it comes until the deployment ends (with -o json, yaml"
          + " or csv: every event, as one document, once it ended).",
      "%nExit: 0 listed (none too); with --follow as status --wait: 0 SUCCEEDED or NO_CHANGES,"
          + " 1 another end, 8 --timeout; 3 API error, 4 unknown id, 6 auth, 7 unreachable."
    })
public final class EventsCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Parameters(index = "0", paramLabel = "DEPLOYMENT_ID", description = "The deployment's id.")
  String deploymentId;

  @Mixin PageOptions page;

  @Option(names = "--all", description = "Every page (follows nextToken).")
  boolean all;

  @Option(names = {"-f", "--follow"}, description = "Print events as they come until it ends.")
  boolean follow;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = WaitOptions.DurationConverter.class,
      description = "How long --follow follows (30m, 90s, 2h or ISO-8601; default 60m); then exit 8.")
  Duration timeout = Duration.ofMinutes(60);

  @Option(names = "--poll-interval", hidden = true, description = "Between two GETs (ms).")
  long pollMillis = 1_000;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    if (follow) {
      return follow(client);
    }
    String path = "/deployments/" + ApiClient.segment(deploymentId) + "/events";
    api.print(
        all
            ? client.getAll(path, page.query(), HistoryCommand.MAX_PAGES)
            : client.get(path, page.query()),
        EventsCommand::table);
    return ExitCodes.OK;
  }

  private int follow(ApiClient client) {
    PrintWriter out = api.out();
    ArrayNode collected = Json.mapper().createArrayNode();
    boolean streaming = api.output == OutputFormat.table;
    DeploymentFollower.Outcome outcome =
        new DeploymentFollower(client, Duration.ofMillis(pollMillis), timeout)
            .follow(
                deploymentId,
                d -> {},
                e -> {
                  if (streaming) {
                    out.println(StackEventFeed.line(e));
                    out.flush();
                  } else {
                    collected.add(e);
                  }
                });
    if (!streaming) {
      ObjectNode document = Json.mapper().createObjectNode();
      document.put("deploymentId", deploymentId);
      document.set("items", collected);
      api.print(document, EventsCommand::table);
    }
    if (!outcome.ended()) {
      api.err().println("fogbank: still " + outcome.deployment().path("status").asText()
          + " after " + timeout + "; go on with: fogbank events " + deploymentId + " --follow");
      api.err().flush();
    }
    return outcome.exitCode();
  }


  /** One row an event; the truncation note and the next page's token after them. */
  static String table(JsonNode page) {
    Table table = Table.of("TIME", "LOGICAL ID", "TYPE", "STATUS", "REASON");
    for (JsonNode e : page.path("items")) {
      table.row(
          e.path("timestamp").asText(),
          e.path("logicalResourceId").asText(),
          e.path("resourceType").asText(),
          e.path("resourceStatus").asText(),
          e.path("statusReason").asText(""));
    }
    StringBuilder s = new StringBuilder(table.isEmpty() ? "no stack events\n" : table.render());
    if (page.path("truncated").asBoolean(false)) {
      s.append("truncated: only the first 1,000 events of this deployment are kept\n");
    }
    if (page.hasNonNull("nextToken")) {
      s.append("more: --next-token ").append(page.path("nextToken").asText())
          .append(" (or --all)\n");
    }
    return s.toString();
  }
}
