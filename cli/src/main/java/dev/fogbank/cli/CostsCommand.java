package dev.fogbank.cli;

import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fogbank costs [--stack S]}: {@code GET /costs?stack=}, what the cost scans recorded. The
 * route comes with the cost scans; a control plane without them answers 404 (exit 4).
 */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = "Recorded costs per stack (GET /costs).",
    footer = {"%nExamples:", "  fogbank costs", "  fogbank costs --stack web -o json"})
public final class CostsCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Option(names = "--stack", paramLabel = "STACK", description = "One stack only.")
  String stack;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stack", stack);
    api.print(api.client().get("/costs", query), DeploymentFormat::generic);
    return ExitCodes.OK;
  }
}
