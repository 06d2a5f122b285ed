package dev.fogbank.shared.rules;

import dev.fogbank.shared.template.SourceTemplate;
import java.util.List;
import java.util.Map;

/**
 * fogbank's security and hygiene rules over a template that already passed the structural check.
 * Pure: no AWS calls; the same answer in the control plane's Validate step and in {@code fogbank
 * validate} on a laptop.
 */
public interface TemplateRules {

  /**
   * Every finding, suppressed ones included (marked), worst first, then in template order.
   *
   * @param parameters the values supplied for this deployment; a rule reads a property given as a
   *     {@code Ref} to a parameter through them (or the parameter's default)
   */
  List<Finding> check(SourceTemplate template, Map<String, String> parameters);
}
