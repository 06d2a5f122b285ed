package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ExitCodes;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fogbank lock show STACK}: {@code GET /stacks/{name}/lock}. */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = "A stack's deployment lock.",
    subcommands = {LockCommand.Show.class})
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
}
