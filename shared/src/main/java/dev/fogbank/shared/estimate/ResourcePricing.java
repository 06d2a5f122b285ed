package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a pricer works with for one resource: its properties as resolved for the parameters and
 * region, the other resources of the template (a group's launch template), the price book and the
 * usage assumptions; and what it collects: the cost lines and notes of the resource.
 */
final class ResourcePricing {
  private final ResourceDefinition<?> resource;
  private final Template template;
  private final TemplateValues values;
  private final PriceBook prices;
  private final UsageAssumptions usage;
  private final String region;

  private final List<CostLine> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean fixedPriceMissing;
  private boolean free;
  private String service;

  ResourcePricing(
      ResourceDefinition<?> resource,
      Template template,
      TemplateValues values,
      PriceBook prices,
      UsageAssumptions usage,
      String region) {
    this.resource = resource;
    this.template = template;
    this.values = values;
    this.prices = prices;
    this.usage = usage;
    this.region = region;
  }

  String logicalId() {
    return resource.logicalId();
  }

  String type() {
    return resource.type();
  }

  String region() {
    return region;
  }

  void service(String name) {
    this.service = name;
  }

  String service() {
    return service;
  }

  // --- reading properties ------------------------------------------------------------------

  /** The resolved value at {@code path} under Properties, or empty when it is not set. */
  Optional<Object> value(String... path) {
    return valueOf(resource, path);
  }

  /** The same, for another resource of the template. */
  Optional<Object> valueOf(ResourceDefinition<?> of, String... path) {
    Object node = values.resolve(rawProperties(of));
    StringBuilder at = new StringBuilder(of.logicalId() + ".Properties");
    for (String key : path) {
      at.append('.').append(key);
      if (node instanceof TemplateValues.UnresolvedValue u) {
        throw new TemplateValues.Unresolved(at + ": " + u.reason());
      }
      if (!(node instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      node = map.get(key);
      if (node == null) {
        return Optional.empty();
      }
    }
    if (node instanceof TemplateValues.UnresolvedValue u) {
      throw new TemplateValues.Unresolved(at + ": " + u.reason());
    }
    return Optional.of(node);
  }

  private Object rawProperties(ResourceDefinition<?> of) {
    // Fn::If as the whole Properties is kept among the other attributes.
    Object whole = of.otherAttributes().get("Properties");
    return whole != null ? whole : of.properties();
  }

  Optional<String> text(String... path) {
    return value(path).map(v -> textAt(v, path));
  }

  Optional<BigDecimal> number(String... path) {
    return value(path).map(v -> numberAt(v, path));
  }

  Optional<String> textOf(ResourceDefinition<?> of, String... path) {
    return valueOf(of, path).map(v -> textAt(v, path));
  }

  String textAt(Object v, String... path) {
    try {
      return TemplateValues.scalarText(v);
    } catch (TemplateValues.Unresolved e) {
      throw new TemplateValues.Unresolved(
          "Properties." + String.join(".", path) + ": " + e.getMessage());
    }
  }

  BigDecimal numberAt(Object v, String... path) {
    String text = textAt(v, path);
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new TemplateValues.Unresolved(
          "Properties." + String.join(".", path) + " is \"" + text + "\", not a number");
    }
  }

  /** The template's resource a {@code Ref} (or a name given as text) points to, if any. */
  Optional<ResourceDefinition<?>> referenced(Object value) {
    if (value instanceof Intrinsic.Ref ref) {
      return Optional.ofNullable(template.resources().get(ref.target()));
    }
    if (value instanceof Intrinsic.GetAtt att) {
      return Optional.ofNullable(template.resources().get(att.resource()));
    }
    return Optional.empty();
  }

  /** A property that must be set for the resource to be priced. */
  String requireText(String... path) {
    return text(path)
        .orElseThrow(
            () ->
                new TemplateValues.Unresolved(
                    "Properties." + String.join(".", path) + " is not set"));
  }

  // --- collecting costs ----------------------------------------------------------------------

  /** A part billed whatever the usage, {@code monthlyQuantity} units a month. */
  void fixed(String name, BigDecimal monthlyQuantity, PriceQuery query) {
    switch (prices.price(query)) {
      case PriceLookup.Found f ->
          lines.add(
              new CostLine(
                  name,
                  monthlyQuantity,
                  query.unit(),
                  f.price().usd(),
                  monthlyQuantity.multiply(f.price().usd()),
                  null));
      case PriceLookup.NotFound nf -> {
        fixedPriceMissing = true;
        lines.add(
            new CostLine(
                name, monthlyQuantity, query.unit(), null, null, missing(query, nf.reason())));
      }
      case PriceLookup.Unavailable u -> {
        fixedPriceMissing = true;
        lines.add(
            new CostLine(
                name,
                monthlyQuantity,
                query.unit(),
                null,
                null,
                "price unavailable for " + query.describe() + ": " + u.reason()));
      }
    }
  }

  /** A part billed per hour, {@code count} of them all month (730 hours). */
  void hourly(String name, BigDecimal count, PriceQuery query) {
    fixed(name, count.multiply(Money.HOURS_PER_MONTH), query);
  }

  /**
   * A part billed by usage: priced from {@code usage.<logicalId>.<usageKey>} when given ({@code
   * perUsageUnit} converts it to the price's unit), otherwise listed with its unit price.
   */
  void usage(String name, String usageKey, BigDecimal perUsageUnit, PriceQuery query) {
    Optional<BigDecimal> assumed = usage.get(logicalId(), usageKey);
    usage(name, assumed.map(a -> a.multiply(perUsageUnit)), "usage." + usageKey, query);
  }

  /** As above, with the monthly quantity already worked out (empty: not given). */
  void usage(String name, Optional<BigDecimal> quantity, String needs, PriceQuery query) {
    PriceLookup lookup = prices.price(query);
    BigDecimal unitPrice = lookup instanceof PriceLookup.Found f ? f.price().usd() : null;
    String note =
        switch (lookup) {
          case PriceLookup.Found f ->
              quantity.isPresent() ? "from " + needs : "usage-based: set " + needs;
          case PriceLookup.NotFound nf -> missing(query, nf.reason());
          case PriceLookup.Unavailable u ->
              "price unavailable for " + query.describe() + ": " + u.reason();
        };
    lines.add(
        new CostLine(
            name,
            quantity.orElse(null),
            query.unit(),
            unitPrice,
            unitPrice != null && quantity.isPresent() ? quantity.get().multiply(unitPrice) : null,
            note));
  }

  Optional<BigDecimal> assumed(String usageKey) {
    return usage.get(logicalId(), usageKey);
  }

  void note(String text) {
    notes.add(text);
  }

  /** AWS does not bill the resource itself. */
  void free(String why) {
    free = true;
    if (why != null) {
      notes.add(why);
    }
  }

  private String missing(PriceQuery query, String reason) {
    return "no price for " + query.describe() + " in " + region + ": " + reason;
  }

  ResourceEstimate result() {
    String svc = service != null ? service : serviceOf(type());
    if (free && lines.isEmpty()) {
      return new ResourceEstimate(
          logicalId(),
          type(),
          svc,
          ResourceEstimate.Status.FREE,
          BigDecimal.ZERO.setScale(2),
          BigDecimal.ZERO.setScale(2),
          lines,
          notes);
    }
    boolean anyCounted = lines.stream().anyMatch(l -> l.monthly() != null);
    if (fixedPriceMissing) {
      return unknown(svc);
    }
    if (!anyCounted) {
      boolean listedUsage = lines.stream().anyMatch(l -> l.unitPrice() != null);
      if (!listedUsage) {
        if (lines.isEmpty()) {
          notes.add("nothing to price");
        }
        return unknown(svc);
      }
      return new ResourceEstimate(
          logicalId(), type(), svc, ResourceEstimate.Status.USAGE_BASED, null, null, lines, notes);
    }
    BigDecimal monthly =
        Money.cents(
            lines.stream()
                .map(CostLine::monthly)
                .filter(m -> m != null)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    return new ResourceEstimate(
        logicalId(),
        type(),
        svc,
        ResourceEstimate.Status.PRICED,
        monthly,
        Money.annual(monthly),
        lines,
        notes);
  }

  private ResourceEstimate unknown(String svc) {
    return new ResourceEstimate(
        logicalId(), type(), svc, ResourceEstimate.Status.UNKNOWN, null, null, lines, notes);
  }

  /** {@code AWS::EC2::Volume} → {@code EC2}. */
  static String serviceOf(String type) {
    String[] parts = type.split("::");
    return parts.length >= 2 ? parts[1] : type;
  }
}
