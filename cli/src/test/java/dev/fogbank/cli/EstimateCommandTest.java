package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.SynthCommandTest.Run;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fogbank prices refresh/import} and {@code fogbank estimate} as a new user runs them, with
 * the Price List stand-in (published us-east-1 prices) as the pricing endpoint.
 */
class EstimateCommandTest {
  @TempDir Path dir;

  private PriceListServer server;
  private Path template;

  @BeforeEach
  void setUp() throws IOException {
    server = PriceListServer.start();
    template = dir.resolve("template.yaml");
    try (InputStream in = getClass().getResourceAsStream("/estimate/done-when.yaml")) {
      Files.write(template, in.readAllBytes());
    }
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Run fogbank(String... args) {
    return SynthCommandTest.run(new FogbankCli(), args);
  }

  @Test
  void estimate_whenPricesRefreshedThenImported_thenOfflineTableWithTotals() {
    Path prices = dir.resolve("prices.json");
    Path data = dir.resolve("data");

    Run refresh =
        fogbank(
            "prices",
            "refresh",
            "--pricing-endpoint",
            server.endpoint().toString(),
            "--template",
            template.toString(),
            "--out",
            prices.toString());
    int callsAfterRefresh = server.calls();
    Run load = fogbank("prices", "import", prices.toString(), "--data-dir", data.toString());
    Run estimate =
        fogbank("estimate", template.toString(), "--data-dir", data.toString(), "--offline");

    assertEquals(0, refresh.exit(), refresh.err());
    assertTrue(refresh.err().startsWith("fogbank prices refresh: wrote "), refresh.err());
    assertEquals(0, load.exit(), load.err());
    assertEquals(0, estimate.exit(), estimate.err());
    String out = estimate.out();
    assertTrue(out.contains("NatGateway"), out);
    assertTrue(out.matches("(?s).*WebA\\s+AWS::EC2::Instance\\s+70\\.08\\s+840\\.96.*"), out);
    assertTrue(out.matches("(?s).*TOTAL\\s+181\\.01\\s+2,172\\.12.*"), out);
    assertTrue(out.contains("Coverage: 4 priced"), out);
    assertEquals(callsAfterRefresh, server.calls(), "an offline estimate calls nothing");
  }

  @Test
  void estimate_whenJsonOutputAndParameters_thenTheEstimateAsJson() throws IOException {
    Files.writeString(
        template,
        "Parameters:\n  Size: {Type: String, Default: t3.micro}\nResources:\n  Web:\n"
            + "    Type: AWS::EC2::Instance\n    Properties: {InstanceType: !Ref Size}\n");

    Run run =
        fogbank(
            "estimate",
            template.toString(),
            "-p",
            "Size=m5.large",
            "--output",
            "json",
            "--pricing-endpoint",
            server.endpoint().toString(),
            "--data-dir",
            dir.resolve("d").toString());

    assertEquals(0, run.exit(), run.err());
    JsonNode json = Json.mapper().readTree(run.out());
    assertEquals("70.08", json.path("monthly").asText());
    assertEquals("PRICED", json.path("resources").get(0).path("status").asText());
  }

  @Test
  void import_whenFileMalformed_thenExit1AndNothingLoaded() throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"format\":\"fogbank-prices/1\",\"prices\":[{\"serviceCode\":1}]}");
    Path data = dir.resolve("data");

    Run load = fogbank("prices", "import", bad.toString(), "--data-dir", data.toString());
    Run estimate =
        fogbank("estimate", template.toString(), "--data-dir", data.toString(), "--offline");

    assertEquals(1, load.exit());
    assertTrue(load.err().contains("\"serviceCode\" must be a non-empty string"), load.err());
    assertTrue(load.err().contains("nothing loaded"), load.err());
    assertEquals(0, estimate.exit(), estimate.err());
    assertTrue(estimate.out().contains("Coverage: 0 priced"), estimate.out());
    assertTrue(estimate.out().contains("not in the price cache"), estimate.out());
  }

  @Test
  void estimate_whenTemplateInvalid_thenExit1WithWhere() throws IOException {
    Files.writeString(template, "Resources:\n  A: [unclosed\n");

    Run run = fogbank("estimate", template.toString(), "--offline", "--data-dir", dir.toString());

    assertEquals(1, run.exit());
    assertTrue(run.err().startsWith("fogbank estimate: "), run.err());
  }
}
