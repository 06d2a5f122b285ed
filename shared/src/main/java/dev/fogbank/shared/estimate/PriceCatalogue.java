package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The prices worth having before any template asks for them: those an estimate of the bundled
 * {@code price-catalogue.yaml} (common sizes of each priced type) looks up. {@code fogbank prices
 * refresh} and the scheduled refresh fetch them per region.
 */
public final class PriceCatalogue {
  private PriceCatalogue() {}

  public static SourceTemplate template() {
    try (InputStream in = PriceCatalogue.class.getResourceAsStream("price-catalogue.yaml")) {
      return TemplateReader.readSource(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("price-catalogue.yaml is part of the jar", e);
    }
  }

  /** Looks up, through {@code book}, every price the catalogue needs in {@code region}. */
  public static CostEstimate prime(PriceBook book, String region) {
    return new CostEstimator(book).estimate(template(), Map.of(), region);
  }
}
