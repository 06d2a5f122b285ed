package dev.fogbank.shared.review;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.Template;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of one template as far as they can be known before deploying: parameters (given or
 * Default), {@code AWS::StackName}, and the functions over them ({@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::FindInMap}). What depends on a resource, a condition or the account stays an {@link
 * Intrinsic}: its value is known only during the update.
 */
final class TemplateValues {

  /** {@code AWS::NoValue}: the property is left out. */
  static final Object NO_VALUE = new Object();

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final Template template;
  private final Map<String, String> parameters;
  private final String stackName;

  private TemplateValues(Template template, Map<String, String> parameters, String stackName) {
    this.template = template;
    this.parameters = parameters;
    this.stackName = stackName;
  }

  /**
   * @param given the parameter values passed (or, for the deployed template, the stack's); a
   *     parameter not given takes its Default
   */
  static TemplateValues of(Template template, Map<String, String> given, String stackName) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Parameter p : template.parameters().values()) {
      String value = given.containsKey(p.name()) ? given.get(p.name()) : text(p.defaultValue());
      if (value != null) {
        values.put(p.name(), value);
      }
    }
    return new TemplateValues(template, values, stackName);
  }

  Map<String, String> parameters() {
    return parameters;
  }

  /**
   * The value with everything knowable resolved: scalars as text (numbers normalised, so that 5,
   * 5.0 and "5" compare equal, as CloudFormation passes them), maps and lists resolved inside; an
   * intrinsic that cannot be resolved is returned as written.
   */
  Object resolve(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Intrinsic fn) {
      Object resolved = resolveFunction(fn);
      return resolved == null ? fn : resolved;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Object r = resolve(v);
            if (r != NO_VALUE) {
              out.put(String.valueOf(k), r);
            }
          });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        Object r = resolve(item);
        if (r != NO_VALUE) {
          out.add(r);
        }
      }
      return out;
    }
    return text(value);
  }

  /** Whether a resolved value still holds a function known only during the update. */
  static boolean isDynamic(Object resolved) {
    if (resolved instanceof Intrinsic) {
      return true;
    }
    if (resolved instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(TemplateValues::isDynamic);
    }
    if (resolved instanceof List<?> list) {
      return list.stream().anyMatch(TemplateValues::isDynamic);
    }
    return false;
  }

  /** The logical ids and parameter names a value refers to (Ref, Fn::GetAtt, Fn::Sub). */
  static Set<String> references(Object value) {
    Set<String> names = new LinkedHashSet<>();
    collect(value, names);
    return names;
  }

  private static void collect(Object value, Set<String> names) {
    switch (value) {
      case Intrinsic.Ref ref -> names.add(ref.target());
      case Intrinsic.GetAtt att -> names.add(att.resource());
      case Intrinsic.Sub sub -> {
        Matcher m = SUB_VARIABLE.matcher(sub.template());
        while (m.find()) {
          String variable = m.group(1).strip();
          if (!variable.startsWith("!") && !sub.variables().containsKey(variable)) {
            int dot = variable.indexOf('.');
            names.add(dot > 0 ? variable.substring(0, dot) : variable);
          }
        }
        sub.variables().values().forEach(v -> collect(v, names));
      }
      case Intrinsic.Join join -> collect(join.values(), names);
      case Intrinsic.Select select -> collect(select.list(), names);
      case Intrinsic.Split split -> collect(split.source(), names);
      case Intrinsic.If choice -> {
        collect(choice.whenTrue(), names);
        collect(choice.whenFalse(), names);
      }
      case Intrinsic.Base64 b -> collect(b.value(), names);
      case Intrinsic.FindInMap find -> {
        collect(find.topLevelKey(), names);
        collect(find.secondLevelKey(), names);
      }
      case Intrinsic.Cidr cidr -> collect(cidr.ipBlock(), names);
      case Intrinsic.ImportValue imported -> collect(imported.exportName(), names);
      case Intrinsic.Other other -> collect(other.argument(), names);
      case Map<?, ?> map -> map.values().forEach(v -> collect(v, names));
      case List<?> list -> list.forEach(v -> collect(v, names));
      default -> {}
    }
  }

  /** The resolved value, or null when it is known only during the update. */
  private Object resolveFunction(Intrinsic fn) {
    return switch (fn) {
      case Intrinsic.Ref ref -> ref(ref.target());
      case Intrinsic.Sub sub -> sub(sub);
      case Intrinsic.Join join -> join(join);
      case Intrinsic.FindInMap find -> findInMap(find);
      default -> null;
    };
  }

  private Object ref(String target) {
    if (target.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (target.equals("AWS::StackName")) {
      return stackName;
    }
    return parameters.get(target);
  }

  private String sub(Intrinsic.Sub sub) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : sub.variables().entrySet()) {
      Object r = resolve(e.getValue());
      if (!(r instanceof String s)) {
        return null;
      }
      variables.put(e.getKey(), s);
    }
    Matcher m = SUB_VARIABLE.matcher(sub.template());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement;
      if (name.startsWith("!")) {
        replacement = "${" + name.substring(1) + "}";
      } else if (variables.containsKey(name.strip())) {
        replacement = (String) variables.get(name.strip());
      } else if (name.contains(".")) {
        return null; // ${Resource.Attribute}
      } else {
        Object r = ref(name.strip());
        if (!(r instanceof String s)) {
          return null;
        }
        replacement = s;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String join(Intrinsic.Join join) {
    Object values = resolve(join.values());
    if (!(values instanceof List<?> list)) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s)) {
        return null;
      }
      parts.add(s);
    }
    return String.join(join.delimiter(), parts);
  }

  private Object findInMap(Intrinsic.FindInMap find) {
    if (!(resolve(find.mapName()) instanceof String map)
        || !(resolve(find.topLevelKey()) instanceof String top)
        || !(resolve(find.secondLevelKey()) instanceof String second)) {
      return null;
    }
    Map<String, Map<String, Object>> mapping = template.mappings().get(map);
    Map<String, Object> level = mapping == null ? null : mapping.get(top);
    Object found = level == null ? null : level.get(second);
    return found == null ? null : resolve(found);
  }

  /** A scalar as CloudFormation passes it: text; lists comma-joined (as parameter values are). */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      try {
        return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
      } catch (NumberFormatException e) {
        return n.toString(); // NaN, Infinity
      }
    }
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      list.forEach(item -> items.add(text(item)));
      return String.join(",", items);
    }
    return value.toString();
  }
}
