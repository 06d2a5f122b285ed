package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.InMemoryPriceCache;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import dev.fogbank.shared.json.Json;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /estimates} over the Price List stand-in (published us-east-1 prices). */
class EstimateRouteTest {
  private static final String TEMPLATE =
      "Resources:\\n  Nat: {Type: AWS::EC2::NatGateway}\\n"
          + "  Web: {Type: AWS::EC2::Instance, Properties: {InstanceType: !Ref Size}}\\n"
          + "Parameters:\\n  Size: {Type: String, Default: t3.micro}\\n";

  private PriceListServer server;
  private AwsClientFactory aws;
  private ApiRoutes routes;

  @BeforeEach
  void setUp() {
    server = PriceListServer.start();
    aws = AwsClientFactory.create(AwsSettings.of("us-east-1", server.endpoint()), List.of());
    CostEstimator estimator =
        new CostEstimator(
            new CachingPriceBook(
                new InMemoryPriceCache(),
                new PricingApiPriceSource(aws.pricing()),
                Clock.systemUTC(),
                CachingPriceBook.DEFAULT_REFRESH_PERIOD));
    routes =
        new ApiRoutes(null, null, null, "123456789012", "us-east-1").withEstimator(() -> estimator);
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.close();
  }

  private JsonNode post(String body, int expectedStatus) {
    ApiRoutes.Response response = routes.handle("POST", "/estimates", Map.of(), body, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(expectedStatus, response.status(), json.toString());
    return json;
  }

  @Test
  void postEstimates_whenTemplateAndParameters_thenTheEstimate() {
    JsonNode estimate =
        post("{\"templateBody\":\"" + TEMPLATE + "\",\"parameters\":{\"Size\":\"m5.large\"}}", 200);

    // NAT 0.045 × 730 + m5.large 0.096 × 730
    assertEquals("102.93", estimate.path("monthly").decimalValue().toPlainString());
    assertEquals("us-east-1", estimate.path("region").asText());
    assertEquals(2, estimate.path("coverage").path("priced").asInt());
  }

  @Test
  void postEstimates_whenRegionGiven_thenThatRegionsPrices() {
    JsonNode estimate =
        post(
            "{\"templateBody\":\"Resources:\\n  Nat: {Type: AWS::EC2::NatGateway}\\n\","
                + "\"region\":\"eu-west-1\"}",
            200);

    assertEquals("35.04", estimate.path("monthly").decimalValue().toPlainString());
  }

  @Test
  void postEstimates_whenRegionIsNotARegionCode_then400InvalidRequest() {
    JsonNode error = post("{\"templateBody\":\"" + TEMPLATE + "\",\"region\":\"moon\"}", 400);

    assertEquals("INVALID_REQUEST", error.path("error").path("code").asText());
    assertTrue(error.path("error").path("message").asText().contains("region 'moon'"));
  }

  @Test
  void postEstimates_whenTemplateUnreadable_then400TemplateInvalid() {
    JsonNode error = post("{\"templateBody\":\"Resources: [\"}", 400);

    assertEquals("TEMPLATE_INVALID", error.path("error").path("code").asText());
  }

  @Test
  void postEstimates_whenUnknownField_then400NamingTheAllowedOnes() {
    JsonNode error = post("{\"templateBody\":\"x\",\"stackName\":\"web\"}", 400);

    assertEquals("INVALID_REQUEST", error.path("error").path("code").asText());
    assertTrue(
        error
            .path("error")
            .path("message")
            .asText()
            .contains("allowed are templateBody, parameters, region, usage"));
  }

  @Test
  void getEstimates_then405() {
    ApiRoutes.Response response = routes.handle("GET", "/estimates", Map.of(), null, "t");

    assertEquals(405, response.status());
  }
}
