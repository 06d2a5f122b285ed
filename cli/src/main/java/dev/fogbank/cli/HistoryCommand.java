package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fogbank history STACK}: {@code GET /stacks/{name}/deployments}, page by page. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "A stack's deployments, newest first (GET /stacks/{name}/deployments).",
    footer = {
      "%nExamples:",
      "  fogbank history web",
      "  fogbank history web --limit 5 --next-token <token from the previous page>",
      "  fogbank history web --all -o json",
      "%nExit: 0 listed (an empty history too), 3 API error, 6 auth, 7 unreachable."
    })
public final class HistoryCommand implements Callable<Integer> {
  /** --all stops here, whatever the history's length: 100 pages of at most 100. */
  static final int MAX_PAGES = 100;

  @Mixin ApiOptions api;

  @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
  String stack;

  @Option(names = "--limit", paramLabel = "N", description = "Deployments per page (1 to 100).")
  Integer limit;

  @Option(names = "--next-token", paramLabel = "TOKEN", description = "Where the page starts.")
  String nextToken;

  @Option(names = "--all", description = "Every page (follows nextToken).")
  boolean all;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    String path = "/stacks/" + ApiClient.segment(stack) + "/deployments";
    JsonNode page =
        all ? client.getAll(path, query(nextToken), MAX_PAGES) : client.get(path, query(nextToken));
    api.print(page, DeploymentFormat::history);
    return ExitCodes.OK;
  }

  private Map<String, String> query(String token) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", limit == null ? null : limit.toString());
    query.put("nextToken", token);
    return query;
  }
}
