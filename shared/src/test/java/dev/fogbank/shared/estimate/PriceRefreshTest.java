package dev.fogbank.shared.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduled refresh over the Price List stand-in. */
class PriceRefreshTest {
  private PriceListServer server;
  private FaultInjector faults;
  private AwsClientFactory aws;
  private InMemoryPriceCache cache;
  private PriceRefresh refresh;

  @BeforeEach
  void setUp() {
    server = PriceListServer.start();
    faults = new FaultInjector();
    aws = AwsClientFactory.create(AwsSettings.of("us-east-1", server.endpoint()), List.of(faults));
    cache = new InMemoryPriceCache();
    refresh =
        new PriceRefresh(
            new CachingPriceBook(
                cache,
                new PricingApiPriceSource(aws.pricing()),
                Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC),
                CachingPriceBook.DEFAULT_REFRESH_PERIOD));
  }

  @AfterEach
  void tearDown() {
    aws.close();
    server.close();
  }

  @Test
  void run_whenCachedAlready_thenFetchesEveryCataloguePriceAgain() {
    PriceRefresh.Result first = refresh.run(List.of("us-east-1"));
    int calls = server.calls();

    PriceRefresh.Result second = refresh.run(List.of("us-east-1"));

    assertTrue(first.fetched() > 40, first.toString());
    assertEquals(first, second);
    assertEquals(2 * calls, server.calls());
    PriceQuery nat = PriceQuery.of("AmazonEC2", "us-east-1", "Hrs", "productFamily", "NAT Gateway");
    assertEquals(
        0, new java.math.BigDecimal("0.045").compareTo(cache.get(nat).get().price().get().usd()));
  }

  @Test
  void run_whenPriceListThrottlesEverything_thenAwsUnavailableAfterThreePrices() {
    // Stands in for the Price List API's rate limit (HTTP 400 ThrottlingException on every try).
    faults.throttleNext("GetProducts", FaultInjector.ALWAYS);

    AwsUnavailableException e =
        assertThrows(AwsUnavailableException.class, () -> refresh.run(List.of("us-east-1")));

    assertTrue(e.getMessage().contains("answered none of the first 3 prices"), e.getMessage());
    assertEquals(9, faults.attempts("GetProducts"), "3 prices × the SDK's 3 attempts");
  }
}
