package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.Template;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a template's properties as CloudFormation would see them for given parameters and
 * region: parameters (given, else their Default), the region pseudo parameter, conditions, {@code
 * Fn::If}, {@code Fn::FindInMap}, {@code Fn::Select}, {@code Fn::Join}, {@code Fn::Split} and
 * {@code Fn::Sub}. What only exists once the stack does ({@code Ref} to a resource, {@code
 * Fn::GetAtt}, imports) is kept as written; what cannot be known is an {@link Unresolved} saying
 * why.
 */
final class TemplateValues {
  /** Marks a value that cannot be resolved before deployment; carries why, for the estimate. */
  static final class Unresolved extends RuntimeException {
    Unresolved(String reason) {
      super(reason, null, false, false);
    }
  }

  /** {@code Ref: AWS::NoValue}: the property is absent. */
  static final Object NO_VALUE = new Object();

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  private final Template template;
  private final Map<String, String> parameters;
  private final String region;
  private final Map<String, Boolean> conditionValues = new HashMap<>();
  private final Map<String, String> conditionProblems = new HashMap<>();

  TemplateValues(Template template, Map<String, String> parameters, String region) {
    this.template = template;
    this.parameters = parameters;
    this.region = region;
  }

  /** The resolved value; Ref to a resource and GetAtt stay as they are. */
  Object resolve(Object value) {
    return switch (value) {
      case null -> null;
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Object v = resolveOrMark(e.getValue());
          if (v != NO_VALUE) {
            out.put(e.getKey().toString(), v);
          }
        }
        yield out;
      }
      case List<?> list -> {
        List<Object> out = new ArrayList<>();
        for (Object item : list) {
          Object v = resolveOrMark(item);
          if (v != NO_VALUE) {
            out.add(v);
          }
        }
        yield out;
      }
      case Intrinsic.Ref ref -> ref(ref);
      case Intrinsic.If f ->
          condition(f.condition()) ? resolve(f.whenTrue()) : resolve(f.whenFalse());
      case Intrinsic.FindInMap find -> findInMap(find);
      case Intrinsic.Select select -> select(select);
      case Intrinsic.Join join -> join(join);
      case Intrinsic.Split split -> split(split);
      case Intrinsic.Sub sub -> sub(sub);
      default -> value;
    };
  }

  /** A value that could not be resolved, kept in place so that its siblings still can be. */
  record UnresolvedValue(String reason) {}

  private Object resolveOrMark(Object value) {
    try {
      return resolve(value);
    } catch (Unresolved e) {
      return new UnresolvedValue(e.getMessage());
    }
  }

  /** A condition's value; throws {@link Unresolved} when it depends on what cannot be known. */
  boolean condition(String name) {
    Boolean known = conditionValues.get(name);
    if (known != null) {
      return known;
    }
    if (conditionProblems.containsKey(name)) {
      throw new Unresolved(conditionProblems.get(name));
    }
    Object expression = template.conditions().get(name);
    if (expression == null) {
      throw new Unresolved("condition " + name + " is not declared");
    }
    // A cycle would recurse for ever; CloudFormation refuses one, and so does this.
    conditionProblems.put(name, "condition " + name + " refers to itself");
    try {
      boolean value = truth(expression);
      conditionProblems.remove(name);
      conditionValues.put(name, value);
      return value;
    } catch (Unresolved e) {
      String why = "condition " + name + " cannot be resolved: " + e.getMessage();
      conditionProblems.put(name, why);
      throw new Unresolved(why);
    }
  }

  private boolean truth(Object expression) {
    return switch (expression) {
      case Intrinsic.Equals eq ->
          scalarText(resolve(eq.left())).equals(scalarText(resolve(eq.right())));
      case Intrinsic.And and -> and.conditions().stream().allMatch(this::truth);
      case Intrinsic.Or or -> or.conditions().stream().anyMatch(this::truth);
      case Intrinsic.Not not -> !truth(not.condition());
      case Intrinsic.ConditionRef ref -> condition(ref.name());
      case Boolean b -> b;
      case String s when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") ->
          Boolean.parseBoolean(s);
      default -> throw new Unresolved("not a condition expression: " + describe(expression));
    };
  }

  private Object ref(Intrinsic.Ref ref) {
    String target = ref.target();
    switch (target) {
      case "AWS::Region":
        return region;
      case "AWS::NoValue":
        return NO_VALUE;
      case "AWS::Partition":
        return region.startsWith("cn-")
            ? "aws-cn"
            : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
      case "AWS::URLSuffix":
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
      default:
        break;
    }
    if (ref.isPseudo()) {
      throw new Unresolved(target + " is only known when the stack is deployed");
    }
    Parameter p = template.parameters().get(target);
    if (p == null) {
      return ref; // a resource: kept for the pricers that follow it (e.g. to a launch template)
    }
    String value = parameters.get(target);
    if (value == null && p.defaultValue() != null) {
      Object d = p.defaultValue();
      value =
          d instanceof List<?> l
              ? String.join(",", l.stream().map(String::valueOf).toList())
              : String.valueOf(d);
    }
    if (value == null) {
      throw new Unresolved("parameter " + target + " has no value and no Default");
    }
    if (p.type().startsWith("AWS::SSM::Parameter::Value")) {
      throw new Unresolved(
          "parameter " + target + " is read from SSM Parameter Store at deploy time");
    }
    if (p.type().equals(Parameter.COMMA_DELIMITED_LIST)
        || p.type().equals(Parameter.NUMBER_LIST)
        || p.type().startsWith("List<")) {
      return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }
    return value;
  }

  private Object findInMap(Intrinsic.FindInMap find) {
    String map = scalarText(resolve(find.mapName()));
    String top = scalarText(resolve(find.topLevelKey()));
    String second = scalarText(resolve(find.secondLevelKey()));
    Map<String, Map<String, Object>> mapping = template.mappings().get(map);
    if (mapping == null || !mapping.containsKey(top) || !mapping.get(top).containsKey(second)) {
      throw new Unresolved("Fn::FindInMap [" + map + ", " + top + ", " + second + "] has no entry");
    }
    return resolve(mapping.get(top).get(second));
  }

  private Object select(Intrinsic.Select select) {
    Object index = resolve(select.index());
    Object list = resolve(select.list());
    int i;
    try {
      i = Integer.parseInt(scalarText(index));
    } catch (NumberFormatException e) {
      throw new Unresolved("Fn::Select index is not a number");
    }
    if (!(list instanceof List<?> items)) {
      throw new Unresolved("Fn::Select over " + describe(list));
    }
    if (i < 0 || i >= items.size()) {
      throw new Unresolved("Fn::Select index " + i + " is outside a list of " + items.size());
    }
    return items.get(i);
  }

  private Object join(Intrinsic.Join join) {
    Object values = resolve(join.values());
    if (!(values instanceof List<?> items)) {
      throw new Unresolved("Fn::Join over " + describe(values));
    }
    List<String> parts = new ArrayList<>();
    for (Object item : items) {
      parts.add(scalarText(item));
    }
    return String.join(join.delimiter(), parts);
  }

  private Object split(Intrinsic.Split split) {
    String text = scalarText(resolve(split.source()));
    return Arrays.asList(text.split(Pattern.quote(split.delimiter()), -1));
  }

  private Object sub(Intrinsic.Sub sub) {
    Matcher m = SUB_VARIABLE.matcher(sub.template());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).strip();
      Object value =
          sub.variables().containsKey(name)
              ? resolve(sub.variables().get(name))
              : resolve(new Intrinsic.Ref(name));
      m.appendReplacement(out, Matcher.quoteReplacement(scalarText(value)));
    }
    m.appendTail(out);
    return out.toString().replace("${!", "${");
  }

  /** The text of a resolved scalar; anything else cannot stand where a string is needed. */
  static String scalarText(Object value) {
    return switch (value) {
      case UnresolvedValue u -> throw new Unresolved(u.reason());
      case String s -> s;
      case java.math.BigDecimal d -> d.toPlainString();
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      default ->
          throw new Unresolved(describe(value) + " is only known when the stack is deployed");
    };
  }

  /** A short description of a value that could not be used, for the estimate's lines. */
  static String describe(Object value) {
    return switch (value) {
      case UnresolvedValue u -> u.reason();
      case Intrinsic.Ref ref -> "Ref " + ref.target();
      case Intrinsic.GetAtt att -> "Fn::GetAtt " + att.resource() + "." + att.attribute();
      case Intrinsic i -> i.functionName();
      case Map<?, ?> m -> "a mapping";
      case List<?> l -> "a list";
      case null -> "nothing";
      default -> String.valueOf(value);
    };
  }

  /** Names of parameters the template declares that have neither a value nor a Default. */
  List<String> missingParameters() {
    List<String> missing = new ArrayList<>();
    for (Parameter p : template.parameters().values()) {
      if (!parameters.containsKey(p.name()) && p.defaultValue() == null) {
        missing.add(p.name());
      }
    }
    return missing;
  }

  /** Names given that the template does not declare. */
  Set<String> unknownParameters() {
    Set<String> unknown = new HashSet<>(parameters.keySet());
    unknown.removeAll(template.parameters().keySet());
    return unknown;
  }

  Optional<String> region() {
    return Optional.of(region);
  }
}
