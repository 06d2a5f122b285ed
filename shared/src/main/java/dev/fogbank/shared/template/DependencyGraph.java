package dev.fogbank.shared.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which resource depends on which, from Ref, Fn::GetAtt, Fn::Sub placeholders and DependsOn, and
 * every reference that points nowhere: unknown resources, parameters, pseudo parameters, conditions
 * and mappings, and dependency cycles (between resources, and between conditions).
 */
public final class DependencyGraph {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private final Template template;
  private final Map<String, Set<String>> edges = new LinkedHashMap<>();
  private final List<TemplateProblem> problems = new ArrayList<>();
  private final List<AttributeUse> attributeUses = new ArrayList<>();

  /** A {@code Fn::GetAtt} (or {@code ${Resource.Attribute}} in a Sub) of an existing resource. */
  public record AttributeUse(String location, String resource, String attribute) {}

  private DependencyGraph(Template template) {
    this.template = template;
  }

  public static DependencyGraph of(Template template) {
    DependencyGraph graph = new DependencyGraph(template);
    graph.build();
    return graph;
  }

  /** The problems found: dangling references and cycles, each naming what is involved. */
  public List<TemplateProblem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** Every attribute used of an existing resource, for checking against the resource's type. */
  public List<AttributeUse> attributeUses() {
    return Collections.unmodifiableList(attributeUses);
  }

  /** The resources {@code logicalId} refers to directly (Ref, GetAtt, Sub, DependsOn). */
  public Set<String> dependenciesOf(String logicalId) {
    return Collections.unmodifiableSet(edges.getOrDefault(logicalId, Set.of()));
  }

