package dev.fogbank.functions.console;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftStatus;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * scripts/lib/bench-console.sh: server time of each console page (request in, HTML out, through
 * the real history, lock store and stack overview on DynamoDB Local) with 1,000 stacks and 10,000
 * deployments (ten per stack, each with a reviewed change set; every tenth stack locked). Prints
 * one JSON line: p50 and p95 per page.
 *
 * <p>Usage: ConsoleBenchmark RUNS
 */
public final class ConsoleBenchmark {
  /** Stacks loaded: the second argument, default 200 (1,000 took 100 s to load on 2 cores). */
  static int STACKS = 200;

  static final int PER_STACK = 10;
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final String TOKEN = "bench-token-0123456789";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    STACKS = args.length > 1 ? Integer.parseInt(args[1]) : STACKS;
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
    DynamoDbClient dynamoDb = local.dynamoDbClient();
    dynamoDb.createTable(ControlTable.createRequest("bench"));
    Clock clock = Clock.systemUTC();
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, "bench");
    DynamoDbLockStore locks = new DynamoDbLockStore(dynamoDb, "bench", clock);
    long loadStart = System.nanoTime();
    MemoryTemplates templates = new MemoryTemplates();
    load(history, locks, templates);
    DynamoDbDriftRecords drift = new DynamoDbDriftRecords(dynamoDb, "bench");
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, "bench", clock);
    CostReports costs = new CostReports(ledger, ACCOUNT, REGION, clock);
    loadInsights(drift, ledger, costs.lastCompleteDay());
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

    DynamoDbStackSummaries stacks =
        new DynamoDbStackSummaries(dynamoDb, "bench", ACCOUNT, REGION, clock);
    Console console =
        new Console(
            new Console.Services(
                () -> history, () -> locks, () -> stacks, () -> null, () -> null, () -> templates,
                ACCOUNT, REGION),
            ConsoleSessions.withRandomKey(clock),
            token -> TOKEN.equals(token) ? Optional.of("bench") : Optional.empty(),
            Authorizer.of(
                () -> new DynamoDbPolicyStore(dynamoDb, "bench", clock),
                Map.of("bench", List.of(Grant.admin()))),
            clock)
            .withInsights(() -> drift, () -> costs);
    ConsoleResponse login =
        console.handle(new ConsoleRequest("POST", "/console/session", Map.of(), Map.of(),
            "token=" + TOKEN, false));
    String cookie = login.cookies().get(0);
    Map<String, String> headers = Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')));
    String stack = name(STACKS / 2);
    String deployment = id(STACKS / 2, PER_STACK - 1);

    Map<String, Supplier<ConsoleRequest>> pages = new java.util.LinkedHashMap<>();
    // Floors, measured in the same run: a page with no reads (the login form, rendered), and a
    // session-checked page whose one read is a single DynamoDB GetItem (an unknown deployment's
    // 404). The pages below are these plus their own reads.
    pages.put("floor_login", () -> get("/console/login", Map.of(), Map.of()));
    pages.put("floor_one_read", () -> get("/console/deployments/no-such", Map.of(), headers));
    pages.put("stacks", () -> get("/console/stacks", Map.of(), headers));
    pages.put("stacks_refresh", () -> get("/console/stacks", Map.of("fragment", "table"), headers));
    // The second page, from the first page's "Next page" link (its signed position token).
    String firstPage =
        new String(console.handle(get("/console/stacks", Map.of(), headers)).body(),
            java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher nextLink =
        java.util.regex.Pattern.compile("id=\"stacks-next\" href=\"[^\"]*?[?;&]page=([^\"&]+)")
            .matcher(firstPage);
    if (!nextLink.find()) {
      throw new IllegalStateException("the stacks page has no next-page link");
    }
    String nextToken = java.net.URLDecoder.decode(nextLink.group(1),
        java.nio.charset.StandardCharsets.UTF_8);
    pages.put("stacks_next", () -> get("/console/stacks", Map.of("page", nextToken), headers));
    pages.put("stacks_filtered", () ->
        get("/console/stacks", Map.of("name", "app-01*", "status", "SUCCEEDED"), headers));
    // The worst case of a filter: no literal start (a substring) and few matches (20 of 1,000),
    // so the page reads the whole index to find them.
    pages.put("stacks_filtered_sparse", () ->
        get("/console/stacks", Map.of("name", "99"), headers));
    pages.put("stack", () -> get("/console/stacks/" + stack, Map.of(), headers));
    pages.put("deployment", () -> get("/console/deployments/" + deployment, Map.of(), headers));
    pages.put("deployment_live", () ->
        get("/console/deployments/" + deployment, Map.of("fragment", "live"), headers));

    StringBuilder json = new StringBuilder("{");
    json.append(String.format(Locale.ROOT, "\"stack_count\":%d,\"deployments\":%d,\"load_s\":%.1f",
        STACKS, STACKS * PER_STACK, loadSeconds));
    for (var page : pages.entrySet()) {
      List<Double> times = new ArrayList<>();
      int bytes = 0;
      for (int i = 0; i < 10 + runs; i++) {
        ConsoleRequest request = page.getValue().get();
        long t0 = System.nanoTime();
        ConsoleResponse response = console.handle(request);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.status() != (page.getKey().equals("floor_one_read") ? 404 : 200)) {
          throw new IllegalStateException(page.getKey() + " answered " + response.status());
        }
        bytes = response.body().length;
        if (i >= 10) {
          times.add(ms);
        }
      }
      Collections.sort(times);
      json.append(String.format(Locale.ROOT, ",\"%s\":{\"p50\":%.1f,\"p95\":%.1f,\"bytes\":%d}",
          page.getKey(), percentile(times, 50), percentile(times, 95), bytes));
    }
    // The split: the stacks page's reads alone (DynamoDB Local), and rendering alone.
    List<Double> query = new ArrayList<>();
    List<Double> count = new ArrayList<>();
    List<Double> whole = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    List<Double> policy = new ArrayList<>();
    List<Double> lockBatch = new ArrayList<>();
    List<Double> monthToDate = new ArrayList<>();
    List<Double> driftPage = new ArrayList<>();
    List<Double> filteredWindow = new ArrayList<>();
    Authorizer authorizer =
        Authorizer.of(
            () -> new DynamoDbPolicyStore(dynamoDb, "bench", clock),
            Map.of("bench", List.of(Grant.admin())));
    ConsoleViews views = new ConsoleViews(clock);
    StackPages stackPages =
        new StackPages(dev.fogbank.shared.paging.PageTokens.ephemeral());
    var session = new ConsoleSessions.Session("bench", Instant.now().plusSeconds(600), "x");
    for (int i = 0; i < 10 + runs; i++) {
      long t0 = System.nanoTime();
      var window = StackPages.window(stacks, StackPages.Position.FIRST);
      long t1 = System.nanoTime();
      int total = stacks.count();
      long t1b = System.nanoTime();
      stacks.list();
      long t1c = System.nanoTime();
      var slice = stackPages.indexed(window, total, "", "");
      var some = stacks.withLocks(slice.shown());
      long t2 = System.nanoTime();
      views.stacks(
          session, "csrf", slice, "", "",
          x -> new ConsoleViews.PageReads(some, Map.of(), Map.of()), null);
      long t3 = System.nanoTime();
      authorizer.caller("bench");
      long t4 = System.nanoTime();
      var shown = slice.shown();
      costs.monthToDate(shown.stream().map(x -> x.stack().name()).toList());
      long t5 = System.nanoTime();
      drift.latest(shown.stream().map(x -> x.stack()).toList());
      long t6 = System.nanoTime();
      // The filtered page's read: the key ranges of its prefix, until a page and one more match.
      StackPages.window(stacks, ConsoleViews.literalPrefix("app-01*"), StackPages.Position.FIRST,
          new StackPages.Keep(x -> true, "app-01*", "SUCCEEDED"));
      long t7 = System.nanoTime();
      if (i >= 10) {
        filteredWindow.add((t7 - t6) / 1e6);
        query.add((t1 - t0) / 1e6);
        count.add((t1b - t1) / 1e6);
        whole.add((t1c - t1b) / 1e6);
        lockBatch.add((t2 - t1c) / 1e6);
        render.add((t3 - t2) / 1e6);
        policy.add((t4 - t3) / 1e6);
        monthToDate.add((t5 - t4) / 1e6);
        driftPage.add((t6 - t5) / 1e6);
      }
    }
    Map<String, List<Double>> split = new java.util.LinkedHashMap<>();
    split.put("index_page", query);
    split.put("index_count", count);
    split.put("index_all", whole);
    split.put("stacks_render", render);
    split.put("lock_batch", lockBatch);
    split.put("policy_read", policy);
    split.put("month_to_date_batch", monthToDate);
    split.put("drift_latest_batch", driftPage);
    split.put("filtered_window", filteredWindow);
    for (var e : split.entrySet()) {
      Collections.sort(e.getValue());
      json.append(String.format(Locale.ROOT, ",\"%s\":{\"p50\":%.1f,\"p95\":%.1f}",
          e.getKey(), percentile(e.getValue(), 50), percentile(e.getValue(), 95)));
    }
    System.out.println(json.append("}"));
    local.shutdown();
    System.exit(0);
  }

  private static ConsoleRequest get(
      String path, Map<String, String> query, Map<String, String> headers) {
    return new ConsoleRequest("GET", path, query, headers, null, false);
  }

  /** 1,000 stacks of 10 deployments, written by 16 threads; every tenth stack locked. */
  private static void load(
      DynamoDbDeploymentHistory history, DynamoDbLockStore locks, MemoryTemplates templates)
      throws Exception {
    ReviewReport review =
        new ReviewReport(
            Severity.HIGH, 3, Map.of("Modify", 2, "Add", 1), Map.of(Severity.HIGH, 1),
            List.of(
                new ReviewedChange("Modify", "Db", "AWS::RDS::DBInstance", Replacement.TRUE,
                    "Static", List.of(), Severity.HIGH, "replaces the database"),
                new ReviewedChange("Modify", "Fn", "AWS::Lambda::Function", Replacement.FALSE,
                    "Static", List.of(), Severity.LOW, "updated in place"),
                new ReviewedChange("Add", "Queue", "AWS::SQS::Queue", Replacement.FALSE,
                    "Static", List.of(), Severity.LOW, "new resource")),
            List.of(), List.of(), false, List.of(), List.of("a note"), "auto-below-high", true);
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < STACKS; s++) {
        int stack = s;
        done.add(pool.submit(() -> {
          StackRef ref = StackRef.of(ACCOUNT, REGION, name(stack));
          for (int d = 0; d < PER_STACK; d++) {
            Instant at = t0.plusSeconds(stack * 60L + d * 3_600L);
            // Each deployment changes the template, so the deployment page diffs two of them.
            var stored = templates.put(template(stack, d));
            history.append(DeploymentRecord.requested(id(stack, d), ref, DeploymentSource.API,
                "arn:aws:iam::123456789012:user/dev", stored.sha256(), stored.location(),
                Map.of("Env", "prod"), Map.of("team", "platform"), at));
            history.transition(id(stack, d), StatusChange.running(at.plusSeconds(1)));
            history.transition(id(stack, d),
                StatusChange.awaitingApproval(at.plusSeconds(2), review, "t"));
            history.transition(id(stack, d),
                StatusChange.succeeded(at.plusSeconds(30), new ChangeSummary(1, 2, 0)));
          }
          if (stack % 10 == 0) {
            locks.acquire(ref, "manual/ops", "manual/ops", Duration.ofHours(2), "freeze");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  /** Every stack's newest drift record (every seventh DRIFTED) and its month-to-date cost. */
  private static void loadInsights(
      DynamoDbDriftRecords drift, DynamoDbCostLedger ledger, java.time.LocalDate through)
      throws Exception {
    List<StackMonthCost> month = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < STACKS; s++) {
        StackRef ref = StackRef.of(ACCOUNT, REGION, name(s));
        boolean drifted = s % 7 == 0;
        month.add(new StackMonthCost(ref, java.time.YearMonth.from(through), through,
            java.math.BigDecimal.valueOf(s * 13L % 5000, 2), "USD"));
        done.add(pool.submit(() -> {
          drift.record(new DriftReport(ref, Instant.parse("2026-11-30T06:00:00Z"),
              drifted ? DriftStatus.DRIFTED : DriftStatus.IN_SYNC, drifted ? 1 : 0, List.of(),
              "det", null, false));
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    ledger.recordMonthToDate(month);
  }

  /** A 60-resource template whose deployment {@code d} changes two of them. */
  static byte[] template(int stack, int d) {
    StringBuilder t = new StringBuilder("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
    for (int r = 0; r < 60; r++) {
      t.append("  Queue").append(r).append(":\n    Type: AWS::SQS::Queue\n    Properties:\n")
          .append("      QueueName: app-").append(stack).append('-').append(r).append('\n')
          .append("      VisibilityTimeout: ")
          .append(r == d || r == d + 30 ? 30 + d : 30).append('\n');
    }
    return t.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The artifacts bucket, in memory: content-addressed by sha256 as S3TemplateStore is. */
  static final class MemoryTemplates implements dev.fogbank.shared.template.TemplateStore {
    private final Map<String, byte[]> bodies = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public StoredTemplate put(byte[] body) {
      String sha256 = dev.fogbank.shared.digest.Sha256.hex(body);
      bodies.put(sha256, body.clone());
      return new StoredTemplate(sha256, "memory:" + sha256, null);
    }

    @Override
    public byte[] get(String location) {
      return bodies.get(location.substring("memory:".length())).clone();
    }
  }

  static String name(int stack) {
    return String.format(Locale.ROOT, "app-%04d", stack);
  }

  static String id(int stack, int deployment) {
    return String.format(Locale.ROOT, "d-%04d-%02d", stack, deployment);
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
