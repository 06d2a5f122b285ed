package dev.fogbank.cli;

import dev.fogbank.infrastructure.bootstrap.BootstrapRequest;
import dev.fogbank.infrastructure.bootstrap.BootstrapResult;
import dev.fogbank.infrastructure.bootstrap.PolicySeed;
import dev.fogbank.infrastructure.bootstrap.StsAccountLookup;
import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.infrastructure.bootstrap.ControlPlane;
import dev.fogbank.infrastructure.bootstrap.ControlPlaneBootstrap;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.error.DeploymentException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    description = {
      "Install or upgrade the fogbank control plane: upload the function jars and state machine"
          + " definitions to the artifacts bucket (fogbank-artifacts-<account>-<region>, created"
          + " if absent) under content-addressed keys, then create or update the control-plane"
          + " stack through a change set, reporting each change.",
      "With --via-control-plane, an installed control plane upgrades itself: the new template"
          + " goes to its own drop bucket, after a preview that refuses to delete or replace its"
          + " table, buckets or topic (unless --force).",
      "Re-running with nothing changed uploads nothing and ends 'no changes'; re-running after"
          + " an interruption picks up where it stopped."
    })
public final class BootstrapCommand implements Callable<Integer> {

  static final String FUNCTIONS_DIR_VARIABLE = "FOGBANK_FUNCTIONS_DIR";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,7})([smh]?)");

  @Spec CommandSpec spec;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1).")
  String region;

  @Option(
      names = "--aws-endpoint",
      paramLabel = "URL",
      description =
          "Endpoint of an AWS emulator (moto, LocalStack), e.g. http://127.0.0.1:5000. Default"
              + " (or 'aws'): real AWS with the default credential chain.")
  String awsEndpoint;

  @Option(names = "--stack-name", paramLabel = "NAME", description = "Control-plane stack.")
  String stackName = "fogbank";

  @Option(
      names = "--functions-dir",
      paramLabel = "DIR",
      description =
          "Folder with the function jars (functions-<version>-<group>.jar). Default: $"
              + FUNCTIONS_DIR_VARIABLE
              + ", else functions/target of the checkout this command runs from.")
  Path functionsDir;

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description =
          "A template parameter value (repeatable), e.g. LogRetentionDays=90. Values set once are"
              + " kept by later runs.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--via-control-plane",
      description = "Upgrade an installed control plane through its own drop bucket.")
  boolean viaControlPlane;

  @Option(
      names = "--force",
      description =
          "With --via-control-plane: skip the preview and the guard against deleting or"
              + " replacing the table, buckets or topic.")
  boolean force;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "How long to wait for a busy stack, a change set, and the stack update, each: seconds,"
              + " or with s/m/h (default 30m).")
  String timeout = "30m";

  private final Supplier<ControlPlane> controlPlane;
  private final Map<String, String> environment;

  public BootstrapCommand() {
    this(ControlPlane::fogbank, System.getenv());
  }

  /** With another control plane and environment (tests). */
  BootstrapCommand(Supplier<ControlPlane> controlPlane, Map<String, String> environment) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (force && !viaControlPlane) {
        throw new IllegalArgumentException("--force applies only with --via-control-plane");
      }
      AwsSettings settings = settings();
      BootstrapRequest request =
          new BootstrapRequest(
              stackName, resolveFunctionsDir(), parameters, parseTimeout(timeout), force);
      try (AwsClientFactory clients = AwsClientFactory.create(settings)) {
        requireCredentials(clients, settings);
        ControlPlaneBootstrap bootstrap =
            ControlPlaneBootstrap.create(
                clients,
                controlPlane.get(),
                line -> {
                  out.println(line);
                  out.flush();
                });
        BootstrapResult result =
            viaControlPlane
                ? bootstrap.upgradeThroughDropBucket(request)
                : bootstrap.deploy(request);
        if (!viaControlPlane) {
          out.println(seedPolicy(clients, result));
        }
        out.println(result.summary());
        out.flush();
        return 0;
      }
    } catch (DeploymentException | IllegalArgumentException e) {
      return fail(err, e.getMessage());
    } catch (RuntimeException e) {
      // Never a stack trace: what failed, in one line.
      return fail(err, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The first authorization policy: the bootstrapping principal as admin on every stack, unless
   * the table holds a policy already (an upgrade keeps it).
   */
  private static String seedPolicy(AwsClientFactory clients, BootstrapResult result) {
    String table = result.outputs().get(ControlPlaneStack.OUTPUT_TABLE);
    if (table == null) {
      return "authorization policy: not seeded (the stack shows no " + ControlPlaneStack.OUTPUT_TABLE
          + " output); PUT /policy once it does";
    }
    String caller =
        new StsAccountLookup(clients.settings(), clients.credentialsProvider()).callerArn();
    return PolicySeed.seedIfAbsent(DynamoDbPolicyStore.create(clients.dynamoDb(), table), caller)
        .map(p -> "authorization policy seeded: " + p.statements().getFirst().principal()
            + " is admin on every stack (PUT /policy to grant others)")
        .orElse("authorization policy: kept the one stored in " + table);
  }

  private static int fail(PrintWriter err, String message) {
    err.println("fogbank bootstrap: " + message);
    err.flush();
    return 1;
  }

  private AwsSettings settings() {
    String chosen =
        firstNonBlank(region, environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION"))
            .orElse("us-east-1");
    if (!REGION.matcher(chosen).matches()) {
      throw new IllegalArgumentException(
          "invalid region '" + chosen + "': expected a name such as us-east-1 or eu-central-1");
    }
    if (awsEndpoint == null || awsEndpoint.isBlank() || awsEndpoint.equals("aws")) {
      return AwsSettings.of(chosen);
    }
    return AwsSettings.of(chosen, endpoint(awsEndpoint));
  }

  static URI endpoint(String text) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--aws-endpoint '" + text + "' is not an http(s) URL such as http://127.0.0.1:5000");
  }

  static Duration parseTimeout(String text) {
    Matcher m = TIMEOUT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
          };
      if (!d.isZero()) {
        return d;
      }
    } else {
      try {
        Duration d = Duration.parse(text.strip());
        if (!d.isNegative() && !d.isZero()) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "--timeout '" + text + "': use seconds, or a number with s, m or h (e.g. 30m)");
  }

  /**
   * --functions-dir, else $FOGBANK_FUNCTIONS_DIR, else functions/target of the checkout holding
   * this command (found from where its classes were loaded, then from the working folder).
   */
  Path resolveFunctionsDir() {
    if (functionsDir != null) {
      return functionsDir.toAbsolutePath();
    }
    Optional<String> configured = firstNonBlank(environment.get(FUNCTIONS_DIR_VARIABLE));
    if (configured.isPresent()) {
      return Path.of(configured.get()).toAbsolutePath();
    }
    for (Path start : new Path[] {codeLocation(), Path.of("").toAbsolutePath()}) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("functions/pom.xml"))) {
          return dir.resolve("functions/target");
        }
      }
    }
    throw new IllegalArgumentException(
        "no functions folder: not run from a fogbank checkout; pass --functions-dir DIR (the"
            + " folder with functions-<version>-<group>.jar)");
  }

  private static Path codeLocation() {
    try {
      return Path.of(
          BootstrapCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Missing credentials would otherwise surface later as a vague network failure. */
  private static void requireCredentials(AwsClientFactory clients, AwsSettings settings) {
    if (settings.endpoint().isPresent()) {
      return; // emulator credentials are filled in when none are configured
    }
    try {
      clients.credentialsProvider().resolveCredentials();
    } catch (SdkException e) {
      throw new IllegalArgumentException(
          "no AWS credentials found (environment, profile, SSO, instance role): configure"
              + " some (e.g. AWS_PROFILE), or pass --aws-endpoint for an emulator");
    }
  }

  private static Optional<String> firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return Optional.of(v.strip());
      }
    }
    return Optional.empty();
  }
}
