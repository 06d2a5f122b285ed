package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ApiException;
import dev.fogbank.cli.client.ExitCodes;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** The `fogbank` command. */
@Command(
    name = "fogbank",
    mixinStandardHelpOptions = true,
    version = FogbankCli.VERSION,
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
      EventsCommand.class,
      LockCommand.class,
      ReviewCommands.Approve.class,
      ReviewCommands.Reject.class,
      CancelCommand.class,
      StacksCommand.class,
      RollbackCommand.class,
      CostsCommand.class,
      AuditCommand.class,
      DeploymentsCommand.class,
      DriftCommand.class,
      ScanCommand.class,
      DiffCommand.class,
      ConsoleCommand.class,
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

  /** What {@code fogbank --version} prints. */
  static final String VERSION = "fogbank 0.1.0";

  public static void main(String[] args) {
    if (isVersionOnly(args)) {
      // The line picocli prints for --version, without loading picocli (start-up: see
      // docs/benchmarks.md, "CLI start-up"); FogbankCliStartTest checks that they are the same.
      System.out.println(VERSION);
      exit(0, args);
    }
    // picocli otherwise looks for Groovy's Closure class, which is not there, through every jar.
    if (System.getProperty(DISABLE_CLOSURES_PROPERTY) == null) {
      System.setProperty(DISABLE_CLOSURES_PROPERTY, "true");
    }
    Class<?> command = fastPathCommand(args);
    if (command != null) {
      warmUpInBackground(command);
    }
    exit(commandLine(System.getenv(), args).execute(args), args);
  }

  /**
   * While picocli builds {@code command}'s model on the main thread (start-up: see
   * docs/benchmarks.md, "CLI start-up"), a daemon thread reads the annotations picocli will read
   * (the JDK generates a proxy class per annotation type, with its class-file API, on first use;
   * parsed annotations are cached for picocli), then, for a command that calls the API, loads
   * what its request and answer need ({@link ApiClient#warmUp}). It prints nothing and changes no
   * state; the main thread waits only for a class or annotation the other is still making.
   */
  private static void warmUpInBackground(Class<?> command) {
    Thread thread = new Thread(() -> {
      readAnnotations(command);
      if (drivesApi(command)) {
        ApiClient.warmUp();
      }
    }, "fogbank-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads the annotations of {@code type}'s fields and of its mixins' (fields with @Mixin). */
  private static void readAnnotations(Class<?> type) {
    try {
      for (Field field : type.getDeclaredFields()) {
        field.getAnnotations();
        if (field.isAnnotationPresent(Mixin.class)) {
          readAnnotations(field.getType());
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // Only a warm-up: picocli meets any real problem itself and reports it.
    }
  }

  /**
   * Whether {@code command} (or one of its subcommands, declared inside it) takes {@link
   * ApiOptions}: it calls the API.
   */
  static boolean drivesApi(Class<?> command) {
    return Stream.concat(Stream.of(command), Arrays.stream(command.getDeclaredClasses()))
        .flatMap(c -> Arrays.stream(c.getDeclaredFields()))
        .anyMatch(f -> f.getType() == ApiOptions.class);
  }

  /**
   * The commands whose runs register shutdown hooks (the local control plane's, moto_server's)
   * or open DynamoDB Local: they end through {@link System#exit}, which runs the hooks.
   */
  private static final Set<String> EXIT_WITH_SHUTDOWN_HOOKS = Set.of("local", "estimate", "prices");

  /**
   * Ends the process with {@code code} once stdout and stderr are flushed. Every other command
   * registers no shutdown hook, so it halts: {@link System#exit} first logs the exit through
   * {@code System.Logger}, whose first use looks for a logging backend in every jar of the class
   * path (a ServiceLoader scan of the CLI's 130-odd jars: 0.1 s of CPU and more of wall time after
   * the command's work is done; docs/benchmarks.md, "CLI start-up").
   */
  private static void exit(int code, String[] args) {
    System.out.flush();
    System.err.flush();
    if (args.length > 0 && EXIT_WITH_SHUTDOWN_HOOKS.contains(args[0])) {
      System.exit(code);
    }
    Runtime.getRuntime().halt(code);
  }

  static final String DISABLE_CLOSURES_PROPERTY = "picocli.disable.closures";

  /**
   * The command line as main runs it: an {@link ApiException} becomes one line on stderr and its
   * exit code (see ExitCodes), never a stack trace.
   */
  public static CommandLine commandLine(Map<String, String> environment) {
    return handled(new CommandLine(new FogbankCli(environment)));
  }

  /**
   * As {@link #commandLine(Map)}, with only the part of the command tree {@code args} can reach:
   * picocli builds the model of every subcommand it is given (their options, mixins, converters,
   * by reflection), which is most of a short command's start-up. {@code fogbank status ID} gets
   * the root and {@code status}; {@code fogbank --version} the root alone; anything else (no
   * arguments, {@code --help}, a mistyped command, {@code completion}, which lists every command)
   * the whole tree.
   */
  static CommandLine commandLine(Map<String, String> environment, String[] args) {
    Command root = FogbankCli.class.getAnnotation(Command.class);
    List<Class<?>> reachable;
    if (isVersionOnly(args)) {
      reachable = List.of();
    } else {
      Class<?> command = fastPathCommand(args);
      if (command == null) {
        return commandLine(environment);
      }
      reachable = List.of(command);
    }
    // The root as its annotation says, without inspecting it (which would build every subcommand).
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new FogbankCli(environment));
    spec.name(root.name()).version(root.version()).mixinStandardHelpOptions(true);
    spec.usageMessage().description(root.description());
    CommandLine cli = new CommandLine(spec);
    reachable.forEach(cli::addSubcommand);
    return handled(cli);
  }

  /**
   * The subcommand {@code args} names first, which main builds alone (see {@link
   * #commandLine(Map, String[])}); null for no arguments, an option first, a mistyped command or
   * {@code completion}. Read from the root's {@code @Command(subcommands)}, the one list of
   * commands, up to the one named.
   */
  static Class<?> fastPathCommand(String[] args) {
    if (args.length == 0) {
      return null;
    }
    return Arrays.stream(FogbankCli.class.getAnnotation(Command.class).subcommands())
        .filter(c -> c != CompletionCommand.class
            && c.getAnnotation(Command.class).name().equals(args[0]))
        .findFirst()
        .orElse(null);
  }

  /** {@code fogbank --version} or {@code fogbank -V}, nothing else. */
  static boolean isVersionOnly(String[] args) {
    return args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"));
  }

  private static CommandLine handled(CommandLine cli) {
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
    cli.setParameterExceptionHandler(FogbankCli::unmatched);
    return cli;
  }

  /**
   * A mistyped command gets the nearest command names by edit distance (a swap of two letters
   * counts once: {@code stauts} is {@code status}); picocli's own bigram ranking ties {@code
   * status} with {@code stacks}, {@code costs} and {@code bootstrap} and may drop it.
   */
  private static int unmatched(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    if (!(e instanceof CommandLine.UnmatchedArgumentException u)
        || cmd.getParent() != null
        || u.getUnmatched().isEmpty()
        || args.length == 0
        || !u.getUnmatched().getFirst().equals(args[0])) {
      // picocli's own answer: the message, then suggestions or the usage.
      PrintWriter err = cmd.getErr();
      err.println(e.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
        cmd.usage(err);
      }
      err.flush();
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
    String typed = args[0];
    java.util.List<String> nearest =
        cmd.getSubcommands().keySet().stream()
            .sorted(java.util.Comparator.comparingInt((String name) -> distance(typed, name))
                .thenComparing(java.util.Comparator.naturalOrder()))
            .limit(3)
            .toList();
    PrintWriter err = cmd.getErr();
    err.println("Unmatched arguments from index 0: " + String.join(", ",
        u.getUnmatched().stream().map(a -> "'" + a + "'").toList()));
    err.println("Did you mean: " + String.join(" or ",
        nearest.stream().map(n -> "fogbank " + n).toList()) + "?");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Optimal string alignment distance: insert, delete, substitute, swap two neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * Whether stdout is a terminal: scripts/fogbank tells ({@code -Dfogbank.stdout.tty}, from the
   * shell's {@code [ -t 1 ]}); else the JDK's console, when it knows (JDK 22+ Console.isTerminal).
   */
  static boolean stdoutIsTerminal() {
    String told = System.getProperty(STDOUT_TTY_PROPERTY);
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return true; // JDK 21: a console exists only when stdin and stdout are a terminal
    }
  }

  /** Set by scripts/fogbank: true when its stdout is a terminal. */
  static final String STDOUT_TTY_PROPERTY = "fogbank.stdout.tty";

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
