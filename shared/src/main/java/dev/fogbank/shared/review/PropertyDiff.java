package dev.fogbank.shared.review;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * fogbank's own answer to "is this resource replaced?": the deployed and the new definition of one
 * resource compared property by property (parameters resolved on each side), each changed path
 * checked against the type's create-only properties from its schema. It stands in where the change
 * set is silent (emulators never say) or says Conditional.
 */
final class PropertyDiff {

  /**
   * Properties CloudFormation documents as "Update requires: Replacement" that the type's registry
   * schema does not list as create-only (the resource handler replaces the resource itself), keyed
   * by type. Keep this short and cite the reference page of each entry.
   */
  private static final Map<String, List<String>> DOCUMENTED_REPLACING =
      Map.of(
          // AWS::DynamoDB::Table reference: KeySchema and LocalSecondaryIndexes, "Update requires:
          // Replacement"; DynamoDB cannot change a table's key or its local indexes in place.
          "AWS::DynamoDB::Table", List.of("KeySchema", "LocalSecondaryIndexes"));

  /** The outcome for one resource. */
  record Result(Replacement replacement, List<PropertyChange> changes, String summary) {}

  private PropertyDiff() {}

  /** The create-only paths of a type, each split into segments ({@code *} for any list item). */
  static List<List<String>> createOnly(Optional<ResourceSchema> schema, String type) {
    Set<String> paths = new LinkedHashSet<>();
    schema.ifPresent(s -> paths.addAll(s.createOnly()));
    paths.addAll(DOCUMENTED_REPLACING.getOrDefault(type, List.of()));
    List<List<String>> split = new ArrayList<>();
    for (String path : paths) {
      split.add(List.of(path.split("\\.")));
    }
    return split;
  }

  /**
   * Compares one resource.
   *
   * @param replaced logical ids this deployment replaces (or may): a create-only value that refers
   *     to one of them changes during the update
   */
  static Result compare(
      ResourceDefinition<?> before,
      TemplateValues oldValues,
      ResourceDefinition<?> after,
      TemplateValues newValues,
      Optional<ResourceSchema> schema,
      Set<String> replaced) {
    if (!before.type().equals(after.type())) {
      return new Result(
          Replacement.TRUE,
          List.of(),
          "its type changes from " + before.type() + " to " + after.type());
    }
    List<PropertyChange> changes = new ArrayList<>();
    Object wholeBefore = before.otherAttributes().get("Properties");
    Object wholeAfter = after.otherAttributes().get("Properties");
    if (wholeBefore != null || wholeAfter != null) {
      // Properties chosen whole by Fn::If: which branch applies is known only during the update.
      if (!Objects.equals(wholeBefore, wholeAfter)
          || TemplateValues.references(wholeAfter).stream().anyMatch(replaced::contains)) {
        return new Result(
            Replacement.CONDITIONAL,
            List.of(
                new PropertyChange(
                    "Properties", Replacement.CONDITIONAL, "chosen whole by a condition")),
            "its properties are chosen by a condition known only during the update");
      }
    }
    List<List<String>> createOnly = createOnly(schema, after.type());
    new Walk(oldValues, newValues, createOnly, replaced, changes)
        .compare(new ArrayList<>(), new ArrayList<>(), before.properties(), after.properties());
    changes.sort(
        Comparator.comparing(PropertyChange::replaces).thenComparing(PropertyChange::path));
    Replacement replacement = Replacement.FALSE;
    for (PropertyChange c : changes) {
      replacement = replacement.orWorse(c.replaces());
    }
    if (schema.isEmpty() && !changes.isEmpty() && replacement == Replacement.FALSE) {
      return new Result(
          Replacement.CONDITIONAL,
          changes,
          "fogbank has no schema for "
              + after.type()
              + ", so it cannot tell which of its"
              + " properties replace it");
    }
    return new Result(replacement, changes, summary(replacement, changes));
  }

  private static String summary(Replacement replacement, List<PropertyChange> changes) {
    List<String> paths =
        changes.stream()
            .filter(c -> c.replaces() == replacement)
            .map(PropertyChange::path)
            .toList();
    return switch (replacement) {
      case TRUE -> join(paths) + (paths.size() == 1 ? " is" : " are") + " create-only and changes";
      case CONDITIONAL ->
          join(paths)
              + (paths.size() == 1 ? " is" : " are")
              + " create-only and may change during the update";
      case FALSE ->
          changes.isEmpty()
              ? "no property changes in the template"
              : "only properties updated in place change";
    };
  }

  private static String join(List<String> paths) {
    return paths.size() <= 3
        ? String.join(", ", paths)
        : String.join(", ", paths.subList(0, 3)) + " and " + (paths.size() - 3) + " more";
  }

