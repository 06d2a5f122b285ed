package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.ResourceTypeCheck;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A synthesized control-plane template: the text CloudFormation gets and the tree bootstrap
 * compares (with CloudFormation's short-form tags in their long form, so YAML and JSON compare
 * equal).
 */
public final class ControlPlaneTemplate {

  private final String body;
  private final byte[] bytes;
  private final JsonNode root;

  private ControlPlaneTemplate(String body) {
    this.body = Objects.requireNonNull(body, "body");
    this.bytes = body.getBytes(StandardCharsets.UTF_8);
    this.root = new TemplateParser().parse(bytes).root();
  }

  /** A template from its text (YAML or JSON). */
  public static ControlPlaneTemplate of(String body) {
    return new ControlPlaneTemplate(body);
  }

  /**
   * Writes {@code defaults} into the model's parameters, validates it (throwing a {@link
   * TemplateException} with every problem) and renders it with {@code writer}. The model is
   * changed: pass a fresh one.
   */
  public static ControlPlaneTemplate synthesize(
      Template model,
      ResourceTypeCheck check,
      Map<String, String> defaults,
      Function<Template, String> writer) {
    List<dev.fogbank.shared.template.TemplateProblem> problems = new ArrayList<>();
    defaults.forEach(
        (name, value) -> {
          Parameter parameter = model.parameters().get(name);
          if (parameter == null) {
            problems.add(
                new dev.fogbank.shared.template.TemplateProblem(
                    "Parameters." + name,
                    "bootstrap supplies parameter "
                        + name
                        + " but the template does not declare it"));
          } else {
            parameter.defaultValue(value);
          }
        });
    problems.addAll(model.validate(check));
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    return of(writer.apply(model));
  }

  public String body() {
    return body;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int sizeBytes() {
    return bytes.length;
  }

  /** The parsed template; do not modify. */
  public JsonNode root() {
    return root;
  }

  /** Declared parameters → their Default (empty when there is none), in template order. */
  public Map<String, Optional<String>> parameters() {
    Map<String, Optional<String>> parameters = new LinkedHashMap<>();
    root.path("Parameters")
        .properties()
        .forEach(
            e ->
                parameters.put(
                    e.getKey(), TemplateComparison.scalarText(e.getValue().get("Default"))));
    return Collections.unmodifiableMap(parameters);
  }
}
