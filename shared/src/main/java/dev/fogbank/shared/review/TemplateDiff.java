package dev.fogbank.shared.review;

import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two templates compared resource by resource, without CloudFormation: the resources added and
 * removed, and each modified one with its changed properties and whether they replace it — the
 * review's own property comparison ({@link PropertyDiff}), so {@code fogbank diff} and the change
 * review never disagree on what changed. Resource attributes (DependsOn, Condition, the policies,
 * Metadata) are compared as written; Parameters and Outputs by name.
 *
 * @param changes one per resource that differs, in logical-id order
 * @param parameters parameter names added ({@code +Name}) or removed ({@code -Name})
 * @param outputs output names added ({@code +Name}), removed ({@code -Name}) or changed ({@code
 *     ~Name})
 */
public record TemplateDiff(
    List<ResourceChange> changes, List<String> parameters, List<String> outputs) {

  /** What happens to one resource. */
  public enum Action {
    ADD,
    REMOVE,
    MODIFY
  }

  /**
   * One resource that differs.
   *
   * @param type its type in the new template (the old one's when removed)
   * @param replacement for MODIFY, whether the changes replace it; FALSE for ADD and REMOVE
   * @param properties for MODIFY, the changed properties (paths such as {@code Tags[0].Value}) and
   *     attributes ({@code DependsOn}, {@code DeletionPolicy}, ...)
   */
  public record ResourceChange(
      String logicalId,
      String type,
      Action action,
      Replacement replacement,
      List<PropertyChange> properties) {}

  public TemplateDiff {
    changes = List.copyOf(changes);
    parameters = List.copyOf(parameters);
    outputs = List.copyOf(outputs);
  }

  /** No resource, parameter or output differs. */
  public boolean isEmpty() {
    return changes.isEmpty() && parameters.isEmpty() && outputs.isEmpty();
  }

  /**
   * Compares {@code before} with {@code after}, each with its parameter values (a parameter not
   * given takes its Default), as the review does for the deployed and the new template.
   */
  public static TemplateDiff of(
      Template before,
      Map<String, String> beforeParameters,
      Template after,
      Map<String, String> afterParameters,
      String stackName,
      ResourceSchemas schemas) {
    TemplateValues oldValues = TemplateValues.of(before, beforeParameters, stackName);
    TemplateValues newValues = TemplateValues.of(after, afterParameters, stackName);
    Set<String> ids = new TreeSet<>(before.resources().keySet());
    ids.addAll(after.resources().keySet());
    // A resource whose type changes is replaced: others referring to it change with it.
    Set<String> replaced = new TreeSet<>();
    for (String id : ids) {
      ResourceDefinition<?> b = before.resources().get(id);
      ResourceDefinition<?> a = after.resources().get(id);
      if (b != null && a != null && !b.type().equals(a.type())) {
        replaced.add(id);
      }
    }
    List<ResourceChange> changes = new ArrayList<>();
    for (String id : ids) {
      ResourceDefinition<?> b = before.resources().get(id);
      ResourceDefinition<?> a = after.resources().get(id);
      if (b == null) {
        changes.add(new ResourceChange(id, a.type(), Action.ADD, Replacement.FALSE, List.of()));
      } else if (a == null) {
        changes.add(new ResourceChange(id, b.type(), Action.REMOVE, Replacement.FALSE, List.of()));
      } else {
        PropertyDiff.Result diff =
            PropertyDiff.compare(b, oldValues, a, newValues, schemas.schema(a.type()), replaced);
        List<PropertyChange> properties = new ArrayList<>(diff.changes());
        if (properties.isEmpty() && diff.replacement() != Replacement.FALSE) {
          properties.add(new PropertyChange("Type", diff.replacement(), diff.summary()));
        }
        properties.addAll(attributes(b, a));
        if (!properties.isEmpty()) {
          changes.add(
              new ResourceChange(id, a.type(), Action.MODIFY, diff.replacement(), properties));
        }
      }
    }
    return new TemplateDiff(
        changes,
        names(before.parameters().keySet(), after.parameters().keySet(), Map.of(), Map.of()),
        names(before.outputs().keySet(), after.outputs().keySet(),
            outputText(before), outputText(after)));
  }

  /** The resource attributes besides Properties that differ as written. */
  private static List<PropertyChange> attributes(ResourceDefinition<?> b, ResourceDefinition<?> a) {
    Map<String, Object[]> pairs = new LinkedHashMap<>();
    pairs.put("Condition", new Object[] {b.conditionName(), a.conditionName()});
    pairs.put("DependsOn", new Object[] {Set.copyOf(b.dependsOnIds()), Set.copyOf(a.dependsOnIds())});
    pairs.put("DeletionPolicy", new Object[] {b.deletionPolicyValue(), a.deletionPolicyValue()});
    pairs.put("UpdateReplacePolicy",
        new Object[] {b.updateReplacePolicyValue(), a.updateReplacePolicyValue()});
    pairs.put("CreationPolicy", new Object[] {b.creationPolicyValue(), a.creationPolicyValue()});
    pairs.put("UpdatePolicy", new Object[] {b.updatePolicyValue(), a.updatePolicyValue()});
    pairs.put("Metadata", new Object[] {b.metadata(), a.metadata()});
    Set<String> others = new TreeSet<>(b.otherAttributes().keySet());
    others.addAll(a.otherAttributes().keySet());
    others.remove("Properties"); // compared by PropertyDiff
    for (String name : others) {
      pairs.put(name, new Object[] {b.otherAttributes().get(name), a.otherAttributes().get(name)});
    }
    List<PropertyChange> out = new ArrayList<>();
    pairs.forEach((name, pair) -> {
      if (!Objects.equals(pair[0], pair[1])) {
        String how = empty(pair[0]) ? "added" : empty(pair[1]) ? "removed" : "changes";
        out.add(new PropertyChange(name, Replacement.FALSE, "resource attribute; " + how));
      }
    });
    return out;
  }

  private static boolean empty(Object value) {
    return value == null
        || (value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof java.util.Collection<?> c && c.isEmpty());
  }

  private static Map<String, List<Object>> outputText(Template t) {
    Map<String, List<Object>> written = new LinkedHashMap<>();
    t.outputs().forEach((name, o) -> written.put(name, java.util.Arrays.asList(
        o.value(), o.description(), o.exportName(), o.conditionName())));
    return written;
  }

  private static List<String> names(
      Set<String> before, Set<String> after, Map<String, ?> oldText, Map<String, ?> newText) {
    Set<String> all = new TreeSet<>(before);
    all.addAll(after);
    List<String> out = new ArrayList<>();
    for (String name : all) {
      if (!before.contains(name)) {
        out.add("+" + name);
      } else if (!after.contains(name)) {
        out.add("-" + name);
      } else if (!Objects.equals(oldText.get(name), newText.get(name))) {
        out.add("~" + name);
      }
    }
    return out;
  }
}
