package dev.fogbank.shared.review;

import dev.fogbank.shared.template.Output;
import dev.fogbank.shared.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The stack's exports this deployment touches, and who imports them. CloudFormation refuses to
 * delete, rename or change an export another stack imports, and finds out only part-way through the
 * update; the review finds out first.
 */
final class ExportAnalysis {

  private ExportAnalysis() {}

  /**
   * @param replacement each changed logical id with its (computed) replacement
   * @param importers ListImports: the stacks importing an export name
   */
  static List<ExportImpact> impacts(
      Template deployed,
      TemplateValues oldValues,
      Template next,
      TemplateValues newValues,
      Map<String, Replacement> replacement,
      Function<String, List<String>> importers,
      List<String> notes) {
    Set<String> changedParameters = new TreeSet<>();
    Set<String> names = new TreeSet<>(oldValues.parameters().keySet());
    names.addAll(newValues.parameters().keySet());
    for (String name : names) {
      if (!Objects.equals(oldValues.parameters().get(name), newValues.parameters().get(name))) {
        changedParameters.add(name);
      }
    }
    List<ExportImpact> impacts = new ArrayList<>();
    for (Output old : deployed.outputs().values()) {
      if (old.exportName() == null) {
        continue;
      }
      String key = old.name();
      Object oldName = oldValues.resolve(old.exportName());
      if (!(oldName instanceof String exportName)) {
        notes.add(
            "output "
                + key
                + " exports under a name known only during the update; its importers were not"
                + " checked");
        continue;
      }
      Output now = exportedAs(next, newValues, exportName);
      if (now == null) {
        Output sameKey = next.outputs().get(key);
        Object newName =
            sameKey == null || sameKey.exportName() == null
                ? null
                : newValues.resolve(sameKey.exportName());
        if (newName instanceof String renamed) {
          impacts.add(
              impact(
                  key,
                  exportName,
                  ExportImpact.Kind.RENAMED,
                  importers,
                  "output "
                      + key
                      + " now exports as "
                      + renamed
                      + ": export "
                      + exportName
                      + " goes"));
        } else {
          impacts.add(
              impact(
                  key,
                  exportName,
                  ExportImpact.Kind.REMOVED,
                  importers,
                  "output " + key + " no longer exports " + exportName));
        }
        continue;
      }
      Object before = oldValues.resolve(old.value());
      Object after = newValues.resolve(now.value());
      Set<String> refs = TemplateValues.references(now.value());
      Set<String> replaced = new TreeSet<>();
      Set<String> touched = new TreeSet<>();
      for (String ref : refs) {
        Replacement r = replacement.get(ref);
        if (r == Replacement.TRUE) {
          replaced.add(ref);
        } else if (r != null || changedParameters.contains(ref)) {
          touched.add(ref);
        }
      }
      boolean staticChange =
          !Objects.equals(before, after)
              && !TemplateValues.isDynamic(before)
              && !TemplateValues.isDynamic(after);
      if (staticChange || !replaced.isEmpty()) {
        String why =
            staticChange
                ? "its value changes"
                : "its value refers to " + String.join(", ", replaced) + ", which is replaced";
        impacts.add(
            impact(
                key,
                exportName,
                ExportImpact.Kind.VALUE_CHANGES,
                importers,
                "export " + exportName + " (output " + key + "): " + why));
      } else if (!Objects.equals(before, after) || !touched.isEmpty()) {
        String why =
            touched.isEmpty()
                ? "its value is written differently and known only during the update"
                : "its value refers to "
                    + String.join(", ", touched)
                    + ", which this deployment changes";
        impacts.add(
            impact(
                key,
                exportName,
                ExportImpact.Kind.VALUE_MAY_CHANGE,
                importers,
                "export " + exportName + " (output " + key + "): " + why));
      }
    }
    return impacts;
  }

  private static ExportImpact impact(
      String key,
      String exportName,
      ExportImpact.Kind kind,
      Function<String, List<String>> importers,
      String what) {
    List<String> stacks = importers.apply(exportName);
    if (stacks.isEmpty()) {
      return new ExportImpact(key, exportName, kind, stacks, false, what + "; no stack imports it");
    }
    String by = "imported by " + String.join(", ", stacks);
    return switch (kind) {
      case VALUE_MAY_CHANGE ->
          new ExportImpact(
              key,
              exportName,
              kind,
              stacks,
              false,
              what
                  + "; "
                  + by
                  + ": if the value does change, CloudFormation refuses it and the update rolls"
                  + " back");
      default ->
          new ExportImpact(
              key,
              exportName,
              kind,
              stacks,
              true,
              what
                  + "; "
                  + by
                  + ": CloudFormation refuses to "
                  + (kind == ExportImpact.Kind.VALUE_CHANGES ? "change" : "remove")
                  + " an export in use, so update or remove the importing stacks first");
    };
  }

  /** The new template's output exporting {@code exportName}, or null. */
  private static Output exportedAs(Template next, TemplateValues values, String exportName) {
    for (Output o : next.outputs().values()) {
      if (o.exportName() != null && exportName.equals(values.resolve(o.exportName()))) {
        return o;
      }
    }
    return null;
  }
}
