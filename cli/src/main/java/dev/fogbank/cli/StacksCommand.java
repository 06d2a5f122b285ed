package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fogbank stacks}: {@code GET /stacks}, one page. */
@Command(
    name = "stacks",
    mixinStandardHelpOptions = true,
    description =
        "The managed stacks you may read, with their latest deployment and lock (GET /stacks).",
    footer = {
      "%nExamples:",
      "  fogbank stacks",
      "  fogbank stacks --limit 20 --next-token <token from the previous page> -o json",
      "%nExit: 0 listed (none too), 3 API error, 6 auth, 7 unreachable."
    })
public final class StacksCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Option(names = "--limit", paramLabel = "N", description = "Stacks per page (1 to 100).")
  Integer limit;

  @Option(names = "--next-token", paramLabel = "TOKEN", description = "Where the page starts.")
  String nextToken;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("limit", limit == null ? null : limit.toString());
    query.put("nextToken", nextToken);
    JsonNode page = api.client().get("/stacks", query);
    api.print(page, DeploymentFormat::stacks);
    return ExitCodes.OK;
  }
}
