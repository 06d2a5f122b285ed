package dev.fogbank.shared.estimate;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * scripts/lib/bench-estimate.sh: estimating a 500-resource template (14 copies of every-type.yaml,
 * cut at 500) with a cold and a warm price cache, beside reading the same template (the floor:
 * every estimate starts from a read template). Prints one JSON line.
 *
 * <p>Usage: EstimateBenchmark RUNS
 */
public final class EstimateBenchmark {
  private static final Pattern RESOURCE =
      Pattern.compile("(?m)^  ([A-Za-z0-9]+):$|^  ([A-Za-z0-9]+):(?= )");

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String yaml = fiveHundred();
    byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
    SourceTemplate template = TemplateReader.readSource(bytes);
    int resources = template.template().resources().size();

    AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
    DynamoDbClient dynamoDb = local.dynamoDbClient();
    dynamoDb.createTable(ControlTable.createRequest("bench"));
    try (PriceListServer server = PriceListServer.start();
        AwsClientFactory aws =
            AwsClientFactory.create(AwsSettings.of("us-east-1", server.endpoint()), List.of())) {
      DynamoDbPriceCache cache =
          new DynamoDbPriceCache(dynamoDb, "bench", CachingPriceBook.DEFAULT_REFRESH_PERIOD);
      PricingApiPriceSource source = new PricingApiPriceSource(aws.pricing());
      Counting counting = new Counting(source);

      long t0 = System.nanoTime();
      CostEstimate cold =
          new CostEstimator(book(cache, counting)).estimate(template, Map.of(), "us-east-1");
      double coldMs = (System.nanoTime() - t0) / 1e6;
      int coldCalls = server.calls();

      // Warm, as a new Lambda container sees it: a new book each run, prices read from the table.
      List<Double> table = new ArrayList<>();
      // Warm in one container: the book's memory holds the prices.
      List<Double> memory = new ArrayList<>();
      List<Double> read = new ArrayList<>();
      CostEstimator warm = new CostEstimator(book(cache, counting));
      for (int i = 0; i < runs + 10; i++) {
        long a = System.nanoTime();
        new CostEstimator(book(cache, counting)).estimate(template, Map.of(), "us-east-1");
        long b = System.nanoTime();
        warm.estimate(template, Map.of(), "us-east-1");
        long c = System.nanoTime();
        TemplateReader.readSource(bytes);
        long d = System.nanoTime();
        if (i >= 10) {
          table.add((b - a) / 1e6);
          memory.add((c - b) / 1e6);
          read.add((d - c) / 1e6);
        }
      }
      System.out.printf(
          "{\"resources\": %d, \"coverage\": \"%s\", \"monthly\": \"%s\", \"cold_ms\": %.1f,"
              + " \"cold_calls\": %d, \"cold_queries\": %d, \"warm_calls\": %d,"
              + " \"table_p50\": %.2f, \"table_p95\": %.2f, \"memory_p50\": %.2f,"
              + " \"memory_p95\": %.2f, \"read_p50\": %.2f, \"read_p95\": %.2f, \"runs\": %d}%n",
          resources,
          cold.coverage().priced()
              + " priced, "
              + cold.coverage().usageBased()
              + " usage-based, "
              + cold.coverage().free()
              + " free, "
              + cold.coverage().unknown()
              + " not priced",
          cold.monthly().toPlainString(),
          coldMs,
          coldCalls,
          counting.fetches,
          server.calls() - coldCalls,
          p(table, 50),
          p(table, 95),
          p(memory, 50),
          p(memory, 95),
          p(read, 50),
          p(read, 95),
          runs);
    } finally {
      local.shutdown();
    }
    // DynamoDB Local leaves non-daemon threads behind; the figures are out, so leave now.
    System.exit(0);
  }

  private static CachingPriceBook book(PriceCache cache, PriceSource source) {
    return new CachingPriceBook(
        cache, source, Clock.systemUTC(), CachingPriceBook.DEFAULT_REFRESH_PERIOD);
  }

  private static double p(List<Double> samples, int percentile) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /**
   * 14 copies of every-type.yaml's resources with their ids (and references) suffixed, cut at 500.
   */
  static String fiveHundred() throws Exception {
    String source;
    try (InputStream in =
        EstimateBenchmark.class.getResourceAsStream("/estimate/every-type.yaml")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String body = source.substring(source.indexOf("Resources:\n") + "Resources:\n".length());
    List<String> ids = new ArrayList<>();
    Matcher m = RESOURCE.matcher(body);
    while (m.find()) {
      ids.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    StringBuilder out = new StringBuilder("Resources:\n");
    int count = 0;
    for (int copy = 0; count < 500; copy++) {
      String text = body;
      for (String id : ids) {
        text =
            text.replaceAll("(?m)^  " + id + ":", "  " + id + "C" + copy + ":")
                .replace("!Ref " + id + "\n", "!Ref " + id + "C" + copy + "\n")
                .replace("!Ref " + id + "}", "!Ref " + id + "C" + copy + "}")
                .replace("!GetAtt " + id + ".", "!GetAtt " + id + "C" + copy + ".");
      }
      // Keep whole resources only: split before each top-level entry.
      for (String resource : text.split("(?m)(?=^  [A-Za-z0-9]+:)")) {
        if (resource.isBlank() || count >= 500) {
          continue;
        }
        out.append(resource);
        if (!resource.endsWith("\n")) {
          out.append('\n');
        }
        count++;
      }
    }
    return out.toString();
  }

  /** Counts the fetches that reach the source (distinct queries asked of the Price List). */
  private static final class Counting implements PriceSource {
    private final PriceSource inner;
    int fetches;

    Counting(PriceSource inner) {
      this.inner = inner;
    }

    @Override
    public synchronized PriceLookup fetch(PriceQuery query) {
      fetches++;
      return inner.fetch(query);
    }
  }
}
