package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fogbank lock show|acquire|release STACK}: {@code GET}, {@code POST} and {@code DELETE
 * /stacks/{name}/lock}.
 */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = "A stack's deployment lock.",
    subcommands = {LockCommand.Show.class, LockCommand.Acquire.class, LockCommand.Release.class})
public final class LockCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Who holds the stack's lock, for which deployment, until when.",
      footer = {"%nExample:", "  fogbank lock show web"})
  static final class Show implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
    String stack;

    @Override
    public Integer call() {
      var lock = api.client().get("/stacks/" + ApiClient.segment(stack) + "/lock", Map.of());
      api.print(
          lock,
          l ->
              l.path("locked").asBoolean()
                  ? stack + " is locked by " + l.path("owner").asText() + " for deployment "
                      + l.path("deploymentId").asText() + " since " + l.path("acquiredAt").asText()
                      + ", until " + l.path("expiresAt").asText() + "\n"
                  : stack + " is not locked\n");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "acquire",
      mixinStandardHelpOptions = true,
      description = {
        "Lock the stack for yourself: deployments of it wait until you release it or the TTL"
            + " runs out. Asking again while you hold it renews it."
      },
      footer = {"%nExample:", "  fogbank lock acquire web --ttl 1h --reason \"db migration\""})
  static final class Acquire implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
    String stack;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        required = true,
        converter = WaitOptions.DurationConverter.class,
        description = "How long the lock lasts: 1m to 24h (90s, 30m, 1h, or ISO-8601 PT1H).")
    Duration ttl;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown to whoever finds it locked.")
    String reason;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ttlSeconds", ttl.toSeconds());
      if (reason != null) {
        body.put("reason", reason);
      }
      var lock = api.client().post("/stacks/" + ApiClient.segment(stack) + "/lock", body, Map.of());
      api.print(
          lock,
          l -> stack + " is locked by " + l.path("owner").asText() + " until "
              + l.path("expiresAt").asText() + "\n");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = {
        "Release your lock on the stack; with --force, whoever holds it (a running deployment"
            + " included, which then goes on without it)."
      },
      footer = {"%nExamples:", "  fogbank lock release web", "  fogbank lock release web --force"})
  static final class Release implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack's name.")
    String stack;

    @Option(names = "--force", description = "Remove the lock whoever holds it (operators).")
    boolean force;

    @Override
    public Integer call() {
      JsonNode removed =
          api.client()
              .delete(
                  "/stacks/" + ApiClient.segment(stack) + "/lock",
                  force ? Map.of("force", "true") : Map.of());
      api.print(
          removed,
          l -> "released the lock of " + stack + " held by " + l.path("owner").asText() + "\n");
      return ExitCodes.OK;
    }
  }
}
