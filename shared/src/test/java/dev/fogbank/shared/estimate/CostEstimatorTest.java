package dev.fogbank.shared.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.estimate.ResourceEstimate.Status;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Estimates through the real SDK pricing client against {@link PriceListServer} (published
 * us-east-1 prices in the Price List's shape), with the price cache on DynamoDB Local. Expected
 * figures are worked out by hand: hourly prices × 730 hours.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CostEstimatorTest {
  private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

  private PriceListServer server;
  private FaultInjector faults;
  private AwsClientFactory aws;
  private DynamoDbPriceCache cache;
  private CostEstimator estimator;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    server = PriceListServer.start();
    faults = new FaultInjector();
    aws = AwsClientFactory.create(AwsSettings.of("us-east-1", server.endpoint()), List.of(faults));
    cache = new DynamoDbPriceCache(dynamoDb, table, CachingPriceBook.DEFAULT_REFRESH_PERIOD);
    estimator = new CostEstimator(book(Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private CachingPriceBook book(Clock clock) {
    return new CachingPriceBook(
        cache,
        new PricingApiPriceSource(aws.pricing()),
        clock,
        CachingPriceBook.DEFAULT_REFRESH_PERIOD);
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.close();
  }

  static SourceTemplate template(String name) {
    try (InputStream in = CostEstimatorTest.class.getResourceAsStream("/estimate/" + name)) {
      return TemplateReader.readSource(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResourceEstimate resource(CostEstimate estimate, String id) {
    return estimate.resources().stream()
        .filter(r -> r.logicalId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static BigDecimal usd(String text) {
    return new BigDecimal(text);
  }

  @Test
  void estimate_whenNatGatewayTwoM5LargeAndGp3Volume_thenMatchesPublishedPrices() {
    CostEstimate estimate = estimator.estimate(template("done-when.yaml"), Map.of(), "us-east-1");

    // 0.045 × 730; 0.096 × 730 each; 100 GB × 0.08.
    assertEquals(usd("32.85"), resource(estimate, "NatGateway").monthly());
    assertEquals(usd("70.08"), resource(estimate, "WebA").monthly());
    assertEquals(usd("70.08"), resource(estimate, "WebB").monthly());
    assertEquals(usd("8.00"), resource(estimate, "Data").monthly());
    assertEquals(usd("181.01"), estimate.monthly());
    assertEquals(usd("2172.12"), estimate.annual());
    assertEquals(Map.of("EC2", usd("181.01")), estimate.monthlyByService());
    assertEquals(new Coverage(4, 0, 0, 0, 0), estimate.coverage());
    // The NAT gateway's data processing is usage-priced: listed with its unit price, not counted.
    CostLine processed = resource(estimate, "NatGateway").lines().get(1);
    assertEquals(0, usd("0.045").compareTo(processed.unitPrice()));
    assertNull(processed.monthly());
  }

  @Test
  void estimate_whenOneOfEachPricedType_thenEachMatchesHandComputedFigures() {
    UsageAssumptions usage =
        new UsageAssumptions(
            Map.of(
                "AuroraCluster", Map.of("storageGb", usd("50")),
                "Function",
                    Map.of("monthlyRequests", usd("10000000"), "averageDurationMs", usd("200")),
                "Queue", Map.of("monthlyRequests", usd("5000000")),
                "OnDemandTable",
                    Map.of(
                        "monthlyReadRequests",
                        usd("100000000"),
                        "monthlyWriteRequests",
                        usd("10000000"))));
    CostEstimate estimate =
        estimator.estimate(template("every-type.yaml").template(), Map.of(), "us-east-1", usage);

    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("Group", "22.78"), // 3 × 0.0104 × 730
            Map.entry("Io1", "90.00"), // 200 × 0.125 + 1000 × 0.065
            Map.entry("Gp3Fast", "60.00"), // 500 × 0.08 + 3000 × 0.005 + 125 × 0.04
            Map.entry("Ip", "3.65"), // 0.005 × 730
            Map.entry("Alb", "16.43"), // 0.0225 × 730
            Map.entry("Nlb", "16.43"),
            Map.entry("Db", "272.66"), // 0.342 × 730 + 100 × 0.23
            Map.entry("AuroraCluster", "5.00"), // 50 GB × 0.10
            Map.entry("AuroraWriter", "211.70"), // 0.29 × 730
            Map.entry("Cache", "227.76"), // 2 × 0.156 × 730
            Map.entry("Search", "231.72"), // 2 × 0.142 × 730 + 200 × 0.122
            Map.entry("Eks", "73.00"), // 0.10 × 730
            Map.entry("Service", "36.04"), // 2 × (0.5 × 0.04048 + 1 × 0.004445) × 730
            Map.entry("Table", "6.17"), // 15 × 0.00013 × 730 + 10 × 0.00065 × 730
            Map.entry("OnDemandTable", "18.75"), // 100M × 0.125/M + 10M × 0.625/M
            Map.entry("Stream", "21.90"), // 2 × 0.015 × 730
            Map.entry("Kafka", "489.90"), // 3 × 0.21 × 730 + 300 × 0.10
            Map.entry("Warehouse", "365.00"), // 2 × 0.25 × 730
            Map.entry("Endpoint", "14.60"), // 2 AZ × 0.01 × 730
            Map.entry("Attachment", "36.50"), // 0.05 × 730
            Map.entry("Key", "1.00"),
            Map.entry("Secret", "0.40"),
            Map.entry("Alarm", "0.10"),
            Map.entry("FastAlarm", "0.30"),
            Map.entry("Dashboard", "3.00"),
            Map.entry("Zone", "0.50"),
            Map.entry("Function", "18.67"), // 10M × 0.2/M + 10M × 0.2 s × 0.5 GB × 0.0000166667
            Map.entry("Queue", "2.00")); // 5M × 0.40/M (the free first million's tier skipped)
    expected.forEach(
        (id, monthly) -> {
          ResourceEstimate r = resource(estimate, id);
          assertEquals(Status.PRICED, r.status(), id + ": " + r);
          assertEquals(usd(monthly), r.monthly(), id + ": " + r);
        });
    assertEquals(Status.USAGE_BASED, resource(estimate, "Bucket").status());
    assertNull(resource(estimate, "Bucket").monthly());
    assertEquals(Status.FREE, resource(estimate, "Role").status());
    assertEquals(Status.FREE, resource(estimate, "Nodes").status());
    assertEquals(Status.FREE, resource(estimate, "Task").status());
    assertEquals(Status.FREE, resource(estimate, "GatewayEndpoint").status());
    assertEquals(Status.UNKNOWN, resource(estimate, "Thing").status());
    assertTrue(resource(estimate, "Thing").notes().get(0).contains("does not price Custom::Thing"));
    BigDecimal sum =
        expected.values().stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(sum, estimate.monthly());
    assertEquals(new Coverage(28, 1, 4, 0, 1), estimate.coverage());
  }

  @Test
  void estimate_whenUsageGivenForUsagePricedTypes_thenPricedFromItAndTheRestUsageBased() {
    UsageAssumptions usage =
        new UsageAssumptions(
            Map.of(
                "Assets",
                    Map.of(
                        "storageGb", usd("1000"),
                        "monthlyPutRequests", usd("1000000"),
                        "monthlyGetRequests", usd("10000000")),
                "Events", Map.of("monthlyPublishes", usd("2000000")),
                "RestApi", Map.of("monthlyRequests", usd("3000000")),
                "HttpApi", Map.of("monthlyRequests", usd("5000000")),
                "Logs", Map.of("monthlyIngestedGb", usd("20"), "storageGb", usd("100"))));

    CostEstimate estimate =
        estimator.estimate(
            template("usage-priced.yaml").template(), Map.of(), "us-east-1", usage);

    Map<String, String> expected =
        Map.of(
            "Assets", "32.00", // 1000 GB × 0.023 + 1M × 0.005/1000 + 10M × 0.0004/1000
            "Events", "1.00", // 2M × 0.50/M
            "RestApi", "10.50", // 3M × 3.50/M
            "HttpApi", "5.00", // 5M × 1.00/M
            "Logs", "13.00"); // 20 GB × 0.50 + 100 GB-month × 0.03
    expected.forEach(
        (id, monthly) -> {
          ResourceEstimate r = resource(estimate, id);
          assertEquals(Status.PRICED, r.status(), id + ": " + r);
          assertEquals(usd(monthly), r.monthly(), id + ": " + r);
        });
    // No usage given: listed with their unit prices, not counted as $0.
    for (String id : List.of("Jobs", "Worker")) {
      ResourceEstimate r = resource(estimate, id);
      assertEquals(Status.USAGE_BASED, r.status(), id + ": " + r);
      assertNull(r.monthly(), id + ": " + r);
      assertTrue(r.lines().stream().anyMatch(l -> l.unitPrice() != null), id + ": " + r);
    }
    assertEquals(usd("61.50"), estimate.monthly());
    assertEquals(new Coverage(5, 2, 0, 0, 0), estimate.coverage());
  }

  @Test
  void estimate_whenRunAgainAndFromAnotherContainer_thenEachPriceFetchedOnce() {
    estimator.estimate(template("every-type.yaml"), Map.of(), "us-east-1");
    int cold = server.calls();

    estimator.estimate(template("every-type.yaml"), Map.of(), "us-east-1");
    new CostEstimator(book(Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC)))
        .estimate(template("every-type.yaml"), Map.of(), "us-east-1");

    assertTrue(cold > 0);
    assertEquals(cold, server.calls(), "warm estimates must not call the Price List");
  }

  @Test
  void estimate_whenRefreshPeriodHasPassed_thenPricesAreFetchedAgain() {
    estimator.estimate(template("done-when.yaml"), Map.of(), "us-east-1");
    int cold = server.calls();

    new CostEstimator(book(Clock.fixed(NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC)))
        .estimate(template("done-when.yaml"), Map.of(), "us-east-1");

    assertEquals(2 * cold, server.calls());
  }

  @Test
  void estimate_whenPricingThrottlesPastRetries_thenPriceUnavailableAndEstimateReturns() {
    // Stands in for the Price List API's rate limit (HTTP 400 ThrottlingException on every try).
    faults.throttleNext("GetProducts", FaultInjector.ALWAYS);

    CostEstimate estimate = estimator.estimate(template("done-when.yaml"), Map.of(), "us-east-1");

    ResourceEstimate web = resource(estimate, "WebA");
    assertEquals(Status.UNKNOWN, web.status());
    String note = web.lines().get(0).note();
    assertTrue(note.startsWith("price unavailable for AmazonEC2"), note);
    assertTrue(note.contains("throttled by AWS"), note);
    assertEquals(usd("0.00"), estimate.monthly());
    assertEquals(4, estimate.coverage().unknown());
    assertTrue(faults.attempts("GetProducts") >= 3, "the SDK's standard retries ran");

    // Nothing was cached: once the API answers again, the same estimate is priced.
    faults.clear();
    assertEquals(
        usd("181.01"),
        estimator.estimate(template("done-when.yaml"), Map.of(), "us-east-1").monthly());
  }

  @Test
  void estimate_whenInstanceTypeUnknown_thenLineSaysNoPriceInRegion() {
    SourceTemplate t =
        TemplateReader.readSource(
            "Resources:\n  Big:\n    Type: AWS::EC2::Instance\n    Properties:\n      InstanceType: m9.huge\n"
                .getBytes());

    ResourceEstimate big = resource(estimator.estimate(t, Map.of(), "us-east-1"), "Big");

    assertEquals(Status.UNKNOWN, big.status());
    String note = big.lines().get(0).note();
    assertTrue(
        note.startsWith("no price for AmazonEC2 capacitystatus=Used, instanceType=m9.huge"), note);
    assertTrue(note.contains(" in us-east-1: "), note);
  }

  @Test
  void estimate_whenParametersConditionsAndFnIf_thenResolvedOrSaidWhy() {
    String yaml =
        """
        Parameters:
          Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
          Size: {Type: String}
          Az: {Type: AWS::SSM::Parameter::Value<String>, Default: /az}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties:
              InstanceType: !If [IsProd, m5.large, t3.micro]
          ProdOnly:
            Type: AWS::EC2::Instance
            Condition: IsProd
            Properties: {InstanceType: m5.large}
          Sized:
            Type: AWS::EC2::Instance
            Properties: {InstanceType: !Ref Size}
          Disk:
            Type: AWS::EC2::Volume
            Properties: {AvailabilityZone: !Ref Az, Size: !FindInMap [Sizes, !Ref Env, Gb], VolumeType: gp3}
        Mappings:
          Sizes:
            dev: {Gb: 10}
            prod: {Gb: 1000}
        """;
    SourceTemplate t = TemplateReader.readSource(yaml.getBytes());

    CostEstimate dev = estimator.estimate(t, Map.of(), "us-east-1");
    CostEstimate prod =
        estimator.estimate(t, Map.of("Env", "prod", "Size", "t3.micro"), "us-east-1");

    assertEquals(usd("7.59"), resource(dev, "Web").monthly()); // t3.micro: 0.0104 × 730
    assertEquals(Status.NOT_CREATED, resource(dev, "ProdOnly").status());
    ResourceEstimate sized = resource(dev, "Sized");
    assertEquals(Status.UNKNOWN, sized.status());
    assertTrue(
        sized.notes().toString().contains("parameter Size has no value and no Default"),
        sized.toString());
    assertTrue(dev.notes().get(0).contains("parameter Size has no value"));
    assertEquals(
        usd("0.80"), resource(dev, "Disk").monthly()); // 10 GB × 0.08; the SSM AZ is not priced
    assertEquals(usd("70.08"), resource(prod, "Web").monthly());
    assertEquals(Status.PRICED, resource(prod, "ProdOnly").status());
    assertEquals(usd("7.59"), resource(prod, "Sized").monthly());
    assertEquals(usd("80.00"), resource(prod, "Disk").monthly());
  }

  @Test
  void estimate_whenRegionIsEuWest1_thenThatRegionsPrices() {
    CostEstimate estimate = estimator.estimate(template("done-when.yaml"), Map.of(), "eu-west-1");

    assertEquals(usd("35.04"), resource(estimate, "NatGateway").monthly()); // 0.048 × 730
    assertEquals(usd("78.11"), resource(estimate, "WebA").monthly()); // 0.107 × 730
    assertEquals(usd("8.80"), resource(estimate, "Data").monthly()); // 100 × 0.088
    assertEquals("eu-west-1", estimate.region());
  }

  @Test
  void delta_whenUpdateAddsAnRdsInstance_thenItsMonthlyDeltaAndPercent() {
    String before = new String(readBytes("done-when.yaml"));
    String after =
        before
            + """
              Orders:
                Type: AWS::RDS::DBInstance
                Properties: {DBInstanceClass: db.t3.micro, Engine: mysql, AllocatedStorage: "20"}
            """;
    CostEstimate old =
        estimator.estimate(TemplateReader.readSource(before.getBytes()), Map.of(), "us-east-1");
    CostEstimate now =
        estimator.estimate(TemplateReader.readSource(after.getBytes()), Map.of(), "us-east-1");

    CostDelta delta = CostEstimator.delta(old, now);

    // 0.017 × 730 + 20 × 0.115 = 12.41 + 2.30
    assertEquals(usd("14.71"), delta.monthly());
    assertEquals(usd("176.52"), delta.annual());
    assertEquals(usd("8.1"), delta.percent()); // 14.71 / 181.01
    assertEquals(1, delta.resources().size());
    CostDelta.ResourceDelta added = delta.resources().get(0);
    assertEquals("Orders", added.logicalId());
    assertEquals(CostDelta.Change.ADDED, added.change());
    assertEquals(usd("14.71"), added.monthly());
  }

  private static byte[] readBytes(String name) {
    try (InputStream in = CostEstimatorTest.class.getResourceAsStream("/estimate/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
