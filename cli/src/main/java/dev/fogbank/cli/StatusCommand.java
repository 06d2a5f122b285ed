package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fogbank status ID}: {@code GET /deployments/{id}}. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a deployment (GET /deployments/{id}); --wait follows it to its end.",
    footer = {
      "%nExamples:",
      "  fogbank status d-20261121T220501-3f9a1c2b7d4e",
      "  fogbank status d-20261121T220501-3f9a1c2b7d4e --wait -o json",
      "  fogbank status d-20261121T220501-3f9a1c2b7d4e --profile prod -o yaml",
      "%nExit: 0 found (with --wait: SUCCEEDED or NO_CHANGES), 1 FAILED (--wait),"
          + " 4 no such deployment, 6 auth, 7 unreachable, 8 --wait timed out, 9 rejected,"
          + " 10 cancelled (--wait)."
    })
public final class StatusCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Mixin WaitOptions waiting;

  @Parameters(index = "0", paramLabel = "ID", description = "The deployment id.")
  String deploymentId;

  @Override
  public Integer call() {
    if (waiting.wait) {
      return waiting.follow(api, deploymentId);
    }
    var d = api.client().get("/deployments/" + ApiClient.segment(deploymentId), Map.of());
    api.print(d, r -> DeploymentFormat.details(r, api.palette()));
    // Without --wait it reports: a deployment that failed was still found.
    return ExitCodes.OK;
  }
}
