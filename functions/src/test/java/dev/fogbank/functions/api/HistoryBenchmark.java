package dev.fogbank.functions.api;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * scripts/lib/bench-history.sh: history at scale. STACKS stacks × PER_STACK deployments seeded in
 * DynamoDB Local (embedded) through the real history adapter's batch import; then, through the
 * real API handler (API Gateway HTTP API v2 events, as Lambda calls it): a stack's history page
 * ({@code GET /stacks/{name}/deployments}, 20 newest) and the stacks list page ({@code GET
 * /stacks}, latest status of each stack, first page of 100). Baseline in the same run: one
 * GetItem of one record by its key (the cheapest read the table answers). Prints one JSON line.
 *
 * <p>Usage: HistoryBenchmark RUNS [STACKS] [PER_STACK]. Not a test: no assertions on time.
 */
public final class HistoryBenchmark {
  static final String ACCOUNT = HostileFixture.ACCOUNT;
  static final String REGION = HostileFixture.REGION;
  static final String TABLE = "bench";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int stacks = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int perStack = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
    try {
      DynamoDbClient table = local.dynamoDbClient();
      table.createTable(ControlTable.createRequest(TABLE));
      DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(table, TABLE);
      long t0 = System.nanoTime();
      seed(history, stacks, perStack);
      double seedSeconds = (System.nanoTime() - t0) / 1e9;
      HostileFixture fixture = new HostileFixture(table, TABLE);
      ApiHandler api =
          new ApiHandler(
              new ApiRoutes(fixture.intake, history, fixture.locks, ACCOUNT, REGION)
                  .withStackSummaries(
                      () ->
                          new DynamoDbStackSummaries(
                              table, TABLE, ACCOUNT, REGION, Clock.systemUTC())));
      String some = name(stacks / 2);
      APIGatewayV2HTTPEvent stackPage =
          HostileFixture.request("GET", "/stacks/" + some + "/deployments", Map.of());
      APIGatewayV2HTTPEvent stacksPage =
          HostileFixture.request("GET", "/stacks", Map.of("limit", "100"));
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key =
          table
              .query(
                  r ->
                      r.tableName(TABLE)
                          .keyConditionExpression("pk = :pk")
                          .expressionAttributeValues(
                              Map.of(
                                  ":pk",
                                  software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                      .fromS(StackRef.of(ACCOUNT, REGION, some).partitionKey())))
                          .limit(1))
              .items()
              .get(0);
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> itemKey =
          Map.of(ControlTable.PK, key.get(ControlTable.PK), ControlTable.SK, key.get(ControlTable.SK));
      List<Double> stackMs = new ArrayList<>(), stacksMs = new ArrayList<>(), floorMs = new ArrayList<>();
      List<Double> wholeIndexMs = new ArrayList<>();
      DynamoDbStackSummaries summaries =
          new DynamoDbStackSummaries(table, TABLE, ACCOUNT, REGION, Clock.systemUTC());
      int[] sizes = new int[2];
      int warmup = 10;
      for (int i = 0; i < warmup + runs; i++) {
        boolean measured = i >= warmup;
        double a = time(() -> check(api.handleRequest(stackPage, null), sizes, 0));
        double b = time(() -> check(api.handleRequest(stacksPage, null), sizes, 1));
        double c = time(() -> table.getItem(r -> r.tableName(TABLE).key(itemKey).consistentRead(true)));
        // What GET /stacks read for every page before StackSummaries.page: the whole index.
        double w = time(summaries::list);
        if (measured) {
          wholeIndexMs.add(w);
          stackMs.add(a);
          stacksMs.add(b);
          floorMs.add(c);
        }
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"stacks\":%d,\"per_stack\":%d,\"seed_s\":%.1f,\"runs\":%d,\"stack_page_bytes\":%d,"
                  + "\"stacks_page_bytes\":%d,\"stack_page\":%s,\"stacks_page\":%s,\"get_item\":%s,"
                  + "\"whole_index\":%s}",
              stacks, perStack, seedSeconds, runs, sizes[0], sizes[1], stats(stackMs),
              stats(stacksMs), stats(floorMs), stats(wholeIndexMs)));
    } finally {
      local.shutdown();
    }
    System.exit(0);
  }

  static String name(int stack) {
    return String.format(Locale.ROOT, "app-%04d", stack);
  }

  /** Each stack's deployments, SUCCEEDED, an hour apart, imported 500 records at a time. */
  private static void seed(DynamoDbDeploymentHistory history, int stacks, int perStack)
      throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int s0 = 0; s0 < stacks; s0 += 5) {
        int first = s0;
        done.add(
            pool.submit(
                () -> {
                  List<DeploymentRecord> records = new ArrayList<>();
                  for (int s = first; s < Math.min(first + 5, stacks); s++) {
                    StackRef ref = StackRef.of(ACCOUNT, REGION, name(s));
                    for (int d = 0; d < perStack; d++) {
                      Instant at = start.plusSeconds(d * 3_600L + s);
                      String id = String.format(Locale.ROOT, "d-%04d-%04d", s, d);
                      records.add(
                          new DeploymentRecord(
                              id, ref, DeploymentSource.API,
                              "arn:aws:iam::123456789012:user/dev", "ab".repeat(32), "s3://a/b",
                              Map.of("Env", "prod"), Map.of("team", "platform"),
                              dev.fogbank.shared.deploy.DeploymentStatus.SUCCEEDED, at,
                              at.plusSeconds(1), at.plusSeconds(30), null,
                              new ChangeSummary(1, 2, 0),
                              null, null, null, null, null, null, null));
                    }
                  }
                  history.importAll(records);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  private static Object check(APIGatewayV2HTTPResponse r, int[] sizes, int slot) {
    if (r.getStatusCode() != 200) {
      throw new IllegalStateException("answered " + r.getStatusCode() + ": " + r.getBody());
    }
    sizes[slot] = r.getBody().length();
    return r;
  }

  private static double time(Supplier<?> call) {
    long t0 = System.nanoTime();
    call.get();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static String stats(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format(
        Locale.ROOT, "{\"p50\":%.3f,\"p95\":%.3f,\"min\":%.3f,\"max\":%.3f}",
        pct(sorted, 50), pct(sorted, 95), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  static double pct(List<Double> sorted, double p) {
    double k = (sorted.size() - 1) * p / 100.0;
    int lo = (int) Math.floor(k), hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (k - lo);
  }
}
