package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.emulator.MotoServer;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Deployments through the local runtime against moto, beside the floor: the same CloudFormation
 * calls made directly with the AWS SDK on the same emulator in the same run. Prints one JSON line.
 *
 * <p>{@code overhead RUNS}: a no-change and a one-resource-change deployment, one at a time,
 * fogbank and the floor interleaved. {@code throughput WINDOWS STACKS CLIENTS WINDOW_SECONDS}:
 * CLIENTS callers each deploying its share of STACKS stacks again and again (no change), for
 * WINDOWS windows; then the floor with the same callers for as many windows.
 *
 * <p>Not a test: figures for scripts/bench (scripts/lib/bench-deploy.sh), no assertions on time.
 */
public final class DeploymentBenchmark {
  static final String TOKEN = "bench-token";
  static final CountingTable TABLE = new CountingTable();
  static final StepTimer STEPS = new StepTimer();

  /** ms from the POST to its 202 (the API's share), of the last deployment through fogbank. */
  private double lastAnswerMillis;
  /** nanoTime of the last POST through fogbank, and of the end it announced. */
  private long lastSentNanos;
  private long lastEndNanos;
  static EndedDeployments ENDS;
  /** The benchmark's own GET /deployments/{id} polls (each reads the table once). */
  static final java.util.concurrent.atomic.LongAdder POLLS =
      new java.util.concurrent.atomic.LongAdder();
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED");

  static String template(int visibilityTimeout) {
    return """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: fogbank deployment benchmark
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: %d
          Topic:
            Type: AWS::SNS::Topic
        """
        .formatted(visibilityTimeout);
  }

  private final LocalRuntimeClient client;
  private final CloudFormationClient cfn;
  private final SdkRequestCounter fogbankCalls;
  private final SdkRequestCounter floorCalls;

  DeploymentBenchmark(
      LocalRuntimeClient client,
      CloudFormationClient cfn,
      SdkRequestCounter fogbankCalls,
      SdkRequestCounter floorCalls) {
    this.client = client;
    this.cfn = cfn;
    this.fogbankCalls = fogbankCalls;
    this.floorCalls = floorCalls;
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "overhead";
    Path work = Files.createTempDirectory("fogbank-bench-deploy");
    ENDS = EndedDeployments.install();
    SdkRequestCounter fogbankCalls = new SdkRequestCounter();
    SdkRequestCounter floorCalls = new SdkRequestCounter();
    try (MotoServer moto = MotoServer.start(work.resolve("moto.log"))) {
      LocalConfig config =
          new LocalConfig(
              0,
              work.resolve("drop"),
              work.resolve("data"),
              moto.endpoint().toString(),
              "us-east-1",
              null,
              TOKEN,
              "123456789012",
              // As `fogbank local` runs (LocalCommand).
              DeploymentOptions.defaults().withLockWaitSeconds(600).withPolls(1, 1),
              25,
              10_000);
      try (LocalControlPlane plane =
              new LocalControlPlane(config, List.of(fogbankCalls), TABLE::wrap, STEPS);
          AwsClientFactory direct =
              AwsClientFactory.create(
                  AwsSettings.of("us-east-1", moto.endpoint()), List.of(floorCalls))) {
        URI api = plane.start();
        DeploymentBenchmark bench =
            new DeploymentBenchmark(
                new LocalRuntimeClient(api, TOKEN), direct.cloudFormation(), fogbankCalls,
                floorCalls);
        double[] hop =
            "overhead".equals(mode)
                ? guardHop(new LocalRuntimeClient(api, TOKEN),
                    new LocalRuntimeClient(plane.apiBehindGuard(), TOKEN))
                : null;
        ObjectNode out =
            switch (mode) {
              case "overhead" -> bench.overhead(Integer.parseInt(args[1]));
              case "throughput" ->
                  bench.throughput(
                      Integer.parseInt(args[1]),
                      Integer.parseInt(args[2]),
                      Integer.parseInt(args[3]),
                      Integer.parseInt(args[4]));
              default -> throw new IllegalArgumentException("mode: overhead | throughput");
            };
        if (hop != null) {
          out.put("api_get_via_guard_ms", hop[0]).put("api_get_direct_ms", hop[1]);
        }
        System.out.println(Json.mapper().writeValueAsString(out));
      }
    } finally {
      deleteQuietly(work);
    }
    System.exit(0);
  }

