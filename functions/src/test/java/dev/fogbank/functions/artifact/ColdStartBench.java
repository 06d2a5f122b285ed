package dev.fogbank.functions.artifact;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start of the api artifact against a trivial handler, each in fresh JVMs started like the
 * java21 runtime's, timed from process start to the first answer printed; plus each artifact's
 * size against the target. Prints a Markdown section on standard output. Run by
 * {@code scripts/lib/bench-lambda.sh}, which builds the trivial jar and finds an endpoint; it uses
 * the JDK only, so it runs from a bare {@code java -cp functions/target/test-classes}.
 *
 * <p>Arguments: artifacts dir, jar prefix, trivial jar, AWS endpoint, runs, and the command line
 * to show in the report.
 */
public final class ColdStartBench {
  static final double RATIO_TARGET = 2.5;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  // By name: loading TrivialHandler here would need aws-lambda-java-core on this JVM's path.
  private static final String TRIVIAL_HANDLER = "dev.fogbank.functions.artifact.TrivialHandler";

  private ColdStartBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 6) {
      System.err.println(
          "usage: ColdStartBench <artifacts dir> <jar prefix> <trivial jar> <endpoint> <runs>"
              + " <command>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    Path trivialJar = Path.of(args[2]);
    String endpoint = args[3];
    int runs = Integer.parseInt(args[4]);
    String command = args[5];

    Path invoker = ArtifactProcess.isolatedInvoker(Files.createTempDirectory("fogbank-invoker"));
    Path health = resource("api-health.json");
    Map<String, String> env = environment(endpoint);

    List<Duration> api = new ArrayList<>();
    List<Duration> trivial = new ArrayList<>();
    List<Duration> bare = new ArrayList<>();
    // Interleaved, so that a slow patch of the machine weighs on both alike.
    for (int i = 0; i < runs; i++) {
      api.add(
          timed(
              dir.resolve(prefix + "-api.jar"),
              invoker,
              "dev.fogbank.functions.api.ApiHandler",
              "api",
              health,
              env,
              "{\"statusCode\":200"));
      trivial.add(
          // The same event read and answer written with Jackson as for the api: the Lambda
          // runtime does that work for every POJO handler, trivial or not.
          timed(trivialJar, invoker, TRIVIAL_HANDLER, "api", health, env, "\"ok\""));
      // And with no event reading at all: the floor, for reference.
      bare.add(timed(trivialJar, invoker, TRIVIAL_HANDLER, "plain", health, env, "\"ok\""));
    }

    Map<String, Long> sizes = new LinkedHashMap<>();
    for (ArtifactBudget budget : ArtifactBudget.values()) {
      sizes.put(budget.group(), Files.size(dir.resolve(prefix + "-" + budget.group() + ".jar")));
    }
    System.out.print(report(sizes, api, trivial, bare, command));
  }

  private static Duration timed(
      Path jar,
      Path invoker,
      String handler,
      String kind,
      Path event,
      Map<String, String> env,
      String expected) {
    ArtifactProcess.Outcome outcome =
        ArtifactProcess.run(jar, invoker, handler, kind, event, env, TIMEOUT);
    String result = outcome.result().orElse("");
    if (outcome.exitCode() != 0 || !result.startsWith(expected) || outcome.missingClass()) {
      System.err.println(handler + " from " + jar + " did not answer:\n" + outcome.transcript());
      System.exit(1);
    }
    return outcome.timeToResult();
  }

  static String report(
      Map<String, Long> sizes,
      List<Duration> api,
      List<Duration> trivial,
      List<Duration> bare,
      String command) {
    StringBuilder md = new StringBuilder();
    md.append("## Lambda artifacts and cold start\n\n");
    md.append("| artifact | size (MB) | target (MB) | within |\n");
    md.append("| --- | ---: | ---: | --- |\n");
    sizes.forEach(
        (group, bytes) -> {
          double mb = bytes / 1_000_000.0;
          ArtifactBudget budget = ArtifactBudget.of(group).orElseThrow();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.2f | %.2f | %s |%n",
                  group,
                  mb,
                  budget.megabytes(),
                  bytes <= budget.bytes() ? "yes" : "no"));
        });
    double apiMedian = median(api);
    double trivialMedian = median(trivial);
    double ratio = apiMedian / trivialMedian;
    md.append("\n| cold start, JVM start to first answer | median (ms) | runs (ms) |\n");
    md.append("| --- | ---: | --- |\n");
    md.append(row("api artifact, ApiHandler, first `GET /health`", apiMedian, api));
    md.append(
        row(
            "trivial handler (aws-lambda-java-core; Jackson reads the event as the runtime does)",
            trivialMedian,
            trivial));
    md.append(row("bare JVM floor: trivial handler, event not read", median(bare), bare));
    md.append(
        String.format(
            Locale.ROOT,
            "%nRatio api / trivial: **%.2f×** (target ≤ %.1f×: %s).%n",
            ratio,
            RATIO_TARGET,
            ratio <= RATIO_TARGET ? "met" : "not met"));
    md.append(
        String.format(
            Locale.ROOT,
            "Against the bare floor (no event reading, which no real Lambda invocation skips):"
                + " %.2f×.%n",
            apiMedian / median(bare)));
    md.append(
        "\nEach run is a fresh JVM with `"
            + String.join(" ", ArtifactProcess.LAMBDA_JVM_FLAGS)
            + "` (the java21 runtime's settings), only the jar and the invoker on its class path,"
            + " Java "
            + Runtime.version().feature()
            + "; api and trivial runs interleaved. MB = 10^6 bytes.\n");
    md.append("\nProduced by:\n\n```\n").append(command).append("\n```\n");
    return md.toString();
  }

  private static String row(String what, double median, List<Duration> runs) {
    List<String> ms = runs.stream().map(d -> Long.toString(d.toMillis())).toList();
    return String.format(
        Locale.ROOT, "| %s | %.0f | %s |%n", what, median, String.join(", ", ms));
  }

  static double median(List<Duration> runs) {
    List<Long> sorted = runs.stream().map(Duration::toNanos).sorted().toList();
    int n = sorted.size();
    double nanos =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return nanos / 1_000_000.0;
  }

  /** The api function's configuration; /health reads nothing, but the wiring needs it all. */
  private static Map<String, String> environment(String endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_SESSION_TOKEN", "test");
    env.put("TZ", "UTC");
    env.put("FOGBANK_ACCOUNT", "123456789012");
    env.put("FOGBANK_TABLE", "fogbank-bench");
    env.put("FOGBANK_ARTIFACTS_BUCKET", "fogbank-artifacts-bench");
    env.put(
        "FOGBANK_STATE_MACHINE_ARN",
        "arn:aws:states:us-east-1:123456789012:stateMachine:fogbank-deploy");
    env.put("FOGBANK_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:fogbank-events");
    env.put("FOGBANK_AWS_ENDPOINT", endpoint);
    return env;
  }

  private static Path resource(String name) {
    try {
      return Path.of(ColdStartBench.class.getResource("/artifact/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "test resource artifact/" + name + " not found next to the test classes", e);
    }
  }
}
