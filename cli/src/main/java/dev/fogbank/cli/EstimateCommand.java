package dev.fogbank.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fogbank.shared.deploy.DeploymentManifest;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.CostEstimate;
import dev.fogbank.shared.estimate.CostEstimateText;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.InMemoryPriceCache;
import dev.fogbank.shared.estimate.PriceCache;
import dev.fogbank.shared.estimate.PriceFile;
import dev.fogbank.shared.estimate.UsageAssumptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "estimate",
    mixinStandardHelpOptions = true,
    description =
        "What a template would cost a month and a year at on-demand prices, per resource, by"
            + " service and in total. Offline when the prices are cached (fogbank prices import)"
            + " or given with --prices; a price it cannot find is a line, not a failure.")
public final class EstimateCommand implements Callable<Integer> {
  enum Output {
    table,
    json,
    csv
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The template (YAML or JSON).")
  Path file;

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description = "A parameter value.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--parameters",
      paramLabel = "FILE",
      description = "A deployment.yaml: its parameters (-p wins) and usage assumptions.")
  Path manifest;

  @Option(
      names = "--region",
      paramLabel = "R",
      description = "Region whose prices apply (default: ${DEFAULT-VALUE}).")
  String region =
      firstSet(System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"), "us-east-1");

  @Option(names = "--output", paramLabel = "FORMAT", description = "table (default), json or csv.")
  Output output = Output.table;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description = "A price file (fogbank prices refresh) to use instead of the cache.")
  Path prices;

  @Mixin PriceOptions priceOptions;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (PriceOptions opened = priceOptions) {
      SourceTemplate template = TemplateReader.readSource(Files.readAllBytes(file));
      Map<String, String> values = new LinkedHashMap<>();
      UsageAssumptions usage = UsageAssumptions.none();
      if (manifest != null) {
        DeploymentManifest m = DeploymentManifest.parse(Files.readAllBytes(manifest));
        values.putAll(m.parameters());
        usage = new UsageAssumptions(m.usage());
      }
      values.putAll(parameters);
      PriceCache cache;
      if (prices != null) {
        cache = new InMemoryPriceCache();
        cache.putAll(
            PriceFile.read(Files.readString(prices, StandardCharsets.UTF_8), prices.toString()));
      } else {
        cache = priceOptions.localCache();
      }
      CostEstimator estimator =
          new CostEstimator(
              new CachingPriceBook(
                  cache,
                  priceOptions.source(),
                  Clock.systemUTC(),
                  CachingPriceBook.DEFAULT_REFRESH_PERIOD));
      CostEstimate estimate = estimator.estimate(template.template(), values, region, usage);
      out.print(
          switch (output) {
            case table -> CostEstimateText.table(estimate, "Estimate for " + file.getFileName());
            case csv -> CostEstimateText.csv(estimate);
            case json -> json(estimate);
          });
      out.flush();
      return 0;
    } catch (DeploymentException e) {
      err.println("fogbank estimate: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("fogbank estimate: cannot read " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static String json(CostEstimate estimate) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(estimate) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an estimate is plain records", e);
    }
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