  /** A depth-first comparison of two property trees. */
  private record Walk(
      TemplateValues oldValues,
      TemplateValues newValues,
      List<List<String>> createOnly,
      Set<String> replaced,
      List<PropertyChange> out) {

    /**
     * @param display the path as shown ({@code A[0].B})
     * @param generic the same with {@code *} for list items, as schemas write create-only paths
     */
    void compare(List<String> display, List<String> generic, Object before, Object after) {
      Object oldResolved = oldValues.resolve(before);
      Object newResolved = newValues.resolve(after);
      if (oldResolved == TemplateValues.NO_VALUE) {
        oldResolved = null;
      }
      if (newResolved == TemplateValues.NO_VALUE) {
        newResolved = null;
      }
      boolean descend =
          (isPlainMap(before) && isPlainMap(after))
              || (before instanceof List<?> a
                  && after instanceof List<?> b
                  && a.size() == b.size());
      if (descend) {
        if (before instanceof Map<?, ?> a && after instanceof Map<?, ?> b) {
          Set<String> keys = new LinkedHashSet<>();
          a.keySet().forEach(k -> keys.add(String.valueOf(k)));
          b.keySet().forEach(k -> keys.add(String.valueOf(k)));
          for (String key : keys) {
            compare(plus(display, key), plus(generic, key), a.get(key), b.get(key));
          }
          return;
        }
        if (before instanceof List<?> a && after instanceof List<?> b) {
          for (int i = 0; i < a.size(); i++) {
            List<String> at = new ArrayList<>(display);
            at.set(at.size() - 1, at.getLast() + "[" + i + "]");
            compare(at, plus(generic, "*"), a.get(i), b.get(i));
          }
          return;
        }
      }
      String path = String.join(".", display);
      Coverage coverage = coverage(generic);
      if (Objects.equals(oldResolved, newResolved)) {
        // Written the same; its value still changes if it refers to a resource being replaced.
        if (coverage != Coverage.NONE && TemplateValues.isDynamic(newResolved)) {
          Set<String> refs = TemplateValues.references(after);
          refs.retainAll(replaced);
          if (!refs.isEmpty()) {
            out.add(
                new PropertyChange(
                    path,
                    Replacement.CONDITIONAL,
                    "create-only; refers to "
                        + String.join(", ", refs)
                        + ", which this deployment replaces"));
          }
        }
        return;
      }
      boolean dynamic =
          TemplateValues.isDynamic(newResolved) || TemplateValues.isDynamic(oldResolved);
      String how = before == null ? "added" : after == null ? "removed" : "changes";
      if (coverage == Coverage.NONE) {
        out.add(new PropertyChange(path, Replacement.FALSE, how + "; updated in place"));
      } else if (dynamic) {
        out.add(
            new PropertyChange(
                path,
                Replacement.CONDITIONAL,
                "create-only; "
                    + how
                    + " to a value known only during the update ("
                    + functionNames(newResolved)
                    + ")"));
      } else if (coverage == Coverage.WITHIN) {
        out.add(new PropertyChange(path, Replacement.TRUE, "create-only; " + how));
      } else {
        out.add(
            new PropertyChange(
                path,
                Replacement.CONDITIONAL,
                "holds create-only properties; "
                    + how
                    + " as a whole, so fogbank cannot tell whether they change"));
      }
    }

    private enum Coverage {
      /** No create-only property at or below this path. */
      NONE,
      /** The path is a create-only property or inside one. */
      WITHIN,
      /** Create-only properties lie below this path. */
      ABOVE
    }

    private Coverage coverage(List<String> generic) {
      Coverage found = Coverage.NONE;
      for (List<String> c : createOnly) {
        if (startsWith(generic, c)) {
          return Coverage.WITHIN;
        }
        if (startsWith(c, generic)) {
          found = Coverage.ABOVE;
        }
      }
      return found;
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
      if (prefix.size() > path.size()) {
        return false;
      }
      for (int i = 0; i < prefix.size(); i++) {
        if (!prefix.get(i).equals(path.get(i))) {
          return false;
        }
      }
      return true;
    }

    private static boolean isPlainMap(Object value) {
      return value instanceof Map<?, ?>;
    }

    private static List<String> plus(List<String> path, String segment) {
      List<String> next = new ArrayList<>(path.size() + 1);
      next.addAll(path);
      next.add(segment);
      return next;
    }

    private static String functionNames(Object resolved) {
      Set<String> names = new LinkedHashSet<>();
      collectFunctions(resolved, names);
      return String.join(", ", names);
    }

    private static void collectFunctions(Object value, Set<String> names) {
      if (value instanceof Intrinsic fn) {
        names.add(fn.functionName());
      } else if (value instanceof Map<?, ?> map) {
        map.values().forEach(v -> collectFunctions(v, names));
      } else if (value instanceof List<?> list) {
        list.forEach(v -> collectFunctions(v, names));
      }
    }
  }
}
