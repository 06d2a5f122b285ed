package dev.fogbank.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fogbank completion bash}: the completion script picocli generates from the commands. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a shell completion script (bash; zsh through bashcompinit).",
    footer = {
      "%nExamples:",
      "  source <(fogbank completion bash)",
      "  fogbank completion bash > /etc/bash_completion.d/fogbank",
      "  zsh: autoload -U +X bashcompinit && bashcompinit && source <(fogbank completion bash)"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** The shells picocli's generator writes for. */
  enum Shell {
    bash
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash")
  Shell shell;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("fogbank", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
