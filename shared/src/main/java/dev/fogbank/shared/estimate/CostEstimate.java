package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a template would cost a month (and a year) in a region at on-demand prices: per resource, by
 * service and in total, with its coverage and the notes that apply to the whole template
 * (parameters without a value, ...). Figures are USD, rounded to cents.
 */
public record CostEstimate(
    String region,
    String currency,
    BigDecimal monthly,
    BigDecimal annual,
    Map<String, BigDecimal> monthlyByService,
    Coverage coverage,
    List<ResourceEstimate> resources,
    List<String> notes) {

  public CostEstimate {
    monthlyByService = Map.copyOf(new java.util.TreeMap<>(monthlyByService));
    resources = List.copyOf(resources);
    notes = List.copyOf(notes);
  }

  /** Annual figures by service: twelve months each. */
  public Map<String, BigDecimal> annualByService() {
    Map<String, BigDecimal> annual = new java.util.TreeMap<>();
    monthlyByService.forEach((k, v) -> annual.put(k, Money.annual(v)));
    return annual;
  }
}
