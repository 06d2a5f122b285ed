package dev.fogbank.cli;

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
      PricesCommand.class
    })
public final class FogbankCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FogbankCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
