package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.shared.deploy.DeploymentManifest;
import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.ChangeSetRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fogbank deploy}: {@code POST /deployments}, and with --wait its progress to the end. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Deploy a template to a stack through the API (POST /deployments).",
    footer = {
      "%nExamples:",
      "  fogbank deploy web -t template.yaml -p Team=payments --tag owner=alice --wait",
      "  fogbank deploy web -t template.yaml --parameters deployment.yaml -o json",
      "  AWS_PROFILE=deployer fogbank deploy web -t template.yaml --wait \\",
      "      --endpoint https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com   # SigV4-signed",
      "%nExit: 0 accepted (with --wait: SUCCEEDED or NO_CHANGES), 1 FAILED, 2 usage,"
          + " 3 API error, 4 not found, 5 conflict, 6 auth, 7 unreachable, 8 --wait timed out,"
          + " 9 rejected (findings block, or a person rejected it), 10 cancelled."
    })
public final class DeployCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ApiOptions api;
  @Mixin WaitOptions waiting;

  @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
  String stack;

  @Option(
      names = {"-t", "--template"},
      required = true,
      paramLabel = "FILE",
      description = "The template (YAML or JSON).")
  Path template;

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description = "A parameter value (repeatable); overrides --parameters.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--parameters",
      paramLabel = "FILE",
      description = "A deployment.yaml: its parameters, tags and validation options.")
  Path manifestFile;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "A stack tag (repeatable); overrides --parameters' tags.")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(
      names = "--enforcement",
      paramLabel = "block|warn",
      description = "Whether blocking findings stop the deployment (default: block).")
  String enforcement;

  @Option(
      names = "--block-at",
      paramLabel = "SEVERITY",
      description = "The severity that blocks: CRITICAL, HIGH (default), MEDIUM or LOW.")
  String blockAt;

  @Option(
      names = "--approval",
      paramLabel = "POLICY",
      description =
          "auto-below-high, always or never: when the change set waits for approval (needs a"
              + " control plane with the approval flow).")
  String approval;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description =
          "Sent as the Idempotency-Key header: re-running with the same key and inputs returns"
              + " the same deployment instead of starting another (e.g. a pipeline run id).")
  String idempotencyKey;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    ObjectNode body = body(client);
    JsonNode accepted =
        client
            .post(
                "/deployments",
                body,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    String id = accepted.path("deploymentId").asText();
    if (!waiting.wait) {
      api.print(
          accepted,
          a -> "deployment " + id + " of stack " + a.path("stackName").asText() + ": "
              + a.path("status").asText() + "\n  follow it: fogbank status " + id + " --wait\n");
      return ExitCodes.OK;
    }
    return waiting.follow(api, id);
  }

  private ObjectNode body(ApiClient client) {
    DeploymentManifest manifest = manifest();
    Map<String, String> allParameters = new LinkedHashMap<>(manifest.parameters());
    allParameters.putAll(parameters);
    Map<String, String> allTags = new LinkedHashMap<>(manifest.tags());
    allTags.putAll(tags);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    String text = read(template, "--template");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES) {
      // Too large to send inline (as for CloudFormation): upload it, then name it by URL.
      JsonNode upload =
          client.post(
              "/templates/uploads",
              Map.of("stackName", stack, "sha256", Sha256.hex(bytes)),
              Map.of());
      client.upload(upload.path("uploadUrl").asText(), bytes);
      body.put("templateUrl", upload.path("templateUrl").asText());
    } else {
      body.put("templateBody", text);
    }
    if (!allParameters.isEmpty()) {
      body.set("parameters", Json.mapper().valueToTree(allParameters));
    }
    if (!allTags.isEmpty()) {
      body.set("tags", Json.mapper().valueToTree(allTags));
    }
    ObjectNode options = Json.mapper().createObjectNode();
    String enforce =
        enforcement != null
            ? enforcement
            : manifestFile == null ? null : manifest.validation().enforcement().wireName();
    String block =
        blockAt != null
            ? blockAt
            : manifestFile == null ? null : manifest.validation().blockAt().name();
    if (enforce != null || block != null) {
      ObjectNode validation = options.putObject("validation");
      if (enforce != null) {
        validation.put("enforcement", enforce);
      }
      if (block != null) {
        validation.put("blockAt", block);
      }
    }
    if (approval != null) {
      options.put("approval", approval);
    }
    if (!options.isEmpty()) {
      body.set("options", options);
    }
    return body;
  }

  private DeploymentManifest manifest() {
    if (manifestFile == null) {
      return DeploymentManifest.empty();
    }
    try {
      return DeploymentManifest.parse(
          read(manifestFile, "--parameters").getBytes(StandardCharsets.UTF_8));
    } catch (DeploymentException e) {
      throw new ParameterException(
          spec.commandLine(), "--parameters " + manifestFile + ": " + e.getMessage());
    }
  }

  private String read(Path file, String option) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ParameterException(
          spec.commandLine(), option + " " + file + ": cannot read it (" + e.getMessage() + ")");
    }
  }
}
