package dev.fogbank.infrastructure.bootstrap;

import java.util.Map;

/** Produces the control-plane template, synthesized and validated. */
@FunctionalInterface
public interface TemplateSource {

  /**
   * The template, with {@code parameterDefaults} written as the named parameters' Default values
   * (so that a deployment that does not pass them, such as one from the drop bucket, still gets
   * them). Throws {@link dev.fogbank.shared.template.TemplateException} listing every
   * problem when the template is not valid.
   */
  ControlPlaneTemplate render(Map<String, String> parameterDefaults);
}
