package dev.fogbank.shared.review;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.TemplateStage;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

/**
 * The review of a change set touching {@code resources} generated resources, beside the time
 * CloudFormation's own DescribeChangeSet pages take for the same change set on the same endpoint,
 * for {@code scripts/lib/bench-review.sh}. Prints one JSON line.
 *
 * <p>Usage: {@code java -cp ... dev.fogbank.shared.review.ReviewBenchmark ENDPOINT [runs]
 * [resources]}
 */
public final class ReviewBenchmark {

  private ReviewBenchmark() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int resources = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    String stack = "bench-review-" + System.currentTimeMillis();
    try (AwsClientFactory clients =
        AwsClientFactory.create(AwsSettings.of("us-east-1", endpoint))) {
      CloudFormationClient cloudFormation = clients.cloudFormation();
      CloudFormationStackGateway gateway =
          new CloudFormationStackGateway(cloudFormation, Duration.ofMinutes(5));
      String v1 = template(stack, resources, false);
      String v2 = template(stack, resources, true);
      // Over 51,200 bytes: the templates go by S3 URL, as the deploy steps send them.
      clients.s3().createBucket(r -> r.bucket(stack));
      S3TemplateStore store = new S3TemplateStore(clients.s3(), stack);
      String v1Url = store.put(v1.getBytes(StandardCharsets.UTF_8)).url();
      String v2Url = store.put(v2.getBytes(StandardCharsets.UTF_8)).url();
      gateway.executeChangeSet(
          gateway.awaitChangeSet(
              gateway.createChangeSet(request(stack, v1Url)), Duration.ofMinutes(5)));
      ChangeSet update =
          gateway.awaitChangeSet(
              gateway.createChangeSet(request(stack, v2Url)), Duration.ofMinutes(5));
      String deployed = gateway.template(stack, TemplateStage.ORIGINAL);

      // The peer: reading the change set's rows from CloudFormation, every page.
      int[] pages = new int[1];
      double[] describe =
          measure(
              runs,
              () -> {
                int n = 0;
                String token = null;
                do {
                  String next = token;
                  DescribeChangeSetResponse page =
                      cloudFormation.describeChangeSet(
                          r -> r.changeSetName(update.changeSetId()).nextToken(next));
                  token = page.nextToken();
                  n++;
                } while (token != null);
                pages[0] = n;
              });

      // In process: ListImports is answered empty (the emulator has none), so the figure is the
      // review's own work, not a network call.
      ChangeReview review = ChangeReview.of(ResourceSchemas.bundled(), name -> List.of());
      ReviewRequest request =
          new ReviewRequest(
              update, deployed, v2, Map.of(), Map.of(), StackPolicies.of("protect-stateful"));
      long t0 = System.nanoTime();
      Review first = review.review(request);
      double firstMs = (System.nanoTime() - t0) / 1e6;
      for (int i = 0; i < runs; i++) {
        review.review(request);
      }
      double[] reviewMs = measure(runs, () -> review.review(request));
      System.out.printf(
          "{\"rows\": %d, \"pages\": %d, \"runs\": %d, \"first_ms\": %.2f,"
              + " \"review_p50_ms\": %.3f, \"review_p95_ms\": %.3f,"
              + " \"describe_p50_ms\": %.3f, \"describe_p95_ms\": %.3f,"
              + " \"replaced\": %d, \"critical\": %d, \"template_bytes\": %d,"
              + " \"exports\": %d}%n",
          update.changes().size(),
          pages[0],
          runs,
          firstMs,
          reviewMs[runs / 2],
          p95(reviewMs),
          describe[runs / 2],
          p95(describe),
          first.changes().stream().filter(c -> c.replacement() == Replacement.TRUE).count(),
          first.countsByRisk().get(dev.fogbank.shared.rules.Severity.CRITICAL),
          v2.length(),
          first.exports().size());
    }
  }

  /** Sorted wall times in milliseconds. */
  private static double[] measure(int runs, Runnable work) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double p95(double[] sorted) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
  }

  /**
   * {@code count} resources: queues (one in ten renamed in the new version, which replaces it),
   * topics and tables (one in five tables re-keyed); every resource changes in the new version.
   */
  static String template(String stack, int count, boolean next) {
    StringBuilder t = new StringBuilder("{\"Resources\": {");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        t.append(',');
      }
      switch (i % 5) {
        case 0 -> {
          String key = next && i % 25 == 0 ? "sk" : "pk";
          t.append("\"Table")
              .append(i)
              .append("\": {\"Type\": \"AWS::DynamoDB::Table\", \"Properties\": {")
              .append(
                  "\"BillingMode\": \"PAY_PER_REQUEST\", \"Tags\": [{\"Key\": \"v\", \"Value\": \"")
              .append(next ? 2 : 1)
              .append("\"}], \"AttributeDefinitions\": [{\"AttributeName\": \"")
              .append(key)
              .append("\", \"AttributeType\": \"S\"}], \"KeySchema\": [{\"AttributeName\": \"")
              .append(key)
              .append("\", \"KeyType\": \"HASH\"}]}}");
        }
        case 1 ->
            t.append("\"Topic")
                .append(i)
                .append("\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"DisplayName\": \"t")
                .append(next ? 2 : 1)
                .append("\"}}");
        default -> {
          t.append("\"Queue")
              .append(i)
              .append(
                  "\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"VisibilityTimeout\": ")
              .append(next ? 60 : 30);
          if (i % 10 == 2) {
            t.append(", \"QueueName\": \"")
                .append(stack)
                .append("-q")
                .append(i)
                .append(next ? "b" : "a")
                .append('"');
          }
          t.append("}}");
        }
      }
    }
    // Five exports of renamed (so replaced) queues: the review looks up who imports each.
    t.append("}, \"Outputs\": {");
    for (int k = 0; k < 5 && k * 10 + 2 < count; k++) {
      t.append(k > 0 ? "," : "")
          .append("\"Out")
          .append(k)
          .append("\": {\"Value\": {\"Ref\": \"Queue")
          .append(k * 10 + 2)
          .append("\"}, \"Export\": {\"Name\": \"")
          .append(stack)
          .append("-out")
          .append(k)
          .append("\"}}");
    }
    return t.append("}}").toString();
  }

  private static ChangeSetRequest request(String stack, String templateUrl) {
    return new ChangeSetRequest(
        stack, "bench-" + System.nanoTime(), null, templateUrl, null, null, null, null);
  }
}
