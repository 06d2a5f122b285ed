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
 * {@code fogbank approve|reject ID}: {@code POST /deployments/{id}/approve|reject {"reason"}}, for
 * a deployment waiting for approval. The routes come with the approval flow; a control plane
 * without it answers 404 (exit 4).
 */
final class ReviewCommands {
  private ReviewCommands() {}

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a deployment waiting for approval (POST /deployments/{id}/approve).",
      footer = {"%nExample:", "  fogbank approve d-20261121T220501-3f9a1c2b7d4e --reason 'CAB-42'"})
  static final class Approve implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Mixin WaitOptions waiting;

    @Parameters(index = "0", paramLabel = "ID", description = "The deployment id.")
    String deploymentId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded).")
    String reason;

    @Override
    public Integer call() {
      return decide(api, waiting, deploymentId, "approve", reason);
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a deployment waiting for approval (POST /deployments/{id}/reject).",
      footer = {"%nExample:", "  fogbank reject d-20261121T220501-3f9a1c2b7d4e --reason 'replaces the DB'"})
  static final class Reject implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(index = "0", paramLabel = "ID", description = "The deployment id.")
    String deploymentId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Override
    public Integer call() {
      return decide(api, null, deploymentId, "reject", reason);
    }
  }

  private static int decide(
      ApiOptions api, WaitOptions waiting, String deploymentId, String decision, String reason) {
    ObjectNode body = Json.mapper().createObjectNode();
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode answer =
        api.client()
            .post(
                "/deployments/" + ApiClient.segment(deploymentId) + "/" + decision,
                body,
                Map.of());
    if (waiting != null && waiting.wait) {
      return waiting.follow(api, deploymentId);
    }
    api.print(answer, DeploymentFormat::generic);
    return ExitCodes.OK;
  }
}
