package dev.fogbank.cli;

import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

  @Mixin PageOptions page;

  @Override
  public Integer call() {
    api.print(api.client().get("/stacks", page.query()), DeploymentFormat::stacks);
    return ExitCodes.OK;
  }
}
