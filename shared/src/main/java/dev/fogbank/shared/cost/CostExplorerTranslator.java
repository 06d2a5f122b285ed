package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import software.amazon.awssdk.services.costexplorer.model.DateInterval;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.Expression;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/** GetCostAndUsage requests and responses, to and from {@link DailyCosts} entries. */
final class CostExplorerTranslator {
  /** The cost allocation tag AWS puts on every resource a stack creates (once activated). */
  static final String STACK_TAG = "aws:cloudformation:stack-name";

  static final String METRIC = "UnblendedCost";

  private CostExplorerTranslator() {}

  static GetCostAndUsageRequest request(
      LocalDate start, LocalDate end, String region, String nextPageToken) {
    return GetCostAndUsageRequest.builder()
        .timePeriod(DateInterval.builder().start(start.toString()).end(end.toString()).build())
        .granularity(Granularity.DAILY)
        .metrics(METRIC)
        .groupBy(GroupDefinition.builder().type(GroupDefinitionType.TAG).key(STACK_TAG).build())
        // Stack names are unique per region only: a stack of the same name elsewhere is not ours.
        .filter(
            Expression.builder().dimensions(d -> d.key(Dimension.REGION).values(region)).build())
        .nextPageToken(nextPageToken)
        .build();
  }

  /**
   * One stack's cost by service: the SERVICE dimension grouped, filtered on the stack's tag (an
   * exact value) and the region; monthly periods, as the route sums the range anyway (fewer
   * results, fewer pages).
   */
  static GetCostAndUsageRequest serviceRequest(
      String stack, LocalDate start, LocalDate end, String region, String nextPageToken) {
    return GetCostAndUsageRequest.builder()
        .timePeriod(DateInterval.builder().start(start.toString()).end(end.toString()).build())
        .granularity(Granularity.MONTHLY)
        .metrics(METRIC)
        .groupBy(
            GroupDefinition.builder()
                .type(GroupDefinitionType.DIMENSION)
                .key(Dimension.SERVICE.toString())
                .build())
        .filter(
            Expression.builder()
                .and(
                    Expression.builder()
                        .dimensions(d -> d.key(Dimension.REGION).values(region))
                        .build(),
                    Expression.builder()
                        .tags(
                            t ->
                                t.key(STACK_TAG)
                                    .values(stack)
                                    .matchOptions(
                                        software.amazon.awssdk.services.costexplorer.model
                                            .MatchOption.EQUALS))
                        .build())
                .build())
        .nextPageToken(nextPageToken)
        .build();
  }

  /** Adds each service group's amount of {@code response} to {@code byService} (by unit). */
  static void readServices(
      GetCostAndUsageResponse response,
      String stack,
      java.util.Map<String, ServiceCosts.Service> byService) {
    for (ResultByTime result : response.resultsByTime()) {
      LocalDate day = day(result);
      for (Group group : result.groups()) {
        MetricValue metric = group.metrics().get(METRIC);
        if (metric == null || metric.amount() == null) {
          continue;
        }
        String unit = metric.unit() == null ? "USD" : metric.unit();
        String service =
            group.keys() == null || group.keys().isEmpty() ? "" : group.keys().getFirst();
        BigDecimal amount = amount(metric.amount(), stack, day);
        byService.merge(
            service + "\t" + unit,
            new ServiceCosts.Service(service, amount, unit),
            (a, b) -> new ServiceCosts.Service(service, a.amount().add(b.amount()), unit));
      }
    }
  }

  /**
   * Adds each group of {@code response} to {@code byStack} or, without a tag value, {@code
   * untagged}.
   */
  static void read(
      GetCostAndUsageResponse response,
      List<DailyCosts.Entry> byStack,
      List<DailyCosts.Entry> untagged) {
    for (ResultByTime result : response.resultsByTime()) {
      LocalDate day = day(result);
      for (Group group : result.groups()) {
        MetricValue metric = group.metrics().get(METRIC);
        if (metric == null || metric.amount() == null) {
          continue;
        }
        String unit = metric.unit() == null ? "USD" : metric.unit();
        String stack = stackName(group.keys());
        DailyCosts.Entry entry =
            new DailyCosts.Entry(stack, day, amount(metric.amount(), stack, day), unit);
        (entry.stackName().isEmpty() ? untagged : byStack).add(entry);
      }
    }
  }

  private static LocalDate day(ResultByTime result) {
    String start = result.timePeriod() == null ? null : result.timePeriod().start();
    try {
      return LocalDate.parse(String.valueOf(start));
    } catch (DateTimeParseException e) {
      throw malformed("a time period starting '" + start + "' (expected yyyy-MM-dd)");
    }
  }

  private static BigDecimal amount(String amount, String stack, LocalDate day) {
    try {
      return new BigDecimal(amount);
    } catch (NumberFormatException e) {
      throw malformed(
          "the amount '" + amount + "' for stack '" + stack + "' on " + day + " (not a number)");
    }
  }

  private static DeploymentException malformed(String what) {
    // Nothing is recorded from an answer that cannot be read: the scan fails as a whole.
    return new DeploymentException(
        ErrorCode.INTERNAL, "Cost Explorer GetCostAndUsage answered " + what + "; nothing recorded");
  }

  /**
   * A tag group's key is {@code <tag key>$<value>}; resources without the tag are the group with an
   * empty value ({@code aws:cloudformation:stack-name$}).
   */
  static String stackName(List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      return "";
    }
    String key = keys.getFirst();
    int dollar = key.indexOf('$');
    return dollar < 0 ? key : key.substring(dollar + 1);
  }
}
