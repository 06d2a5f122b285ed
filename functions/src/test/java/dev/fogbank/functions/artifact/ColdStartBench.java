package dev.fogbank.functions.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.WebhookStandIn;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Cold start of each function group on its heaviest common path, without and with SnapStart
 * priming, against a trivial handler measured in the same run; each run a fresh JVM started like
 * the java21 runtime's, whose class path is one artifact and the invoker. Also each artifact's
 * size and the classes each case loads. Prints a Markdown section on standard output. Run by
 * {@code scripts/lib/bench-lambda.sh}, which builds the trivial jar, finds an emulator and puts
 * the test class path (the SDK, to set the emulator up) on this JVM.
 *
 * <p>Without priming: process start to the answer read, as a cold start is billed and felt. With
 * priming: the stand-in for a SnapStart restore. The handler is built and its registered
 * {@code beforeCheckpoint} hooks run during init (Lambda snapshots after init), then the first
 * invoke is timed inside the JVM from its start to its answer. The restore itself (Lambda loading
 * the snapshot) is not measured here: it happens only in AWS.
 *
 * <p>Arguments: artifacts dir, jar prefix, trivial jar, AWS endpoint, runs, and the command line
 * to show in the report.
 */
public final class ColdStartBench {
  static final double RATIO_TARGET = 2.0;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  // By name: loading TrivialHandler here would need aws-lambda-java-core on this JVM's path.
  private static final String TRIVIAL_HANDLER = "dev.fogbank.functions.artifact.TrivialHandler";
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String TABLE = "fogbank-bench";
  private static final String ARTIFACTS_BUCKET = "fogbank-artifacts-bench";
  private static final String DROP_BUCKET = "fogbank-drop-test";
  private static final String DEPLOY_MACHINE =
      "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}";
  private static final String STEPS = "dev.fogbank.functions.steps.";

  /** One function group's path: its artifact, handler, event kind and a fresh event per run. */
  record Case(
      String label, String group, String handler, String kind, String expected, Duration settle) {
    Case(String label, String group, String handler, String kind, String expected) {
      this(label, group, handler, kind, expected, Duration.ZERO);
    }
  }

  static final List<Case> ALL_CASES =
      List.of(
          new Case(
              "api: `POST /deployments` (S3 put, record, StartExecution)",
              "api",
              "dev.fogbank.functions.api.ApiHandler",
              "api",
              "{\"statusCode\":202"),
          new Case(
              "drop: S3 ObjectCreated event (read upload, record, StartExecution)",
              "drop",
              "dev.fogbank.functions.drop.DropHandler",
              "stream",
              "[\"d-",
              // Not start-up: the intake waits this long by design before reading the folder.
              dev.fogbank.shared.drop.DropIntake.SETTLE),
          new Case(
              "steps-ledger: AcquireLock (lock item, record to RUNNING)",
              "steps-ledger",
              STEPS + "AcquireLockHandler",
              "stream",
              "{\"acquired\":true"),
          new Case(
              "steps-stack: CreateChangeSet (template from S3, CloudFormation)",
              "steps-stack",
              STEPS + "CreateChangeSetHandler",
              "stream",
              "{\"changeSetId\":\"arn:"),
          new Case(
              "slack: SNS notification posted to a webhook (channels from the table, webhook URL"
                  + " from Secrets Manager, a loopback server answering 200)",
              "slack",
              "dev.fogbank.functions.slack.SlackHandler",
              "sns",
              "1"),
          new Case(
              "events: EventBridge stack status change, UPDATE_ROLLBACK_FAILED (claim, lock read,"
                  + " notification on the topic)",
              "events",
              "dev.fogbank.functions.events.StackEventsHandler",
              "stream",
              "{\"eventId\":\""),
          new Case(
              "scans: cost scan, one Cost Explorer page (costs and month-to-date written to the"
                  + " table)",
              "scans",
              "dev.fogbank.functions.scans.CostScanHandler",
              "stream",
              "{\"start\":\""),
          new Case(
              "console: `GET /console/stacks` with a session (grants, stack index, locks, drift,"
                  + " costs; the page rendered)",
              "console",
              "dev.fogbank.functions.webconsole.ConsoleHandler",
              "api",
              "{\"statusCode\":200"));

