package dev.fogbank.shared.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceFileTest {
  private static final CachedPrice M5 =
      new CachedPrice(
          PriceQuery.of("AmazonEC2", "us-east-1", "Hrs", "instanceType", "m5.large"),
          Optional.of(new UnitPrice(new BigDecimal("0.096"), "Hrs", "m5.large")),
          Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void read_whenWrittenByWrite_thenSamePrices() {
    List<CachedPrice> back = PriceFile.read(PriceFile.write(List.of(M5)), "prices.json");

    assertEquals(List.of(M5), back);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | is not JSON (line 1",
        "{\"format\":\"other\",\"prices\":[]} | \"format\" must be \"fogbank-prices/1\"",
        "{\"format\":\"fogbank-prices/1\"} | \"prices\" must be a list",
        "{\"format\":\"fogbank-prices/1\",\"prices\":[{\"serviceCode\":\"AmazonEC2\"}]}"
            + " | prices[0] \"region\" must be a non-empty string",
      })
  void read_whenMalformed_thenInvalidRequestNamingTheProblem(String json, String expected) {
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> PriceFile.read(json, "prices.json"));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertTrue(e.getMessage().startsWith("price file prices.json"), e.getMessage());
    assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
  }

  @Test
  void read_whenOneEntryOfManyIsBad_thenNothingIsReturned() {
    String good = PriceFile.write(List.of(M5, M5));
    String bad = good.replaceFirst("\"0.096\"", "\"ninety\"");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> PriceFile.read(bad, "p.json"));

    assertTrue(e.getMessage().contains("prices[0] \"usd\" must be a decimal"), e.getMessage());
  }
}
