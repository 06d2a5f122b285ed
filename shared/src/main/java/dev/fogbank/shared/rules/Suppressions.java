package dev.fogbank.shared.rules;

import dev.fogbank.shared.template.ResourceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suppressions a template declares ({@code Metadata.fogbank.suppress} of a resource, or of the
 * template for findings about parameters), applied to the findings. A suppression without a
 * justification suppresses nothing and is itself a finding (FB-META-001); one naming a rule that
 * does not exist is a finding too (FB-META-002), since it usually hides a typo.
 */
final class Suppressions {

  private final Map<String, Suppression> templateWide;
  private final Map<String, Map<String, Suppression>> byResource = new HashMap<>();

  /** Reads every declaration, raising META findings on {@code in} for the invalid ones. */
  Suppressions(Inspection in) {
    templateWide = declared(in, null, in.template().metadata(), "Metadata");
    for (ResourceDefinition<?> r : in.template().resources().values()) {
      byResource.put(
          r.logicalId(),
          declared(in, r.logicalId(), r.metadata(), Inspection.resourcePath(r) + ".Metadata"));
    }
  }

  /** The findings, those a valid declaration covers marked suppressed. */
  List<Finding> apply(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      Map<String, Suppression> own =
          f.resource() == null ? templateWide : byResource.getOrDefault(f.resource(), Map.of());
      Suppression s = f.ruleId().startsWith("FB-META-") ? null : own.get(f.ruleId());
      out.add(
          s == null
              ? f
              : new Finding(
                  f.ruleId(), f.severity(), f.resource(), f.path(), f.message(), f.position(), s));
    }
    return out;
  }

  /** The valid suppressions in one Metadata block, raising META findings for the others. */
  private static Map<String, Suppression> declared(
      Inspection in, String resource, Map<String, Object> metadata, String path) {
    Map<String, Suppression> valid = new HashMap<>();
    if (!(metadata.get("fogbank") instanceof Map<?, ?> fogbank)
        || !(fogbank.get("suppress") instanceof List<?> entries)) {
      return valid;
    }
    String where = resource == null ? "the template" : resource;
    for (int i = 0; i < entries.size(); i++) {
      String at = path + ".fogbank.suppress[" + i + "]";
      Map<?, ?> entry = entries.get(i) instanceof Map<?, ?> m ? m : Map.of();
      String rule = entry.get("rule") instanceof String s ? s.strip() : null;
      String reason = entry.get("reason") instanceof String s ? s.strip() : null;
      if (rule == null || SecurityRules.describe(rule) == null) {
        in.report(
            "FB-META-002",
            resource,
            at,
            where
                + " suppresses "
                + (rule == null ? "no rule id" : "unknown rule " + rule)
                + ": give the id of a rule listed in docs/rules.md (rule: FB-...)");
        continue;
      }
      if (reason == null || reason.isEmpty()) {
        in.report(
            "FB-META-001",
            resource,
            at,
            where
                + " suppresses "
                + rule
                + " without a justification: add reason: with why it is acceptable (a ticket,"
                + " an approval); until then "
                + rule
                + " is not suppressed");
        continue;
      }
      valid.putIfAbsent(rule, new Suppression(rule, reason));
    }
    return valid;
  }
}
