package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.testing.CostLookupsTransport;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.CostExplorerCostSource;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code GET /costs?stack=&groupBy=SERVICE} asked of the emulator's Cost Explorer through the
 * real SDK (answers queued with moto's {@code /moto-api/static/ce/cost-and-usage-results}).
 */
@ParameterizedClass(name = "lookups {0}")
@EnumSource(CostLookupsTransport.class)
@ExtendWith(AwsEndpointExtension.class)
class ServiceCostRouteIT {
  private static final String ACCOUNT = "123456789012";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);
  private static final String ONE_PAGE =
      """
      {"results": [{"ResultsByTime": [
         {"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-22"}, "Estimated": true,
          "Total": {}, "Groups": [
            {"Keys": ["AWS Lambda"],
             "Metrics": {"UnblendedCost": {"Amount": "0.25", "Unit": "USD"}}},
            {"Keys": ["Amazon DynamoDB"],
             "Metrics": {"UnblendedCost": {"Amount": "7.00", "Unit": "USD"}}}]}],
        "DimensionValueAttributes": []}]}
      """;

  private final FaultInjector faults = new FaultInjector();
  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private ApiRoutes routes;
  private final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();

  @Parameter CostLookupsTransport transport;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    this.aws = aws;
    aws.reset();
    clients = aws.clients(faults);
    CostLookups lookups =
        transport.over(
            CostLookups.direct(
                () -> new CostExplorerCostSource(clients.costExplorer(), aws.region()),
                () -> {
                  throw new AssertionError("no budget asked here");
                }),
            ACCOUNT,
            aws.region(),
            closing);
    routes =
        new ApiRoutes(null, null, null, ACCOUNT, aws.region())
            .withCosts(
                () -> new CostReports(new InMemoryCostLedger(), ACCOUNT, aws.region(), CLOCK),
                null)
            .withCostLookups(() -> lookups);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    clients.close();
  }

  private JsonNode get(Map<String, String> query, Map<String, String> headers, int status) {
    ApiRoutes.Response response = routes.handle("GET", "/costs", query, null, "t", headers);
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(status, response.status(), json.toString());
    return json;
  }

  @Test
  void getCosts_whenGroupByService_thenEachServiceMostExpensiveFirstWithTotalAndRequests()
      throws Exception {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    HttpResponse<String> queued =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(aws.endpoint() + "/moto-api/static/ce/cost-and-usage-results"))
                    .POST(HttpRequest.BodyPublishers.ofString(ONE_PAGE))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, queued.statusCode(), queued.body());

    JsonNode report =
        get(
            Map.of("stack", "orders", "groupBy", "SERVICE", "from", "2026-11-01", "to",
                "2026-11-21"),
            Map.of(), 200);

    assertEquals("SERVICE", report.path("groupBy").asText());
    assertEquals("Amazon DynamoDB", report.path("services").get(0).path("service").asText());
    assertEquals("7", report.path("services").get(0).path("amount").asText());
    assertEquals("AWS Lambda", report.path("services").get(1).path("service").asText());
    assertEquals("7.25", report.path("total").asText());
    assertEquals(1, report.path("requests").asInt());
    assertEquals("2026-11-21", report.path("to").asText());
    assertEquals(1, faults.attempts("GetCostAndUsage"));
  }

  @Test
  void getCosts_whenGroupByServiceRefused_thenCostAccessDenied() {
    // Stands in for Cost Explorer refusing a role without ce:GetCostAndUsage.
    faults.failNext("GetCostAndUsage", 1, 400, "AccessDeniedException", "not authorized");

    JsonNode error = get(Map.of("stack", "orders", "groupBy", "SERVICE"), Map.of(), 403);

    assertEquals("COST_ACCESS_DENIED", error.path("error").path("code").asText());
  }

  @Test
  void getCosts_whenGroupByIsNotServiceOrHasNoStackOrAsksCsv_thenInvalidRequestAndNoRequest() {
    assertTrue(
        get(Map.of("stack", "orders", "groupBy", "REGION"), Map.of(), 400)
            .path("error").path("message").asText().contains("SERVICE"));
    assertEquals(
        "INVALID_REQUEST",
        get(Map.of("groupBy", "SERVICE"), Map.of(), 400).path("error").path("code").asText());
    assertEquals(
        "INVALID_REQUEST",
        get(Map.of("stack", "orders", "groupBy", "SERVICE"), Map.of("Accept", "text/csv"), 400)
            .path("error").path("code").asText());
    assertEquals(0, faults.attempts("GetCostAndUsage"));
  }
}
