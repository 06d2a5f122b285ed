package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.stack.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What changes between a deployed template (with its parameter values) and a new one, found by
 * comparing them: resources added, removed, retyped, redefined, or depending through {@code Ref} or
 * {@code Fn::Sub} on a parameter whose value changes. CloudFormation's change set is the authority;
 * this comparison stands in where it is silent (an emulator that lists no changes for a
 * parameter-only update) and backs the self-upgrade guard with a check that needs no AWS call.
 */
public final class TemplateComparison {

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  private TemplateComparison() {}

  /**
   * The resource-level differences, current template order first, then additions.
   *
   * @param currentParameters the deployed stack's parameter values (as DescribeStacks gives them)
   * @param nextParameters the values the new deployment passes; a parameter it does not pass takes
   *     the new template's Default
   */
  public static List<ResourceChange> changes(
      JsonNode current,
      Map<String, String> currentParameters,
      JsonNode next,
      Map<String, String> nextParameters) {
    Map<String, String> before = effectiveParameters(current, currentParameters);
    Map<String, String> after = effectiveParameters(next, nextParameters);
    Set<String> changedParameters = new TreeSet<>();
    for (String name : union(before.keySet(), after.keySet())) {
      if (!Objects.equals(before.get(name), after.get(name))) {
        changedParameters.add(name);
      }
    }
    JsonNode oldResources = current.path("Resources");
    JsonNode newResources = next.path("Resources");
    List<ResourceChange> changes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : oldResources.properties()) {
      String id = entry.getKey();
      JsonNode old = entry.getValue();
      String oldType = old.path("Type").asText(null);
      JsonNode now = newResources.get(id);
      if (now == null) {
        changes.add(new ResourceChange("Remove", id, oldType, null, "not in the new template"));
        continue;
      }
      String newType = now.path("Type").asText(null);
      if (!Objects.equals(oldType, newType)) {
        changes.add(
            new ResourceChange(
                "Modify", id, newType, "True", "type changes from " + oldType + " to " + newType));
      } else if (!old.equals(now)) {
        changes.add(new ResourceChange("Modify", id, newType, null, "definition changed"));
      } else {
        Set<String> used = new TreeSet<>(parameterReferences(now));
        used.retainAll(changedParameters);
        if (!used.isEmpty()) {
          changes.add(
              new ResourceChange(
                  "Modify",
                  id,
                  newType,
                  null,
                  (used.size() == 1 ? "parameter " : "parameters ")
                      + String.join(", ", used)
                      + " changed"));
        }
      }
    }
    for (Map.Entry<String, JsonNode> entry : newResources.properties()) {
      if (!oldResources.has(entry.getKey())) {
        changes.add(
            new ResourceChange(
                "Add", entry.getKey(), entry.getValue().path("Type").asText(null), null, "new"));
      }
    }
    return changes;
  }

  /**
   * Whether deploying {@code next} would change nothing: the same parameter values and the same
   * template apart from parameter Defaults (which matter only through those values; the
   * self-upgrade writes the artifact keys as Defaults).
   */
  public static boolean same(
      JsonNode current,
      Map<String, String> currentParameters,
      JsonNode next,
      Map<String, String> nextParameters) {
    return withoutDefaults(current).equals(withoutDefaults(next))
        && effectiveParameters(current, currentParameters)
            .equals(effectiveParameters(next, nextParameters));
  }

  private static JsonNode withoutDefaults(JsonNode template) {
    JsonNode copy = template.deepCopy();
    JsonNode parameters = copy.path("Parameters");
    if (parameters.isObject()) {
      parameters.forEach(
          p -> {
            if (p instanceof ObjectNode object) {
              object.remove("Default");
            }
          });
    }
    return copy;
  }

  /**
   * Each declared parameter's value: the one given, else the template's Default (lists joined with
   * commas, as CloudFormation reports them). Given values for undeclared names are kept, so that a
   * mismatch shows up as a difference.
   */
  static Map<String, String> effectiveParameters(JsonNode template, Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    template
        .path("Parameters")
        .properties()
        .forEach(
            e -> {
              String name = e.getKey();
              Optional<String> value =
                  given.containsKey(name)
                      ? Optional.ofNullable(given.get(name))
                      : scalarText(e.getValue().get("Default"));
              value.ifPresent(v -> values.put(name, v));
            });
    given.forEach(values::putIfAbsent);
    return values;
  }

  /** Names of parameters (and resources) a node refers to through Ref or Fn::Sub. */
  static Set<String> parameterReferences(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    collect(node, names);
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      if (node.size() == 1 && node.has("Ref") && node.get("Ref").isTextual()) {
        names.add(node.get("Ref").asText());
        return;
      }
      if (node.size() == 1 && node.has("Fn::Sub")) {
        JsonNode sub = node.get("Fn::Sub");
        JsonNode text = sub.isArray() ? sub.path(0) : sub;
        Set<String> local = new LinkedHashSet<>();
        if (sub.isArray() && sub.path(1).isObject()) {
          sub.path(1).fieldNames().forEachRemaining(local::add);
          collect(sub.path(1), names);
        }
        if (text.isTextual()) {
          Matcher m = SUB_VARIABLE.matcher(text.asText());
          while (m.find()) {
            String variable = m.group(1).strip();
            if (!variable.contains(".") && !local.contains(variable)) {
              names.add(variable);
            }
          }
        }
        return;
      }
      node.properties().forEach(e -> collect(e.getValue(), names));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, names));
    }
  }

  /** A parameter Default as CloudFormation's API shows the value: text, lists comma-joined. */
  static Optional<String> scalarText(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return Optional.empty();
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      return Optional.of(String.join(",", items));
    }
    if (value.isBigDecimal()) {
      return Optional.of(value.decimalValue().toPlainString());
    }
    return Optional.of(value.asText());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
