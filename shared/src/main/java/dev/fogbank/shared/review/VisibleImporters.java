package dev.fogbank.shared.review;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.TemplateStage;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Output;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who imports an export where the AWS endpoint has no ListImports (a local emulator): the stacks
 * the endpoint lists whose deployed template (GetTemplate) has an {@code Fn::ImportValue} of that
 * name, resolved with the importing stack's name and parameter defaults. Read once per review, at
 * most {@link #MAX_STACKS} stacks. What it could not read or resolve is said in its note.
 */
final class VisibleImporters {
  static final int MAX_STACKS = 200;

  private final StackGateway gateway;
  private Map<String, Set<String>> importsByStack;
  private final List<String> unread = new ArrayList<>();
  private final List<String> unresolved = new ArrayList<>();
  private int listed;

  VisibleImporters(StackGateway gateway) {
    this.gateway = gateway;
  }

  List<String> importers(String exportName) {
    if (importsByStack == null) {
      importsByStack = readAll();
    }
    List<String> found = new ArrayList<>();
    importsByStack.forEach(
        (stack, imports) -> {
          if (imports.contains(exportName)) {
            found.add(stack);
          }
        });
    return found;
  }

  /** The review note that says where {@code found} came from and what was not seen. */
  String note(String exportName, List<String> found) {
    // Reviews keep 200 characters of a note: what was found comes first.
    StringBuilder note =
        new StringBuilder(exportName)
            .append(
                found.isEmpty() ? ": none imports it" : ": imported by " + String.join(", ", found))
            .append(" (the endpoint has no ListImports: read from the Fn::ImportValue of the ")
            .append(importsByStack.size())
            .append(" stacks it lists)");
    if (listed > MAX_STACKS) {
      note.append("; only the first ").append(MAX_STACKS).append(" of ").append(listed)
          .append(" stacks were read");
    }
    if (!unread.isEmpty()) {
      note.append("; templates not readable: ").append(String.join(", ", unread));
    }
    if (!unresolved.isEmpty()) {
      note.append("; import names known only at deploy time in: ")
          .append(String.join(", ", unresolved));
    }
    return note.toString();
  }

  private Map<String, Set<String>> readAll() {
    List<String> names = gateway.stackNames();
    listed = names.size();
    Map<String, Set<String>> imports = new LinkedHashMap<>();
    for (String stack : names.subList(0, Math.min(names.size(), MAX_STACKS))) {
      Template template;
      try {
        template = TemplateReader.read(gateway.template(stack, TemplateStage.ORIGINAL));
      } catch (DeploymentException | IllegalArgumentException e) {
        unread.add(stack);
        continue;
      }
      TemplateValues values = TemplateValues.of(template, Map.of(), stack);
      Set<String> exportNames = new TreeSet<>();
      List<Intrinsic.ImportValue> found = new ArrayList<>();
      for (ResourceDefinition<?> resource : template.resources().values()) {
        collect(resource.properties(), found);
      }
      for (Output output : template.outputs().values()) {
        collect(output.value(), found);
      }
      for (Intrinsic.ImportValue imported : found) {
        if (values.resolve(imported.exportName()) instanceof String name) {
          exportNames.add(name);
        } else if (!unresolved.contains(stack)) {
          unresolved.add(stack);
        }
      }
      imports.put(stack, exportNames);
    }
    return imports;
  }

  /** Every Fn::ImportValue in {@code value}, inside any intrinsic (they are records). */
  private static void collect(Object value, List<Intrinsic.ImportValue> found) {
    switch (value) {
      case Intrinsic.ImportValue imported -> found.add(imported);
      case Record record -> {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
          try {
            collect(component.getAccessor().invoke(record), found);
          } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("unreadable " + record.getClass().getName(), e);
          }
        }
      }
      case Map<?, ?> map -> map.values().forEach(v -> collect(v, found));
      case List<?> list -> list.forEach(v -> collect(v, found));
      case null, default -> {}
    }
  }
}
