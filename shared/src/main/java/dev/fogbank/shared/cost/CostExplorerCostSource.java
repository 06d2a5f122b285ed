package dev.fogbank.shared.cost;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;

/** {@link CostSource} on Cost Explorer's GetCostAndUsage, following NextPageToken. */
public final class CostExplorerCostSource implements CostSource {
  // Each page costs $0.01; a week of daily groups fits one or two. A loop is not a budget.
  private static final int MAX_PAGES = 50;

  private final CostExplorerClient client;
  private final String region;

  public CostExplorerCostSource(CostExplorerClient client, String region) {
    this.client = Objects.requireNonNull(client, "client");
    this.region = Objects.requireNonNull(region, "region");
  }

  @Override
  public DailyCosts dailyCostsByStack(LocalDate start, LocalDate end) {
    List<DailyCosts.Entry> byStack = new ArrayList<>();
    List<DailyCosts.Entry> untagged = new ArrayList<>();
    String token = null;
    int pages = 0;
    try {
      do {
        GetCostAndUsageResponse response =
            client.getCostAndUsage(CostExplorerTranslator.request(start, end, region, token));
        CostExplorerTranslator.read(response, byStack, untagged);
        token = response.nextPageToken();
        pages++;
      } while (token != null && !token.isEmpty() && pages < MAX_PAGES);
    } catch (SdkException e) {
      // Cost Explorer not enabled, or no ce:GetCostAndUsage: the control plane's setup, not an
      // outage.
      throw AwsFailures.failure(
          "Cost Explorer GetCostAndUsage from " + start + " to " + end, e, ErrorCode.INTERNAL);
    }
    return new DailyCosts(byStack, untagged);
  }
}