  /** The resources that refer to {@code logicalId}, directly or through others. */
  public Set<String> dependentsOf(String logicalId) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(logicalId));
    while (!todo.isEmpty()) {
      String current = todo.pop();
      edges.forEach(
          (from, to) -> {
            if (to.contains(current) && seen.add(from)) {
              todo.push(from);
            }
          });
    }
    return seen;
  }

  /** Resources in an order CloudFormation could create them in (dependencies first). */
  public List<String> creationOrder() {
    if (problems.stream().anyMatch(p -> p.message().startsWith("dependency cycle"))) {
      throw new TemplateException(problems);
    }
    List<String> order = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    for (String id : edges.keySet()) {
      visit(id, done, order);
    }
    return order;
  }

  private void visit(String id, Set<String> done, List<String> order) {
    if (!done.add(id)) {
      return;
    }
    for (String dep : edges.getOrDefault(id, Set.of())) {
      visit(dep, done, order);
    }
    order.add(id);
  }

  private void build() {
    Map<String, ResourceDefinition<?>> resources = template.resources();
    for (ResourceDefinition<?> r : resources.values()) {
      String at = "Resources." + r.logicalId();
      Set<String> deps = new LinkedHashSet<>();
      edges.put(r.logicalId(), deps);
      for (String target : r.dependsOnIds()) {
        if (!resources.containsKey(target)) {
          problems.add(
              new TemplateProblem(at + ".DependsOn", "DependsOn names unknown resource " + target));
        } else {
          deps.add(target);
        }
      }
      requireCondition(at + ".Condition", r.conditionName());
      walk(at + ".Properties", r.properties(), deps, Map.of());
      walk(at + ".Metadata", r.metadata(), deps, Map.of());
      r.otherAttributes().forEach((name, value) -> walk(at + "." + name, value, deps, Map.of()));
    }
    Map<String, Set<String>> conditionEdges = new LinkedHashMap<>();
    template
        .conditions()
        .forEach(
            (name, expression) -> {
              Set<String> refs = new LinkedHashSet<>();
              collectConditionRefs(expression, refs);
              conditionEdges.put(name, refs);
              walk("Conditions." + name, expression, new LinkedHashSet<>(), Map.of());
            });
    for (Output o : template.outputs().values()) {
      String at = "Outputs." + o.name();
      requireCondition(at + ".Condition", o.conditionName());
      walk(at + ".Value", o.value(), new LinkedHashSet<>(), Map.of());
      if (o.exportName() != null) {
        walk(at + ".Export.Name", o.exportName(), new LinkedHashSet<>(), Map.of());
      }
    }
    cycles("Resources", edges, "resources");
    cycles("Conditions", conditionEdges, "conditions");
  }

  private void requireCondition(String at, String name) {
    if (name != null && !template.conditions().containsKey(name)) {
      problems.add(new TemplateProblem(at, "unknown condition " + name));
    }
  }

  private void collectConditionRefs(Object value, Set<String> refs) {
    if (value instanceof Intrinsic.ConditionRef c) {
      refs.add(c.name());
    } else if (value instanceof Intrinsic.And a) {
      a.conditions().forEach(v -> collectConditionRefs(v, refs));
    } else if (value instanceof Intrinsic.Or o) {
      o.conditions().forEach(v -> collectConditionRefs(v, refs));
    } else if (value instanceof Intrinsic.Not n) {
      collectConditionRefs(n.condition(), refs);
    }
  }

  /** Walks a value, recording resource dependencies in {@code deps} and problems. */
  private void walk(String at, Object value, Set<String> deps, Map<String, Object> subScope) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(at + "." + k, v, deps, subScope));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(at + "[" + i + "]", list.get(i), deps, subScope);
      }
    } else if (value instanceof Intrinsic fn) {
      walkIntrinsic(at, fn, deps);
    }
  }

  private void walkIntrinsic(String at, Intrinsic fn, Set<String> deps) {
    String here = at + "." + fn.functionName();
    switch (fn) {
      case Intrinsic.Ref ref -> reference(here, ref.target(), deps);
      case Intrinsic.GetAtt getAtt -> {
        if (attribute(here, getAtt.resource(), deps, "GetAtt")) {
          attributeUses.add(new AttributeUse(here, getAtt.resource(), getAtt.attribute()));
        }
      }
      case Intrinsic.Sub sub -> {
        sub.variables().forEach((k, v) -> walk(here + "." + k, v, deps, Map.of()));
        Matcher m = PLACEHOLDER.matcher(sub.template());
        while (m.find()) {
          String name = m.group(1);
          if (name.startsWith("!") || sub.variables().containsKey(name)) {
            continue;
          }
          int dot = name.indexOf('.');
          if (name.isBlank()) {
            problems.add(new TemplateProblem(here, "empty ${} placeholder in Sub"));
          } else if (dot > 0 && !name.startsWith("AWS::")) {
            String resource = name.substring(0, dot);
            if (attribute(here, resource, deps, "Sub variable ${" + name + "}")) {
              attributeUses.add(new AttributeUse(here, resource, name.substring(dot + 1)));
            }
          } else if (!isKnownName(name)) {
            problems.add(
                new TemplateProblem(
                    here,
                    "Sub variable ${"
                        + name
                        + "} is not a parameter, resource, pseudo parameter or Sub variable"));
          } else {
            reference(here, name, deps);
          }
        }
      }
      case Intrinsic.Join join -> walk(here, join.values(), deps, Map.of());
      case Intrinsic.Select select -> {
        walk(here, select.index(), deps, Map.of());
        walk(here, select.list(), deps, Map.of());
      }
      case Intrinsic.Split split -> walk(here, split.source(), deps, Map.of());
      case Intrinsic.If ifFn -> {
        requireCondition(here, ifFn.condition());
        walk(here, ifFn.whenTrue(), deps, Map.of());
        walk(here, ifFn.whenFalse(), deps, Map.of());
      }
      case Intrinsic.Equals eq -> {
        walk(here, eq.left(), deps, Map.of());
        walk(here, eq.right(), deps, Map.of());
      }
      case Intrinsic.And and -> walk(here, and.conditions(), deps, Map.of());
      case Intrinsic.Or or -> walk(here, or.conditions(), deps, Map.of());
      case Intrinsic.Not not -> walk(here, not.condition(), deps, Map.of());
      case Intrinsic.ConditionRef c -> requireCondition(here, c.name());
      case Intrinsic.FindInMap find -> findInMap(here, find, deps);
      case Intrinsic.ImportValue imp -> walk(here, imp.exportName(), deps, Map.of());
      case Intrinsic.GetAZs azs -> walk(here, azs.region(), deps, Map.of());
      case Intrinsic.Base64 b64 -> walk(here, b64.value(), deps, Map.of());
      case Intrinsic.Cidr cidr -> {
        walk(here, cidr.ipBlock(), deps, Map.of());
        walk(here, cidr.count(), deps, Map.of());
        walk(here, cidr.cidrBits(), deps, Map.of());
      }
      case Intrinsic.Other other -> walk(here, other.argument(), deps, Map.of());
    }
  }

  private boolean isKnownName(String name) {
    return Fn.PSEUDO_PARAMETERS.contains(name)
        || template.parameters().containsKey(name)
        || template.resources().containsKey(name);
  }

  private void reference(String at, String target, Set<String> deps) {
    if (target.startsWith("AWS::")) {
      if (!Fn.PSEUDO_PARAMETERS.contains(target)) {
        problems.add(new TemplateProblem(at, "unknown pseudo parameter " + target));
      }
    } else if (template.resources().containsKey(target)) {
      deps.add(target);
    } else if (!template.parameters().containsKey(target)) {
      problems.add(
          new TemplateProblem(at, "Ref to " + target + ", which is not a parameter or resource"));
    }
  }

  private boolean attribute(String at, String resource, Set<String> deps, String what) {
    if (template.resources().containsKey(resource)) {
      deps.add(resource);
      return true;
    }
    problems.add(new TemplateProblem(at, what + " names unknown resource " + resource));
    return false;
  }

  private void findInMap(String at, Intrinsic.FindInMap find, Set<String> deps) {
    walk(at, find.mapName(), deps, Map.of());
    walk(at, find.topLevelKey(), deps, Map.of());
    walk(at, find.secondLevelKey(), deps, Map.of());
    if (!(find.mapName() instanceof String name)) {
      return;
    }
    Map<String, Map<String, Object>> mapping = template.mappings().get(name);
    if (mapping == null) {
      problems.add(new TemplateProblem(at, "unknown mapping " + name));
      return;
    }
    if (find.topLevelKey() instanceof String top) {
      Map<String, Object> second = mapping.get(top);
      if (second == null) {
        problems.add(new TemplateProblem(at, "mapping " + name + " has no key " + top));
      } else if (find.secondLevelKey() instanceof String key && !second.containsKey(key)) {
        problems.add(new TemplateProblem(at, "mapping " + name + "." + top + " has no key " + key));
      }
    }
  }

  /** The shortest way from {@code start} back to itself within a strongly connected component. */
  private static List<String> cyclePath(
      String start, Set<String> component, Map<String, Set<String>> graph) {
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      String current = queue.poll();
      for (String next : graph.getOrDefault(current, Set.of())) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>();
          for (String at = current; at != null; at = cameFrom.get(at)) {
            path.add(at);
          }
          Collections.reverse(path);
          path.add(start);
          return path;
        }
        if (component.contains(next) && !cameFrom.containsKey(next) && !next.equals(start)) {
          cameFrom.put(next, current);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }

  /** Tarjan's strongly connected components: each component of 2+ (or a self-loop) is a cycle. */
  private void cycles(String section, Map<String, Set<String>> graph, String what) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new LinkedHashSet<>();
    int[] counter = {0};
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        strongConnect(node, graph, index, low, stack, onStack, counter, section, what);
      }
    }
  }

  private void strongConnect(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      int[] counter,
      String section,
      String what) {
    index.put(node, counter[0]);
    low.put(node, counter[0]);
    counter[0]++;
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!graph.containsKey(next)) {
        continue;
      }
      if (!index.containsKey(next)) {
        strongConnect(next, graph, index, low, stack, onStack, counter, section, what);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      List<String> component = new ArrayList<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      boolean selfLoop = graph.getOrDefault(node, Set.of()).contains(node);
      if (component.size() > 1 || selfLoop) {
        String first = Collections.min(component);
        List<String> path = cyclePath(first, new LinkedHashSet<>(component), graph);
        problems.add(
            new TemplateProblem(
                section + "." + first,
                "dependency cycle between " + what + ": " + String.join(" -> ", path)));
      }
    }
  }
}
