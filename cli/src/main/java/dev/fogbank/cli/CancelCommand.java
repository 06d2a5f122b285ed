package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.shared.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fogbank cancel ID}: {@code POST /deployments/{id}/cancel}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description =
        "Cancel a deployment still queued or waiting for approval (POST /deployments/{id}/cancel).",
    footer = {
      "%nExample:",
      "  fogbank cancel d-20261121T220501-3f9a1c2b7d4e",
      "%nExit: 0 cancelled, 4 unknown id, 5 not cancellable (running or ended), 6 auth."
    })
public final class CancelCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Parameters(index = "0", paramLabel = "ID", description = "The deployment id.")
  String deploymentId;

  @Override
  public Integer call() {
    api.print(
        api.client()
            .post(
                "/deployments/" + ApiClient.segment(deploymentId) + "/cancel",
                Json.mapper().createObjectNode(),
                Map.of()),
        DeploymentFormat::details);
    return ExitCodes.OK;
  }
}
