package dev.fogbank.shared.cost;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
      throw failure("Cost Explorer GetCostAndUsage from " + start + " to " + end, e);
    }
    return new DailyCosts(byStack, untagged, pages);
  }

  @Override
  public ServiceCosts costsByService(String stack, LocalDate start, LocalDate end) {
    java.util.Map<String, ServiceCosts.Service> byService = new java.util.LinkedHashMap<>();
    String token = null;
    int pages = 0;
    try {
      do {
        GetCostAndUsageResponse response =
            client.getCostAndUsage(
                CostExplorerTranslator.serviceRequest(stack, start, end, region, token));
        CostExplorerTranslator.readServices(response, stack, byService);
        token = response.nextPageToken();
        pages++;
      } while (token != null && !token.isEmpty() && pages < MAX_PAGES);
    } catch (SdkException e) {
      throw failure(
          "Cost Explorer GetCostAndUsage by service for stack '" + stack + "' from " + start
              + " to " + end,
          e);
    }
    return new ServiceCosts(
        stack, start, end.minusDays(1), List.copyOf(byService.values()), pages);
  }

  /**
   * Cost Explorer's refusals, each with the code a platform team acts on: no permission is {@code
   * COST_ACCESS_DENIED}; Cost Explorer never enabled in the account (an AccessDeniedException saying
   * "not enabled"), data not yet available or a billing period past what it keeps is {@code
   * COST_DATA_UNAVAILABLE}; the rate limit past the SDK's retries (see AwsClientFactory) is {@code
   * AWS_UNAVAILABLE}; anything else is the control plane's own setup ({@code INTERNAL}).
   */
  static DeploymentException failure(String call, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = AwsFailures.errorCode(service);
      String message = AwsFailures.errorMessage(service);
      String reason = message.isEmpty() ? code : code + ": " + message;
      if (code.equals("AccessDeniedException")
          && message.toLowerCase(Locale.ROOT).contains("not enabled")) {
        return new DeploymentException(
            ErrorCode.COST_DATA_UNAVAILABLE,
            call
                + " failed: Cost Explorer is not enabled in this account ("
                + reason
                + "); enable it in the Billing console (Cost Explorer, Launch), data appears"
                + " within 24 hours",
            e);
      }
      switch (code) {
        case "AccessDeniedException":
          return new DeploymentException(
              ErrorCode.COST_ACCESS_DENIED,
              call
                  + " failed: the control plane may not read Cost Explorer ("
                  + reason
                  + "); its role needs ce:GetCostAndUsage",
              e);
        case "DataUnavailableException", "BillExpirationException":
          return new DeploymentException(
              ErrorCode.COST_DATA_UNAVAILABLE,
              call + " failed: Cost Explorer has no data for this range yet (" + reason + ")",
              e);
        case AwsClientFactory.COST_EXPLORER_RATE_LIMIT, "RequestChangedException":
          return new AwsUnavailableException(call + " failed: " + AwsFailures.describe(e), e);
        default:
          break;
      }
    }
    return AwsFailures.failure(call, e, ErrorCode.INTERNAL);
  }
}