  /**
   * The cases this run measures: all, or the groups named in FOGBANK_BENCH_CASES (comma
   * separated), for quicker runs while working on one group.
   */
  static final List<Case> CASES = selected(System.getenv("FOGBANK_BENCH_CASES"));

  /**
   * JAVA_TOOL_OPTIONS for the runs of this build's jars only (not the trivial handler, not
   * --before-dir's jars), to measure a JVM option against the same jars without it.
   */
  static final String AFTER_TOOL_OPTIONS = System.getenv("FOGBANK_BENCH_AFTER_TOOL_OPTIONS");

  static List<Case> selected(String groups) {
    if (groups == null || groups.isBlank()) {
      return ALL_CASES;
    }
    List<String> names = List.of(groups.split(","));
    List<Case> chosen = ALL_CASES.stream().filter(c -> names.contains(c.group())).toList();
    if (chosen.size() != names.size()) {
      throw new IllegalArgumentException(
          "FOGBANK_BENCH_CASES names a group that is not a case: " + groups);
    }
    return chosen;
  }

  private final Path dir;
  private final Path beforeDir;
  private final String prefix;
  private final String endpoint;
  private final byte[] consoleKey = "k".repeat(64).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private WebhookStandIn webhook;
  private final Path invoker;
  private final Path events;
  private final Map<String, String> env;
  private final AwsClientFactory aws;
  private final TemplateStore.StoredTemplate template;
  private int sequence;

