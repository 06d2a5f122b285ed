package dev.fogbank.cli;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.estimate.CachedPrice;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.PriceCache;
import dev.fogbank.shared.estimate.PriceCatalogue;
import dev.fogbank.shared.estimate.PriceFile;
import dev.fogbank.shared.estimate.RecordingPriceBook;
import dev.fogbank.shared.template.TemplateReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    description = "Price files for estimates offline.",
    subcommands = {PricesCommand.Refresh.class, PricesCommand.Import.class})
public final class PricesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description =
          "Fetch from the AWS Price List Query API the prices estimates need (common sizes of every"
              + " priced type, and whatever the given templates use) and write them to a price"
              + " file.")
  static final class Refresh implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--region",
        paramLabel = "R",
        description = "A region to fetch (repeatable; default us-east-1).")
    List<String> regions = new ArrayList<>();

    @Option(
        names = "--template",
        paramLabel = "FILE",
        description = "Also fetch what this template needs (repeatable).")
    List<Path> templates = new ArrayList<>();

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "The price file (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("prices.json");

    @Mixin PriceOptions priceOptions;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (PriceOptions opened = priceOptions) {
        if (!priceOptions.online()) {
          err.println(
              "fogbank prices refresh: no AWS credentials (environment or ~/.aws) and no"
                  + " --pricing-endpoint: the Price List API cannot be called; on a machine that"
                  + " has them, run this and copy the file here for fogbank prices import");
          err.flush();
          return 1;
        }
        RecordingPriceBook book = new RecordingPriceBook(priceOptions.source(), Clock.systemUTC());
        List<String> wanted = regions.isEmpty() ? List.of("us-east-1") : regions;
        for (String region : wanted) {
          PriceCatalogue.prime(book, region);
          for (Path t : templates) {
            new CostEstimator(book)
                .estimate(TemplateReader.readSource(Files.readAllBytes(t)), Map.of(), region);
          }
        }
        List<CachedPrice> found = book.found();
        Files.writeString(out, PriceFile.write(found), StandardCharsets.UTF_8);
        err.println(
            "fogbank prices refresh: wrote "
                + found.size()
                + " prices for "
                + String.join(", ", wanted)
                + " to "
                + out);
        List<String> problems = book.problems();
        if (!problems.isEmpty()) {
          err.println(problems.size() + " prices not found or unavailable:");
          problems.forEach(p -> err.println("  " + p));
        }
        err.flush();
        return 0;
      } catch (DeploymentException e) {
        err.println("fogbank prices refresh: " + e.getMessage());
        err.flush();
        return 1;
      } catch (IOException e) {
        err.println("fogbank prices refresh: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Load a price file into the local price cache (the control table under --data-dir)."
              + " A malformed file loads nothing.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        description = "A price file written by fogbank prices refresh.")
    Path file;

    @Mixin PriceOptions priceOptions;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (PriceOptions opened = priceOptions) {
        // Read and check the whole file before the cache is opened: a bad file loads nothing.
        List<CachedPrice> prices =
            PriceFile.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        PriceCache cache = priceOptions.localCache();
        cache.putAll(prices);
        err.println(
            "fogbank prices import: loaded "
                + prices.size()
                + " prices into "
                + priceOptions.dataDir);
        err.flush();
        return 0;
      } catch (DeploymentException e) {
        err.println("fogbank prices import: " + e.getMessage() + "; nothing loaded");
        err.flush();
        return 1;
      } catch (IOException e) {
        err.println("fogbank prices import: cannot read " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }
}