  // ---- overhead -------------------------------------------------------------------------

  ObjectNode overhead(int runs) {
    deployThroughFogbank("ovh-fog-nochange", template(30), "SUCCEEDED");
    deployThroughFogbank("ovh-fog-change", template(30), "SUCCEEDED");
    floorCreate("ovh-sdk-nochange", template(30));
    floorCreate("ovh-sdk-change", template(30));
    int warmup = warmupRuns(System.getProperty("fogbank.bench.warmup"), Math.min(10, runs));
    List<Double> fogNo = new ArrayList<>(), fogChange = new ArrayList<>();
    List<Double> sdkNo = new ArrayList<>(), sdkChange = new ArrayList<>();
    List<Double> tableNo = new ArrayList<>(), tableChange = new ArrayList<>();
    Map<String, Long> fogNoCalls = null, fogChangeCalls = null;
    Map<String, Long> sdkNoCalls = null, sdkChangeCalls = null;
    Map<String, Long> fogNoCallers = null;
    Map<String, Double> tableMillis = new java.util.TreeMap<>();
    Map<String, Double> stepMillisNo = new java.util.TreeMap<>();
    Map<String, Long> changeInvocations = null;
    Map<String, Double> stepMillisChange = new java.util.TreeMap<>();
    double answerMillisNo = 0, answerMillisChange = 0;
    Map<String, double[]> timelineNo = new java.util.LinkedHashMap<>();
    Map<String, double[]> timelineChange = new java.util.LinkedHashMap<>();
    for (int i = 0; i < warmup + runs; i++) {
      boolean measured = i >= warmup;
      int visibility = 31 + (i % 2); // differs from the last run's, so each is a change
      fogbankCalls.reset();
      TABLE.reset();
      STEPS.reset();
      POLLS.reset();
      double a = deployThroughFogbank("ovh-fog-nochange", template(30), "NO_CHANGES");
      long polls = POLLS.sum();
      if (measured) {
        STEPS.millis().forEach((k, v) -> stepMillisNo.merge(k, v / runs, Double::sum));
        addTimeline(timelineNo, runs);
        answerMillisNo += lastAnswerMillis / runs;
      }
      fogNoCalls = fogbankCalls.snapshot();
      fogNoCalls.putAll(TABLE.snapshot());
      fogNoCalls.put("bench:GET /deployments/{id} polls (1 GetItem each)", polls);
      fogNoCallers = TABLE.callers();
      if (measured) {
        TABLE.millis().forEach((k, v) -> tableMillis.merge(k, v / runs, Double::sum));
      }
      floorCalls.reset();
      double b = floorDeploy("ovh-sdk-nochange", template(30), false);
      sdkNoCalls = floorCalls.snapshot();
      double bt = bookkeepingFloor("ovh-sdk-nochange", template(30), false, i);
      fogbankCalls.reset();
      TABLE.reset();
      STEPS.reset();
      POLLS.reset();
      double c = deployThroughFogbank("ovh-fog-change", template(visibility), "SUCCEEDED");
      long pollsChange = POLLS.sum();
      if (measured) {
        STEPS.millis().forEach((k, v) -> stepMillisChange.merge(k, v / runs, Double::sum));
        addTimeline(timelineChange, runs);
        answerMillisChange += lastAnswerMillis / runs;
      }
      fogChangeCalls = fogbankCalls.snapshot();
      fogChangeCalls.putAll(TABLE.snapshot());
      fogChangeCalls.put("bench:GET /deployments/{id} polls (1 GetItem each)", pollsChange);
      changeInvocations = STEPS.invocations();
      floorCalls.reset();
      double d = floorDeploy("ovh-sdk-change", template(visibility), true);
      sdkChangeCalls = floorCalls.snapshot();
      double dt = bookkeepingFloor("ovh-sdk-change", template(visibility + 2), true, i);
      if (measured) {
        fogNo.add(a);
        sdkNo.add(b);
        fogChange.add(c);
        sdkChange.add(d);
        tableNo.add(bt);
        tableChange.add(dt);
      }
    }
    // What one GET /deployments/{id} (the benchmark's poll) reads from the table.
    String anyId = client.get("/stacks/ovh-fog-change/deployments").body()
        .path("items").get(0).path("deploymentId").asText();
    TABLE.reset();
    client.get("/deployments/" + anyId);
    Map<String, Long> perPoll = TABLE.snapshot();
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("runs", runs).put("warmup", warmup);
    out.set("table_per_poll", Json.mapper().valueToTree(perPoll));
    out.set("fogbank_change_invocations", Json.mapper().valueToTree(changeInvocations));
    out.set("fogbank_nochange", stats(fogNo));
    out.set("floor_nochange", stats(sdkNo));
    out.set("fogbank_change", stats(fogChange));
    out.set("floor_change", stats(sdkChange));
    out.set("floor_table_nochange", stats(tableNo));
    out.set("floor_table_change", stats(tableChange));
    out.set("fogbank_nochange_step_ms", Json.mapper().valueToTree(stepMillisNo));
    out.set("fogbank_change_step_ms", Json.mapper().valueToTree(stepMillisChange));
    out.set("fogbank_nochange_timeline_ms", Json.mapper().valueToTree(timelineNo));
    out.set("fogbank_change_timeline_ms", Json.mapper().valueToTree(timelineChange));
    out.put("fogbank_nochange_answer_ms", answerMillisNo);
    out.put("fogbank_change_answer_ms", answerMillisChange);
    out.set("fogbank_nochange_table_ms", Json.mapper().valueToTree(tableMillis));
    out.set("fogbank_nochange_calls", Json.mapper().valueToTree(fogNoCalls));
    out.set("fogbank_nochange_table_callers", Json.mapper().valueToTree(fogNoCallers));
    out.set("floor_nochange_calls", Json.mapper().valueToTree(sdkNoCalls));
    out.set("fogbank_change_calls", Json.mapper().valueToTree(fogChangeCalls));
    out.set("floor_change_calls", Json.mapper().valueToTree(sdkChangeCalls));
    return out;
  }

