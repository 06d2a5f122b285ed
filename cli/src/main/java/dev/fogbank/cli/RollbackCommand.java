package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.shared.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fogbank rollback STACK}: {@code POST /stacks/{name}/rollback {"toDeploymentId"?}}, which
 * redeploys an earlier successful deployment's template and parameters. The route comes with the
 * rollback flow; a control plane without it answers 404 (exit 4).
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Redeploy an earlier successful deployment of a stack (POST /stacks/{name}/rollback).",
    footer = {
      "%nExamples:",
      "  fogbank rollback web --wait",
      "  fogbank rollback web --to d-20261121T220501-3f9a1c2b7d4e"
    })
public final class RollbackCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Mixin WaitOptions waiting;

  @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
  String stack;

  @Option(
      names = "--to",
      paramLabel = "ID",
      description = "The deployment to go back to (default: the last successful one before now).")
  String toDeploymentId;

  @Override
  public Integer call() {
    ObjectNode body = Json.mapper().createObjectNode();
    if (toDeploymentId != null) {
      body.put("toDeploymentId", toDeploymentId);
    }
    JsonNode accepted =
        api.client().post("/stacks/" + ApiClient.segment(stack) + "/rollback", body, Map.of());
    if (waiting.wait && accepted.hasNonNull("deploymentId")) {
      return waiting.follow(api, accepted.path("deploymentId").asText());
    }
    api.print(accepted, DeploymentFormat::generic);
    return ExitCodes.OK;
  }
}
