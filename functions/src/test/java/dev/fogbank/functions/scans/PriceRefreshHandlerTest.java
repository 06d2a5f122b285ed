package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.InMemoryPriceCache;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.estimate.PriceRefresh;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import dev.fogbank.shared.testing.FaultInjector;
import fogbank.FunctionFailure;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The weekly price refresh as its schedule invokes it, over the Price List stand-in. */
class PriceRefreshHandlerTest {
  private PriceListServer server;
  private FaultInjector faults;
  private AwsClientFactory aws;
  private PriceRefreshHandler handler;

  @BeforeEach
  void setUp() {
    server = PriceListServer.start();
    faults = new FaultInjector();
    aws = AwsClientFactory.create(AwsSettings.of("us-east-1", server.endpoint()), List.of(faults));
    handler =
        new PriceRefreshHandler(
            new PriceRefresh(
                new CachingPriceBook(
                    new InMemoryPriceCache(),
                    new PricingApiPriceSource(aws.pricing()),
                    Clock.systemUTC(),
                    CachingPriceBook.DEFAULT_REFRESH_PERIOD)),
            List.of("us-east-1"));
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.close();
  }

  @Test
  void handle_whenScheduled_thenCataloguePricesFetched() {
    PriceRefresh.Result result = handler.handle(ScanFixtures.scheduledEvent());

    assertEquals(List.of("us-east-1"), result.regions());
    assertTrue(result.fetched() > 40, result.toString());
    assertTrue(server.calls() >= result.fetched());
  }

  @Test
  void handle_whenPriceListThrottles_thenFailsAwsUnavailableSoLambdaRetries() {
    // Stands in for the Price List API's rate limit (HTTP 400 ThrottlingException on every try).
    faults.throttleNext("GetProducts", FaultInjector.ALWAYS);

    FunctionFailure e =
        assertThrows(FunctionFailure.class, () -> handler.handle(ScanFixtures.scheduledEvent()));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("answered none of the first 3 prices"), e.getMessage());
  }
}