  /**
   * Median ms of GET /health through the request-line guard and straight to the JDK server behind
   * it, interleaved (50 warm-up pairs, then 200): the guard's loopback hop is the difference.
   */
  static double[] guardHop(LocalRuntimeClient viaGuard, LocalRuntimeClient direct) {
    List<Double> guarded = new ArrayList<>(), straight = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      long t0 = System.nanoTime();
      viaGuard.get("/health");
      long t1 = System.nanoTime();
      direct.get("/health");
      long t2 = System.nanoTime();
      if (i >= 50) {
        guarded.add((t1 - t0) / 1e6);
        straight.add((t2 - t1) / 1e6);
      }
    }
    java.util.Collections.sort(guarded);
    java.util.Collections.sort(straight);
    return new double[] {guarded.get(guarded.size() / 2), straight.get(straight.size() / 2)};
  }

  /**
   * POST /deployments, then wait for the runtime's announcement that it ended (no polling); ms
   * from the POST to the announced end (the Notify step, after the lock's release).
   */
  double deployThroughFogbank(String stack, String templateBody, String expected) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack).put("templateBody", templateBody);
    Instant sent = Instant.now();
    lastSentNanos = System.nanoTime();
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    lastAnswerMillis = Duration.between(sent, Instant.now()).toNanos() / 1e6;
    if (a.status() != 202) {
      throw new IllegalStateException("POST /deployments answered " + a.status() + ": " + a.body());
    }
    String id = a.body().path("deploymentId").asText();
    EndedDeployments.Ended ended;
    try {
      ended = ENDS.of(id).get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("deployment " + id + " of " + stack + " did not end: " + e);
    }
    if (!ended.event().equals("deployment_" + expected.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalStateException(stack + " ended " + ended + ": " + awaitEnd(id, 50));
    }
    lastEndNanos = ended.seenNanos();
    return Duration.between(sent, ended.at()).toNanos() / 1e6;
  }

  /** Adds the last deployment's timeline (ms after its POST), divided by runs, into a sum. */
  private void addTimeline(Map<String, double[]> sum, int runs) {
    Map<String, double[]> t = new java.util.LinkedHashMap<>();
    t.put("answered", new double[] {lastAnswerMillis, lastAnswerMillis});
    t.putAll(STEPS.timeline(lastSentNanos));
    double end = (lastEndNanos - lastSentNanos) / 1e6;
    t.put("end seen", new double[] {end, end});
    t.forEach((k, v) -> sum.merge(k, new double[] {v[0] / runs, v[1] / runs},
        (x, y) -> new double[] {x[0] + y[0], x[1] + y[1]}));
  }

  JsonNode awaitEnd(String deploymentId, long pollMillis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      LocalRuntimeClient.Answer a = client.get("/deployments/" + deploymentId);
      POLLS.increment();
      if (a.status() == 200 && ENDED.contains(a.body().path("status").asText())) {
        return a.body();
      }
      LocalRuntimeClient.sleep(pollMillis);
    }
    throw new IllegalStateException("deployment " + deploymentId + " did not end in 120 s");
  }

  private void floorCreate(String stack, String templateBody) {
    floorRun(stack, templateBody, ChangeSetType.CREATE, true);
  }

  /**
   * The calls a careful direct caller makes for one deployment: DescribeStacks (create or
   * update?), CreateChangeSet, DescribeChangeSet until it settles, then ExecuteChangeSet and
   * DescribeStacks until the stack settles, or DeleteChangeSet when it holds no change.
   */
  double floorDeploy(String stack, String templateBody, boolean expectChange) {
    long t0 = System.nanoTime();
    cfn.describeStacks(r -> r.stackName(stack));
    boolean changed = floorRun(stack, templateBody, ChangeSetType.UPDATE, expectChange);
    if (changed != expectChange) {
      throw new IllegalStateException(stack + ": the floor expected change=" + expectChange);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** -Dfogbank.bench.warmup: a whole number of warm-up rounds, or the default when unset. */
  static int warmupRuns(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "-Dfogbank.bench.warmup must be a whole number of warm-up rounds (0 or more), was '"
            + value + "'");
  }

  /**
   * The floor plus the control-table requests a fogbank deployment makes (9 for no change, as
   * counted above: the policy read, the append's transaction of record, id claim and stack index;
   * the lock put, QUEUED -> RUNNING and its index update; the end and its index update, the lock's
   * release; the announcement's claim), made directly with the SDK on the same DynamoDB Local, in
   * the same order around the same CloudFormation calls, with conditions of the same kind, on
   * items of their own. No HTTP, no engine, no JSON of fogbank's: the least any design that keeps
   * those writes could take. {@code n} keeps each run's items apart.
   */
  double bookkeepingFloor(String stack, String templateBody, boolean expectChange, int n) {
    DynamoDbClient table = TABLE.delegate;
    String t = ControlPlaneNames.TABLE;
    String pk = "BENCHFLOOR#" + stack;
    String id = "bench-" + n + "-" + System.nanoTime();
    Map<String, AttributeValue> recordKey = Map.of("pk", s(pk), "sk", s("DEPLOY#" + id));
    Map<String, AttributeValue> indexKey = Map.of("pk", s(pk), "sk", s("INDEX"));
    Map<String, AttributeValue> lockKey = Map.of("pk", s(pk), "sk", s("LOCK"));
    long t0 = System.nanoTime();
    table.getItem(r -> r.tableName(t).key(Map.of("pk", s("BENCHFLOOR"), "sk", s("POLICY")))
        .consistentRead(true));
    Map<String, AttributeValue> record = new java.util.HashMap<>(recordKey);
    record.putAll(Map.of("deploymentId", s(id), "status", s("QUEUED"), "source", s("api"),
        "requester", s("bench"), "requestedAt", s(java.time.Instant.now().toString()),
        "templateLocation", s("local-template:" + "0".repeat(64)), "templateSha256",
        s("0".repeat(64))));
    table.transactWriteItems(r -> r.transactItems(
        TransactWriteItem.builder().put(p -> p.tableName(t).item(record)
            .conditionExpression("attribute_not_exists(pk)")).build(),
        TransactWriteItem.builder().put(p -> p.tableName(t)
            .item(Map.of("pk", s("BENCHFLOOR#ID#" + id), "sk", s("CLAIM"), "recordSk",
                s("DEPLOY#" + id)))
            .conditionExpression("attribute_not_exists(pk)")).build(),
        TransactWriteItem.builder().update(u -> u.tableName(t).key(indexKey)
            .updateExpression("SET #id = :id, #status = :status")
            .expressionAttributeNames(Map.of("#id", "deploymentId", "#status", "status"))
            .expressionAttributeValues(Map.of(":id", s(id), ":status", s("QUEUED")))).build()));
    long now = System.currentTimeMillis();
    table.putItem(r -> r.tableName(t)
        .item(Map.of("pk", s(pk), "sk", s("LOCK"), "deploymentId", s(id), "expiresAtMillis",
            AttributeValue.fromN(Long.toString(now + 600_000))))
        .conditionExpression("attribute_not_exists(pk) OR expiresAtMillis < :now"
            + " OR deploymentId = :id")
        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
            ":id", s(id))));
    transition(table, recordKey, indexKey, id, "QUEUED", "RUNNING");
    cfn.describeStacks(r -> r.stackName(stack));
    boolean changed = floorRun(stack, templateBody, ChangeSetType.UPDATE, expectChange);
    if (changed != expectChange) {
      throw new IllegalStateException(stack + ": the floor expected change=" + expectChange);
    }
    transition(table, recordKey, indexKey, id, "RUNNING", changed ? "SUCCEEDED" : "NO_CHANGES");
    table.deleteItem(r -> r.tableName(t).key(lockKey).conditionExpression("deploymentId = :id")
        .expressionAttributeValues(Map.of(":id", s(id))));
    table.putItem(r -> r.tableName(t)
        .item(Map.of("pk", s("BENCHFLOOR#NOTIFY#" + id), "sk", s("CLAIM")))
        .conditionExpression("attribute_not_exists(pk)"));
    return (System.nanoTime() - t0) / 1e6;
  }

  /** A record's conditional status change (returning it whole) and its index's, one after the other. */
  private static void transition(DynamoDbClient table, Map<String, AttributeValue> recordKey,
      Map<String, AttributeValue> indexKey, String id, String from, String to) {
    table.updateItem(r -> r.tableName(ControlPlaneNames.TABLE).key(recordKey)
        .updateExpression("SET #status = :to")
        .conditionExpression("attribute_exists(pk) AND #status = :from")
        .expressionAttributeNames(Map.of("#status", "status"))
        .expressionAttributeValues(Map.of(":to", s(to), ":from", s(from)))
        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW));
    table.updateItem(r -> r.tableName(ControlPlaneNames.TABLE).key(indexKey)
        .updateExpression("SET #status = :to")
        .conditionExpression("#id = :id")
        .expressionAttributeNames(Map.of("#status", "status", "#id", "deploymentId"))
        .expressionAttributeValues(Map.of(":to", s(to), ":id", s(id))));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private boolean floorRun(String stack, String body, ChangeSetType type, boolean expectChange) {
    String name = "floor-" + System.nanoTime();
    String id =
        cfn.createChangeSet(
                r ->
                    r.stackName(stack)
                        .changeSetName(name)
                        .changeSetType(type)
                        .templateBody(body))
            .id();
    DescribeChangeSetResponse cs =
        poll(
            () -> cfn.describeChangeSet(r -> r.changeSetName(id)),
            d ->
                d.status() == ChangeSetStatus.CREATE_COMPLETE
                    || d.status() == ChangeSetStatus.FAILED);
    if (cs.status() == ChangeSetStatus.FAILED) {
      cfn.deleteChangeSet(r -> r.changeSetName(id));
      return false;
    }
    cfn.executeChangeSet(r -> r.changeSetName(id));
    poll(
        () -> cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString(),
        s -> s.endsWith("_COMPLETE") || s.endsWith("_FAILED"));
    return true;
  }

  /** Polls at once, then every 20 ms (the emulator answers in milliseconds). */
  private static <T> T poll(Supplier<T> call, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      T answer = call.get();
      if (done.test(answer)) {
        return answer;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("did not settle: " + answer);
      }
      LocalRuntimeClient.sleep(20);
    }
  }

  // ---- throughput -----------------------------------------------------------------------

  ObjectNode throughput(int windows, int stacks, int clients, int windowSeconds) throws Exception {
    List<String> fogStacks = new ArrayList<>(), sdkStacks = new ArrayList<>();
    for (int i = 0; i < stacks; i++) {
      fogStacks.add("tp-fog-" + i);
      sdkStacks.add("tp-sdk-" + i);
    }
    // Created in parallel, as the load will run.
    runClients(
        clients, fogStacks, 1, s -> deployThroughFogbank(s, template(30), "SUCCEEDED"), null);
    runClients(clients, sdkStacks, 1, s -> { floorCreate(s, template(30)); return 0; }, null);
    fogbankCalls.reset();
    floorCalls.reset();
    TABLE.reset();
    Load fog =
        load(windows, windowSeconds, clients, fogStacks,
            s -> deployThroughFogbank(s, template(30), "NO_CHANGES"));
    Map<String, Long> fogCalls = fogbankCalls.snapshot();
    fogCalls.putAll(TABLE.snapshot());
    Load sdk =
        load(windows, windowSeconds, clients, sdkStacks,
            s -> floorDeploy(s, template(30), false));
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("windows", windows).put("window_seconds", windowSeconds)
        .put("stacks", stacks).put("clients", clients)
        .put("cores", Runtime.getRuntime().availableProcessors());
    out.set("fogbank", fog.json());
    out.set("floor", sdk.json());
    out.set("fogbank_calls", Json.mapper().valueToTree(fogCalls));
    out.put("fogbank_deployments", fog.total);
    out.set("floor_calls", Json.mapper().valueToTree(floorCalls.snapshot()));
    out.put("floor_deployments", sdk.total);
    return out;
  }

  interface Deploy {
    double run(String stack) throws Exception;
  }

  record Load(List<Double> perMinute, List<Double> latencies, long total) {
    ObjectNode json() {
      ObjectNode o = Json.mapper().createObjectNode();
      o.set("per_minute", stats(perMinute));
      o.set("latency_ms", stats(latencies));
      o.put("total", total);
      return o;
    }
  }

  /**
   * {@code clients} callers, each deploying its own stacks in turn without pause; counts the
   * deployments ended in each window (after one warm-up window).
   */
  private Load load(int windows, int windowSeconds, int clients, List<String> stacks, Deploy d)
      throws Exception {
    ConcurrentLinkedQueue<long[]> ends = new ConcurrentLinkedQueue<>(); // {endNanos}
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    long warmEnd = start + TimeUnit.SECONDS.toNanos(windowSeconds);
    long end = warmEnd + TimeUnit.SECONDS.toNanos((long) windows * windowSeconds);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      List<String> mine = new ArrayList<>();
      for (int i = c; i < stacks.size(); i += clients) {
        mine.add(stacks.get(i));
      }
      futures.add(
          pool.submit(
              () -> {
                int n = 0;
                while (!stop.get() && System.nanoTime() < end) {
                  double ms = d.run(mine.get(n++ % mine.size()));
                  long now = System.nanoTime();
                  if (now > warmEnd && now <= end) {
                    ends.add(new long[] {now});
                    latencies.add(ms);
                  }
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : futures) {
        f.get(windows * (long) windowSeconds + 300, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    long[] perWindow = new long[windows];
    for (long[] e : ends) {
      int w = (int) ((e[0] - warmEnd) / TimeUnit.SECONDS.toNanos(windowSeconds));
      perWindow[Math.min(w, windows - 1)]++;
    }
    List<Double> rates = new ArrayList<>();
    for (long count : perWindow) {
      rates.add(count * 60.0 / windowSeconds);
    }
    return new Load(rates, new ArrayList<>(latencies), ends.size());
  }

  private static void runClients(
      int clients, List<String> stacks, int rounds, Deploy d, Object unused) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Double>> fs = new ArrayList<>();
      for (String s : stacks) {
        fs.add(pool.submit(() -> d.run(s)));
      }
      for (Future<Double> f : fs) {
        f.get(300, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- statistics -----------------------------------------------------------------------

  static ObjectNode stats(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("n", sorted.size());
    o.put("p50", percentile(sorted, 50));
    o.put("p95", percentile(sorted, 95));
    o.put("p5", percentile(sorted, 5));
    o.put("min", sorted.isEmpty() ? 0 : sorted.get(0));
    o.put("max", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    ArrayNode all = o.putArray("values");
    if (sorted.size() <= 40) {
      values.forEach(all::add);
    }
    return o;
  }

  static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    double k = (sorted.size() - 1) * p / 100.0;
    int lo = (int) Math.floor(k), hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (k - lo);
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temp dir
    }
  }
}
