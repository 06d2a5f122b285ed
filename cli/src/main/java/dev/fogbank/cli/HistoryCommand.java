package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
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

  @Mixin PageOptions page;

  @Option(names = "--all", description = "Every page (follows nextToken).")
  boolean all;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    String path = "/stacks/" + ApiClient.segment(stack) + "/deployments";
    api.print(
        all ? client.getAll(path, page.query(), MAX_PAGES) : client.get(path, page.query()),
        DeploymentFormat::history);
    return ExitCodes.OK;
  }

}
