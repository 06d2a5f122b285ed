package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.ResourceTypeCheck;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TemplateWriter;
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
 * compares. The tree is the typed model the template reader builds, in the writer's long form, so
 * YAML and JSON, short and long forms, and any order of keys compare equal.
 */
public final class ControlPlaneTemplate {

  private final String body;
  private final byte[] bytes;
  private final JsonNode root;

  private ControlPlaneTemplate(String body) {
    this.body = Objects.requireNonNull(body, "body");
    this.bytes = body.getBytes(StandardCharsets.UTF_8);
    this.root = typedTree(bytes);
  }

  private static JsonNode typedTree(byte[] bytes) {
    try {
      return Json.mapper().readTree(TemplateWriter.json(TemplateReader.read(bytes)));
    } catch (java.io.IOException e) {
      // The writer's own JSON always reads back.
      throw new IllegalStateException("the template writer wrote JSON that does not read", e);
    }
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
    // Warnings (types the bundled schemas do not know) do not stop a synthesis.
    model.validate(check).stream()
        .filter(dev.fogbank.shared.template.TemplateProblem::isError)
        .forEach(problems::add);
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
