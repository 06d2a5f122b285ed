package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.Template;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Estimates what a template costs a month at on-demand prices in a region, resource by resource,
 * from its properties once parameters and conditions are resolved; and the difference between two
 * estimates. Whatever it cannot price (an unknown type, an unresolvable value, a missing or
 * unavailable price) is a line of the estimate, never an exception: an estimate never fails a
 * deployment.
 */
public final class CostEstimator {
  private final PriceBook prices;
  private final ResourcePricers pricers = new ResourcePricers();

  public CostEstimator(PriceBook prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  public CostEstimate estimate(
      SourceTemplate template, Map<String, String> parameters, String region) {
    return estimate(template.template(), parameters, region, UsageAssumptions.none());
  }

  public CostEstimate estimate(
      Template template, Map<String, String> parameters, String region, UsageAssumptions usage) {
    Map<String, String> given = parameters == null ? Map.of() : parameters;
    TemplateValues values = new TemplateValues(template, given, region);
    List<String> notes = new ArrayList<>();
    for (String name : values.missingParameters()) {
      notes.add(
          "parameter " + name + " has no value and no Default: what depends on it is not priced");
    }
    for (String name : values.unknownParameters()) {
      notes.add("parameter " + name + " is not declared by the template: ignored");
    }
    for (String id : usage.byLogicalId().keySet()) {
      if (!template.resources().containsKey(id)) {
        notes.add("usage given for " + id + ", which is not a resource of the template: ignored");
      }
    }
    if (!template.transforms().isEmpty()) {
      notes.add(
          "Transform "
              + String.join(", ", template.transforms())
              + ": estimated from the template as written; resources the transform adds are not in"
              + " it");
    }
    List<ResourceEstimate> resources = new ArrayList<>();
    for (ResourceDefinition<?> resource : template.resources().values()) {
      resources.add(estimateResource(resource, template, values, usage, region));
    }
    Map<String, BigDecimal> byService = new TreeMap<>();
    BigDecimal monthly = BigDecimal.ZERO;
    int priced = 0, usageBased = 0, free = 0, notCreated = 0, unknown = 0;
    for (ResourceEstimate r : resources) {
      switch (r.status()) {
        case PRICED -> priced++;
        case USAGE_BASED -> usageBased++;
        case FREE -> free++;
        case NOT_CREATED -> notCreated++;
        case UNKNOWN -> unknown++;
      }
      if (r.status() == ResourceEstimate.Status.PRICED) {
        monthly = monthly.add(r.monthly());
        byService.merge(r.service(), r.monthly(), BigDecimal::add);
      }
    }
    monthly = Money.cents(monthly);
    return new CostEstimate(
        region,
        "USD",
        monthly,
        Money.annual(monthly),
        byService,
        new Coverage(priced, usageBased, free, notCreated, unknown),
        resources,
        notes);
  }

  private ResourceEstimate estimateResource(
      ResourceDefinition<?> resource,
      Template template,
      TemplateValues values,
      UsageAssumptions usage,
      String region) {
    String id = resource.logicalId();
    String type = resource.type();
    String service = ResourcePricing.serviceOf(type);
    List<String> notes = new ArrayList<>();
    if (resource.conditionName() != null) {
      try {
        if (!values.condition(resource.conditionName())) {
          return new ResourceEstimate(
              id,
              type,
              service,
              ResourceEstimate.Status.NOT_CREATED,
              null,
              null,
              List.of(),
              List.of("condition " + resource.conditionName() + " is false: not created"));
        }
      } catch (TemplateValues.Unresolved e) {
        notes.add(e.getMessage() + "; priced as if created");
      }
    }
    Optional<ResourcePricers.Pricer> pricer = pricers.pricer(type);
    if (pricer.isEmpty()) {
      if (ResourcePricers.FREE.contains(type)) {
        return new ResourceEstimate(
            id,
            type,
            service,
            ResourceEstimate.Status.FREE,
            BigDecimal.ZERO.setScale(2),
            BigDecimal.ZERO.setScale(2),
            List.of(),
            notes);
      }
      notes.add("fogbank does not price " + type);
      return new ResourceEstimate(
          id, type, service, ResourceEstimate.Status.UNKNOWN, null, null, List.of(), notes);
    }
    ResourcePricing pricing =
        new ResourcePricing(resource, template, values, prices, usage, region);
    notes.forEach(pricing::note);
    try {
      pricer.get().price(pricing);
    } catch (TemplateValues.Unresolved e) {
      pricing.note("not priced: " + e.getMessage());
      ResourceEstimate partial = pricing.result();
      return new ResourceEstimate(
          id,
          type,
          partial.service(),
          ResourceEstimate.Status.UNKNOWN,
          null,
          null,
          partial.lines(),
          partial.notes());
    } catch (RuntimeException e) {
      // A pricer's bug must not fail an estimate (and so never a review); say what happened.
      pricing.note("not priced: " + e.getClass().getSimpleName() + " while reading the properties");
      ResourceEstimate partial = pricing.result();
      return new ResourceEstimate(
          id,
          type,
          partial.service(),
          ResourceEstimate.Status.UNKNOWN,
          null,
          null,
          partial.lines(),
          partial.notes());
    }
    return pricing.result();
  }

  /**
   * What changes from {@code before} (the deployed template's estimate) to {@code after}: the
   * totals and every resource added, removed or with another monthly figure.
   */
  public static CostDelta delta(CostEstimate before, CostEstimate after) {
    Map<String, ResourceEstimate> old = new LinkedHashMap<>();
    before.resources().forEach(r -> old.put(r.logicalId(), r));
    List<CostDelta.ResourceDelta> changes = new ArrayList<>();
    for (ResourceEstimate now : after.resources()) {
      ResourceEstimate was = old.remove(now.logicalId());
      BigDecimal a = counted(now);
      if (was == null) {
        changes.add(
            new CostDelta.ResourceDelta(
                now.logicalId(), now.type(), CostDelta.Change.ADDED, null, a, a, null));
        continue;
      }
      BigDecimal b = counted(was);
      if (!Objects.equals(a, b) || !was.type().equals(now.type())) {
        BigDecimal d = a == null || b == null ? null : a.subtract(b);
        changes.add(
            new CostDelta.ResourceDelta(
                now.logicalId(),
                now.type(),
                CostDelta.Change.MODIFIED,
                b,
                a,
                d,
                d == null ? null : percent(d, b)));
      }
    }
    for (ResourceEstimate gone : old.values()) {
      BigDecimal b = counted(gone);
      changes.add(
          new CostDelta.ResourceDelta(
              gone.logicalId(),
              gone.type(),
              CostDelta.Change.REMOVED,
              b,
              null,
              b == null ? null : b.negate(),
              b == null ? null : percent(b.negate(), b)));
    }
    BigDecimal monthly = after.monthly().subtract(before.monthly());
    return new CostDelta(
        before.monthly(),
        after.monthly(),
        monthly,
        Money.annual(monthly),
        percent(monthly, before.monthly()),
        changes);
  }

  private static BigDecimal counted(ResourceEstimate r) {
    return switch (r.status()) {
      case PRICED, FREE -> r.monthly();
      case NOT_CREATED -> BigDecimal.ZERO.setScale(2);
      default -> null;
    };
  }

  private static BigDecimal percent(BigDecimal change, BigDecimal base) {
    if (base == null || base.signum() == 0) {
      return null;
    }
    return change.multiply(BigDecimal.valueOf(100)).divide(base, 1, RoundingMode.HALF_UP);
  }
}
