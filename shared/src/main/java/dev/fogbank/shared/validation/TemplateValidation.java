package dev.fogbank.shared.validation;

import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.template.ResourceTypeCheck;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one template check, the same in the control plane's Validate step and in {@code fogbank
 * validate}: structure and resource schemas and the supplied parameter values (errors thrown
 * together as TEMPLATE_INVALID, each with its line), then the security rules judged by the
 * deployment's {@link ValidationPolicy}. AWS is not asked here; the Validate step adds its
 * pre-flight findings through {@code extra}.
 */
public final class TemplateValidation {
  /** A rule that throws on a template is reported, and blocks by default, never crashes a step. */
  public static final String RULE_FAILURE_ID = "FB-RULES-000";

  private final ResourceTypeCheck resourceTypes;
  private final TemplateRules rules;

  public TemplateValidation(ResourceTypeCheck resourceTypes, TemplateRules rules) {
    this.resourceTypes = resourceTypes;
    this.rules = rules;
  }

  /** What the check found that does not make the template invalid. */
  public record Outcome(List<String> warnings, ValidationReport report) {}

  /**
   * @param parameters the supplied values, or null to skip the parameter check (a file checked
   *     without its deployment's values)
   * @param extra findings from outside the template (required stack tags)
   */
  public Outcome check(
      SourceTemplate read,
      Map<String, String> parameters,
      List<Finding> extra,
      ValidationPolicy policy) {
    List<String> warnings =
        read.requireValid(resourceTypes, parameters).stream()
            .map(TemplateProblem::toString)
            .toList();
    List<Finding> findings = new ArrayList<>(extra);
    findings.addAll(rules(read, parameters == null ? Map.of() : parameters));
    return new Outcome(warnings, ValidationReport.of(findings, policy));
  }

  private List<Finding> rules(SourceTemplate read, Map<String, String> parameters) {
    try {
      return rules.check(read, parameters);
    } catch (RuntimeException bug) {
      // The rules walk hostile input; a rule that breaks on it must not let the template through
      // unchecked, nor take the step down with a stack trace.
      return List.of(
          new Finding(
              RULE_FAILURE_ID,
              Severity.HIGH,
              null,
              "template",
              "the security rules could not check this template ("
                  + bug.getClass().getSimpleName()
                  + "); it is refused until they can",
              null,
              null));
    }
  }
}
