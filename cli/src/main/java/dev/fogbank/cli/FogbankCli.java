package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `fogbank` command. */
@Command(
    name = "fogbank",
    mixinStandardHelpOptions = true,
    version = "fogbank 0.1.0",
    description = "CloudFormation deployment control plane.",
    subcommands = {
      LocalCommand.class,
      StatesCommand.class,
      BootstrapCommand.class,
      SynthCommand.class,
      ValidateCommand.class,
      EstimateCommand.class,
      PricesCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      LockCommand.class,
      ReviewCommands.Approve.class,
      ReviewCommands.Reject.class,
      RollbackCommand.class,
      CostsCommand.class,
      CompletionCommand.class
    })
public final class FogbankCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  public FogbankCli() {
    this(System.getenv());
  }

  /** With another environment than the process's (FOGBANK_ENDPOINT, FOGBANK_TOKEN, ...). */
  public FogbankCli(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv()).execute(args));
  }

  /**
   * The command line as main runs it: an {@link ApiException} becomes one line on stderr and its
   * exit code (see ExitCodes), never a stack trace.
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    CommandLine cli = new CommandLine(new FogbankCli(environment));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof ApiException api) {
            PrintWriter err = commandLine.getErr();
            err.println("fogbank " + commandLine.getCommandName() + ": " + api.code() + ": "
                + api.getMessage());
            err.flush();
            return api.exitCode();
          }
          throw e;
        });
    return cli;
  }

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