  private ColdStartBench(Path dir, Path beforeDir, String prefix, String endpoint)
      throws IOException {
    this.dir = dir;
    this.beforeDir = beforeDir;
    this.prefix = prefix;
    this.endpoint = endpoint;
    this.invoker = ArtifactProcess.isolatedInvoker(Files.createTempDirectory("fogbank-invoker"));
    this.events = Files.createTempDirectory("fogbank-events");
    this.aws = AwsClientFactory.create(AwsSettings.of(REGION, URI.create(endpoint)));
    this.env = controlPlane(endpoint);
    this.template = new S3TemplateStore(aws.s3(), ARTIFACTS_BUCKET).put(fixture("template.yaml"));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 6 && args.length != 7) {
      System.err.println(
          "usage: ColdStartBench <artifacts dir> <jar prefix> <trivial jar> <endpoint> <runs>"
              + " <command> [<artifacts dir of an earlier build, measured without priming>]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    Path trivialJar = Path.of(args[2]);
    int runs = Integer.parseInt(args[4]);
    String command = args[5];
    String loadBefore = loadAverage();
    Path beforeDir = args.length == 7 ? Path.of(args[6]) : null;
    ColdStartBench bench = new ColdStartBench(dir, beforeDir, prefix, args[3]);
    Path health = resource("api-health.json");

    Map<String, List<Duration>> cold = new LinkedHashMap<>();
    Map<String, List<Duration>> primed = new LinkedHashMap<>();
    Map<String, List<Duration>> before = new LinkedHashMap<>();
    List<Duration> trivial = new ArrayList<>();
    List<Duration> trivialInvoke = new ArrayList<>();
    List<Duration> bare = new ArrayList<>();
    // Interleaved, so that a slow patch of the shared machine weighs on every case alike.
    for (int i = 0; i < runs; i++) {
      ArtifactProcess.Outcome t =
          bench.timed(trivialJar, TRIVIAL_HANDLER, "api", health, "\"ok\"", List.of());
      trivial.add(t.timeToResult());
      trivialInvoke.add(t.timing("invoke").orElseThrow());
      for (Case c : CASES) {
        cold.computeIfAbsent(c.group(), g -> new ArrayList<>())
            .add(bench.run(c, false, List.of()).timeToResult());
        primed
            .computeIfAbsent(c.group(), g -> new ArrayList<>())
            .add(bench.run(c, true, List.of()).timing("invoke").orElseThrow());
        if (beforeDir != null) {
          before
              .computeIfAbsent(c.group(), g -> new ArrayList<>())
              .add(bench.run(beforeDir, c, false, List.of()).timeToResult());
        }
      }
      bare.add(
          bench.timed(trivialJar, TRIVIAL_HANDLER, "plain", health, "\"ok\"", List.of())
              .timeToResult());
    }

    // Classes loaded: one more run per case with the class-loading log (not timed).
    List<String> log = List.of("-Xlog:class+load=info:stdout");
    Map<String, ClassCounts> classes = new LinkedHashMap<>();
    classes.put("trivial", ClassCounts.of(
        bench.timed(trivialJar, TRIVIAL_HANDLER, "api", health, "\"ok\"", log)));
    String classLogDir = System.getenv("FOGBANK_BENCH_CLASS_LOG");
    for (Case c : CASES) {
      ArtifactProcess.Outcome plain = bench.run(c, false, log);
      classes.put(c.group(), ClassCounts.of(plain));
      classes.put(c.group() + "+primed", ClassCounts.of(bench.run(c, true, log)));
      if (classLogDir != null) {
        // The class-loading log of the run without priming, to see what the path loads.
        Files.writeString(Path.of(classLogDir, c.group() + ".log"), plain.stdout());
        if (beforeDir != null) {
          Files.writeString(
              Path.of(classLogDir, c.group() + "-before.log"),
              bench.run(beforeDir, c, false, log).stdout());
        }
      }
    }

    Map<String, Long> sizes = new LinkedHashMap<>();
    for (ArtifactBudget budget : ArtifactBudget.values()) {
      sizes.put(budget.group(), Files.size(dir.resolve(prefix + "-" + budget.group() + ".jar")));
    }
    String load = "load average (1, 5, 15 min) " + loadBefore + " at start, " + loadAverage()
        + " at end, on " + Runtime.getRuntime().availableProcessors() + " cores";
    System.out.print(
        report(sizes, cold, primed, trivial, trivialInvoke, bare, classes, runs, command, load));
    if (beforeDir != null) {
      System.out.print(reportBefore(beforeDir, cold, before, trivial));
    }
    bench.aws.close();
    bench.webhook.close();
  }

  /** Classes loaded before the invoke (init, with priming if any) and during it. */
  record ClassCounts(long init, long invoke) {
    static ClassCounts of(ArtifactProcess.Outcome outcome) {
      long init = 0;
      long invoke = 0;
      boolean invoking = false;
      for (String line : outcome.stdout().lines().toList()) {
        if (line.startsWith(ArtifactInvoker.INIT_DONE)) {
          invoking = true;
        } else if (line.contains("[class,load]")) {
          if (invoking) {
            invoke++;
          } else {
            init++;
          }
        }
      }
      return new ClassCounts(init, invoke);
    }
  }

  private ArtifactProcess.Outcome run(Case c, boolean withPriming, List<String> flags) {
    return run(dir, c, withPriming, flags);
  }

  private ArtifactProcess.Outcome run(
      Path artifacts, Case c, boolean withPriming, List<String> flags) {
    Path event = event(c);
    return timed(
        artifacts.equals(dir) ? AFTER_TOOL_OPTIONS : null,
        artifacts.resolve(prefix + "-" + c.group() + ".jar"),
        c.handler(),
        c.kind() + (withPriming ? ArtifactInvoker.PRIMED_SUFFIX : ""),
        event,
        c.expected(),
        flags);
  }

  private ArtifactProcess.Outcome timed(
      Path jar, String handler, String kind, Path event, String expected, List<String> flags) {
    return timed(null, jar, handler, kind, event, expected, flags);
  }

  private ArtifactProcess.Outcome timed(
      String toolOptions,
      Path jar,
      String handler,
      String kind,
      Path event,
      String expected,
      List<String> flags) {
    Map<String, String> environment = env;
    if (toolOptions != null && !toolOptions.isBlank()) {
      // As the function's configuration would set it: Lambda takes JVM options from here only.
      environment = new HashMap<>(env);
      environment.put("JAVA_TOOL_OPTIONS", toolOptions);
    }
    ArtifactProcess.Outcome outcome =
        ArtifactProcess.run(jar, invoker, handler, kind, event, environment, TIMEOUT, flags);
    String result = outcome.result().orElse("");
    // A class-loading log names LinkageError and the like as it loads them: the timed runs,
    // without it, are the ones checked for missing classes.
    boolean missing = flags.isEmpty() && outcome.missingClass();
    if (outcome.exitCode() != 0 || !result.startsWith(expected) || missing) {
      System.err.println(handler + " from " + jar + " did not answer:\n" + outcome.transcript());
      System.exit(1);
    }
    return outcome;
  }

  /**
   * A fresh event for one run, so that every run takes the full path: a new stack (no lock
   * held, no change set, no earlier upload) and a new deployment.
   */
  private Path event(Case c) {
    int n = ++sequence;
    String stack = c.group().replace("steps-", "") + "-" + n;
    String deploymentId = String.format(Locale.ROOT, "d-20261121T220501-%012x", n);
    try {
      Path file = events.resolve(c.group() + "-" + n + ".json");
      switch (c.group()) {
        case "api" -> {
          return resource("api-post-deployment.json");
        }
        case "slack" -> {
          return resource("slack-notification.json");
        }
        case "events" -> {
          // A new event id each run: a redelivered one is only checked and dropped.
          ObjectNode event =
              (ObjectNode) Json.mapper().readTree(fixture("events-stack-status-change.json"));
          event.put("id", String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", n));
          Files.writeString(file, event.toString());
        }
        case "scans" -> {
          queueCostExplorerPage();
          return resource("scans-scheduled-event.json");
        }
        case "console" -> {
          // The stacks page with a session cookie signed by the function's key, as a browser
          // sends it after logging in.
          ObjectNode event = (ObjectNode) Json.mapper().readTree(fixture("console-page.json"));
          String session =
              new dev.fogbank.functions.console.ConsoleSessions(
                      consoleKey,
                      java.time.Clock.systemUTC(),
                      dev.fogbank.functions.console.ConsoleSessions.DEFAULT_TTL)
                  .issue("arn:aws:iam::123456789012:user/deployer");
          event
              .putArray("cookies")
              .add(dev.fogbank.functions.console.ConsoleSessions.COOKIE + "=" + session);
          Files.writeString(file, event.toString());
        }
        case "drop" -> {
          String key = "stacks/" + stack + "/template.yaml";
          aws.s3()
              .putObject(
                  r -> r.bucket(DROP_BUCKET).key(key), RequestBody.fromBytes(fixture("template.yaml")));
          ObjectNode event = (ObjectNode) Json.mapper().readTree(fixture("drop-object-created.json"));
          JsonNode record = event.path("Records").get(1);
          ((ObjectNode) record.path("s3").path("object"))
              .put("key", key)
              .put("sequencer", String.format(Locale.ROOT, "0055AED6DCD9%010X", n));
          event.putArray("Records").add(record);
          Files.writeString(file, event.toString());
        }
        default -> {
          ObjectNode input = (ObjectNode) Json.mapper().readTree(fixture("step-input.json"));
          input
              .put("deploymentId", deploymentId)
              .put("stackName", stack)
              .put("templateLocation", template.location())
              .put("templateSha256", template.sha256());
          DynamoDbDeploymentHistory.create(aws.dynamoDb(), TABLE)
              .append(
                  DeploymentRecord.requested(
                      deploymentId,
                      StackRef.of(ACCOUNT, REGION, stack),
                      DeploymentSource.API,
                      "arn:aws:iam::123456789012:user/deployer",
                      template.sha256(),
                      template.location(),
                      Map.of(),
                      Map.of(),
                      Instant.parse("2026-11-21T22:05:01Z")));
          Files.writeString(file, input.toString());
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One page of Cost Explorer results for the next cost scan, queued on moto: the stack web's cost
   * on one day.
   */
  private void queueCostExplorerPage() throws IOException {
    String results =
        """
        {"results": [{"ResultsByTime": [
          {"TimePeriod": {"Start": "2026-11-21", "End": "2026-11-22"}, "Estimated": false,
           "Total": {}, "Groups": [
             {"Keys": ["aws:cloudformation:stack-name$web"],
              "Metrics": {"UnblendedCost": {"Amount": "0.42", "Unit": "USD"}}}]}],
          "DimensionValueAttributes": []}]}
        """;
    try {
      java.net.http.HttpResponse<String> queued =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create(endpoint + "/moto-api/static/ce/cost-and-usage-results"))
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString(results))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (queued.statusCode() != 201) {
        throw new IOException("moto did not queue Cost Explorer results: " + queued.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The Slack webhook: a loopback server answering every POST with 200 ok, as Slack does. */
  private String startWebhook() throws IOException {
    webhook = new WebhookStandIn();
    return webhook.url("/services/T0/B0/bench").toString();
  }

  /** What the control-plane stack creates and hands every function, as LambdaArtifactIT does. */
  private Map<String, String> controlPlane(String endpoint) throws IOException {
    aws.dynamoDb().createTable(ControlTable.createRequest(TABLE));
    aws.s3().createBucket(r -> r.bucket(ARTIFACTS_BUCKET));
    aws.s3().createBucket(r -> r.bucket(DROP_BUCKET));
    String topicArn = aws.sns().createTopic(r -> r.name("fogbank-bench-events")).topicArn();
    String stateMachineArn =
        aws.sfn()
            .createStateMachine(
                r ->
                    r.name("fogbank-bench-deploy-" + System.nanoTime())
                        .roleArn("arn:aws:iam::" + ACCOUNT + ":role/fogbank-deploy")
                        .definition(DEPLOY_MACHINE))
            .stateMachineArn();
    DynamoDbPolicyStore.create(aws.dynamoDb(), TABLE)
        .write(
            AccessPolicy.fromJson(
                "{\"statements\": [{\"principal\": \"arn:aws:iam::123456789012:user/deployer\","
                    + " \"stacks\": [\"web\"], \"actions\": [\"read\", \"deploy\"]}]}"),
            "bench");
    String webhookUrl = startWebhook();
    String slackSecret =
        aws.secretsManager()
            .createSecret(r -> r.name("fogbank-bench/slack-webhook").secretString(webhookUrl))
            .arn();
    String consoleSecret =
        aws.secretsManager()
            .createSecret(
                r ->
                    r.name("fogbank-bench/console-session-key")
                        .secretString(new String(consoleKey, java.nio.charset.StandardCharsets.UTF_8)))
            .arn();
    // The console's stacks page lists this stack (the deployer may read web).
    DynamoDbDeploymentHistory.create(aws.dynamoDb(), TABLE)
        .append(
            DeploymentRecord.requested(
                "d-20261121T220501-00000000c0de",
                StackRef.of(ACCOUNT, REGION, "web"),
                DeploymentSource.API,
                "arn:aws:iam::123456789012:user/deployer",
                "ab".repeat(32),
                "s3://" + ARTIFACTS_BUCKET + "/templates/web.template",
                Map.of(),
                Map.of(),
                Instant.parse("2026-11-21T22:05:01Z")));
    Map<String, String> env = new HashMap<>();
    env.put(ControlPlaneEnvironment.SLACK_SECRET_ARN, slackSecret);
    env.put(ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN, consoleSecret);
    env.put("AWS_REGION", REGION);
    env.put("AWS_DEFAULT_REGION", REGION);
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_SESSION_TOKEN", "test");
    env.put("AWS_LAMBDA_FUNCTION_NAME", "fogbank-bench");
    env.put("TZ", "UTC");
    env.put(ControlPlaneEnvironment.ACCOUNT, ACCOUNT);
    env.put(ControlPlaneEnvironment.TABLE, TABLE);
    env.put(ControlPlaneEnvironment.ARTIFACTS_BUCKET, ARTIFACTS_BUCKET);
    env.put(ControlPlaneEnvironment.STATE_MACHINE_ARN, stateMachineArn);
    env.put(ControlPlaneEnvironment.TOPIC_ARN, topicArn);
    env.put(ControlPlaneEnvironment.AWS_ENDPOINT, endpoint);
    return env;
  }

  static String report(
      Map<String, Long> sizes,
      Map<String, List<Duration>> cold,
      Map<String, List<Duration>> primed,
      List<Duration> trivial,
      List<Duration> trivialInvoke,
      List<Duration> bare,
      Map<String, ClassCounts> classes,
      int runs,
      String command,
      String load) {
    StringBuilder md = new StringBuilder();
    md.append("## Lambda artifacts and cold start\n\n");
    md.append("| artifact | size (MB) | target (MB) | within |\n");
    md.append("| --- | ---: | ---: | --- |\n");
    sizes.forEach(
        (group, bytes) -> {
          ArtifactBudget budget = ArtifactBudget.of(group).orElseThrow();
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.2f | %.2f | %s |%n",
                  group,
                  bytes / 1_000_000.0,
                  budget.megabytes(),
                  bytes <= budget.bytes() ? "yes" : "no"));
        });
    double base = median(trivial);
    md.append(
        String.format(
            Locale.ROOT,
            "%nCold start on each group's heaviest common path, %d fresh JVMs per case."
                + " Baseline: a trivial handler (aws-lambda-java-core; Jackson reads the event as"
                + " the runtime does), JVM start to answer: median %.0f ms, p95 %.0f ms (its"
                + " first invoke alone: median %.1f ms); bare JVM floor, event not read: median"
                + " %.0f ms. Ratios are medians over the trivial handler's median; target ≤ %.1f×.%n%n",
            runs,
            base,
            p95(trivial),
            median(trivialInvoke),
            median(bare),
            RATIO_TARGET));
    md.append(
        "| group and path | without priming: JVM start to answer, median / p95 (ms) | ratio"
            + " | with priming: first invoke after init, median / p95 (ms) | ratio"
            + " | classes loaded: init + invoke (primed: init + invoke) |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Case c : CASES) {
      List<Duration> without = cold.get(c.group());
      List<Duration> with = primed.get(c.group());
      ClassCounts plain = classes.get(c.group());
      ClassCounts warm = classes.get(c.group() + "+primed");
      // A fixed wait by design (the drop's settle) is no start-up cost: out of the ratio.
      double wait = c.settle().toNanos() / 1_000_000.0;
      double ratioWithout = (median(without) - wait) / base;
      double ratioWith = (median(with) - wait) / base;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f / %.0f | %.2f× %s | %.0f / %.0f | %.2f× %s | %d + %d (%d + %d) |%n",
              c.label()
                  + (wait > 0
                      ? String.format(
                          Locale.ROOT, "; both times include its %.0f ms settle wait, left out"
                              + " of the ratios", wait)
                      : ""),
              median(without),
              p95(without),
              ratioWithout,
              ratioWithout <= RATIO_TARGET ? "(met)" : "(**not met**)",
              median(with),
              p95(with),
              ratioWith,
              ratioWith <= RATIO_TARGET ? "(met)" : "(**not met**)",
              plain.init(),
              plain.invoke(),
              warm.init(),
              warm.invoke()));
    }
    ClassCounts t = classes.get("trivial");
    md.append(
        String.format(
            Locale.ROOT,
            "| trivial handler (baseline) | %.0f / %.0f | 1.00× | – | – | %d + %d |%n",
            base,
            p95(trivial),
            t.init(),
            t.invoke()));
    md.append(
        "\nWithout priming: a fresh JVM per run, timed from process start to the answer read"
            + " (what a cold start costs without SnapStart). With priming: the local stand-in"
            + " for a SnapStart restore. The handler is built and the SnapStart hooks it"
            + " registered (`SnapStartPriming`, a CRaC `beforeCheckpoint`) run during init, as"
            + " Lambda runs them before it takes the snapshot; the first invoke is then timed"
            + " inside the JVM, from its start to its answer. **The restore itself (Lambda"
            + " loading the snapshot) is not measured locally**; a restored invoke pays it on top"
            + " of the figure shown. The priming builds the group's SDK clients, runs its JSON"
            + " paths and makes one read-only call (DynamoDB GetItem on a key no item has);"
            + " it writes nothing. Each run's event is fresh (new stack, new deployment), so"
            + " every run takes the full path.\n");
    md.append(
        "\nEach run is a fresh JVM with `"
            + String.join(" ", ArtifactProcess.LAMBDA_JVM_FLAGS)
            + "` (the java21 runtime's settings), only the jar and the invoker on its class path,"
            + " Java "
            + Runtime.version().feature()
            + ", against moto_server on loopback; all cases interleaved run by run. Classes"
            + " loaded: one more run per case with `-Xlog:class+load`, split at the end of init."
            + " p95: nearest rank. MB = 10^6 bytes. Machine: "
            + load
            + " (shared; the ratios, measured in the same run, are what count).\n");
    md.append("\nProduced by:\n\n```\n").append(command).append("\n```\n");
    return md.toString();
  }

  /**
   * Without priming, the jars of an earlier build (before) against this build's (after), both
   * interleaved in this run against the same trivial handler.
   */
  static String reportBefore(
      Path beforeDir,
      Map<String, List<Duration>> after,
      Map<String, List<Duration>> before,
      List<Duration> trivial) {
    double base = median(trivial);
    StringBuilder md = new StringBuilder();
    md.append(
        "\nWithout priming, the jars in `"
            + beforeDir
            + "` (before) and this build's (after), interleaved in the same run; ratios over"
            + " the same trivial handler's median:\n\n");
    md.append(
        "| group | before: median / p95 (ms) | ratio | after: median / p95 (ms) | ratio"
            + " | after / before |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Case c : CASES) {
      double wait = c.settle().toNanos() / 1_000_000.0;
      List<Duration> b = before.get(c.group());
      List<Duration> a = after.get(c.group());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f / %.0f | %.2f× | %.0f / %.0f | %.2f× | %.2f |%n",
              c.group(),
              median(b),
              p95(b),
              (median(b) - wait) / base,
              median(a),
              p95(a),
              (median(a) - wait) / base,
              (median(a) - wait) / (median(b) - wait)));
    }
    return md.toString();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT,
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean()
              .getSystemLoadAverage());
    }
  }

  static double median(List<Duration> runs) {
    List<Long> sorted = runs.stream().map(Duration::toNanos).sorted().toList();
    int n = sorted.size();
    double nanos =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return nanos / 1_000_000.0;
  }

  /** Nearest-rank 95th percentile, in ms. */
  static double p95(List<Duration> runs) {
    List<Long> sorted = runs.stream().map(Duration::toNanos).sorted().toList();
    int rank = (int) Math.ceil(0.95 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
  }

  private static byte[] fixture(String name) {
    try {
      return Files.readAllBytes(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
