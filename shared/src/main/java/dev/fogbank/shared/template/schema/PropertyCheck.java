package dev.fogbank.shared.template.schema;

import dev.fogbank.shared.template.Fn;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.TemplateProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Walks one resource's properties against its schema, collecting problems. */
final class PropertyCheck {

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private final String typeName;
  private final String root;
  private final List<TemplateProblem> problems;

  /**
   * @param root the location of {@code Properties}, e.g. {@code Resources.Bucket.Properties}
   */
  PropertyCheck(String typeName, String root, List<TemplateProblem> problems) {
    this.typeName = typeName;
    this.root = root;
    this.problems = problems;
  }

  void properties(Map<String, Object> properties, ResourceSchema schema) {
    object(properties, schema.properties(), root, schema);
  }

  /** Checks an object; {@code resource} is set for the top level (Properties) only. */
  private void object(Map<?, ?> map, Shape shape, String at, ResourceSchema resource) {
    boolean top = resource != null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      String here = at + "." + key;
      ValueType type = shape.properties().get(key);
      if (type == null) {
        type = shape.otherKeys();
      }
      if (type != null) {
        value(e.getValue(), type, here);
      } else if (top && resource.readOnly().contains(key)) {
        problems.add(
            new TemplateProblem(
                here,
                typeName
                    + ": "
                    + key
                    + " is read-only, an attribute CloudFormation sets; read it with Fn::GetAtt"));
      } else {
        problems.add(new TemplateProblem(here, unknownProperty(key, shape, top)));
      }
    }
    // In schema order, not the required set's: problems must come out the same on every run.
    for (String required : shape.properties().keySet()) {
      if (shape.required().contains(required) && !map.containsKey(required)) {
        problems.add(
            new TemplateProblem(
                at,
                typeName
                    + ": missing required property "
                    + required
                    + (top ? "" : " in " + shape.name())));
      }
    }
  }

  private String unknownProperty(String key, Shape shape, boolean top) {
    String suggestion =
        NameSuggestion.closest(key, shape.properties().keySet())
            .map(s -> "; did you mean " + s + "?")
            .orElse("");
    return typeName + ": unknown property " + key + (top ? "" : " in " + shape.name()) + suggestion;
  }

  private void value(Object value, ValueType type, String at) {
    if (value instanceof Intrinsic.If choice) {
      // Either branch may be what CloudFormation deploys, so each must fit on its own.
      branch(choice.whenTrue(), type, at + ".Fn::If[1]");
      branch(choice.whenFalse(), type, at + ".Fn::If[2]");
      return;
    }
    if (value == null || value instanceof Intrinsic) {
      return; // resolved at deploy time
    }
    switch (type) {
      case ValueType.Any any -> {}
      case ValueType.Scalar scalar -> {
        if (!accepts(scalar, value)) {
          wrongType(value, type, at);
        }
      }
      case ValueType.ListOf list -> {
        if (value instanceof List<?> items) {
          for (int i = 0; i < items.size(); i++) {
            value(items.get(i), list.item(), at + "[" + i + "]");
          }
        } else {
          wrongType(value, type, at);
        }
      }
      case ValueType.MapOf map -> {
        if (value instanceof Map<?, ?> entries) {
          for (Map.Entry<?, ?> e : entries.entrySet()) {
            value(e.getValue(), map.value(), at + "." + e.getKey());
          }
        } else {
          wrongType(value, type, at);
        }
      }
      case ValueType.ObjectOf object -> {
        if (value instanceof Map<?, ?> entries) {
          object(entries, object.shape(), at, null);
        } else {
          wrongType(value, type, at);
        }
      }
      case ValueType.OneOf oneOf -> {
        ValueType chosen = choose(value, oneOf);
        if (chosen == null) {
          wrongType(value, type, at);
        } else {
          value(value, chosen, at);
        }
      }
    }
  }

  private void branch(Object value, ValueType type, String at) {
    if (!Fn.NO_VALUE.equals(value)) {
      value(value, type, at);
    }
  }

  /** The alternative a value of this kind is meant for: the one of its JSON kind. */
  private static ValueType choose(Object value, ValueType.OneOf oneOf) {
    for (ValueType alt : oneOf.alternatives()) {
      boolean fits =
          switch (alt) {
            case ValueType.Any any -> true;
            case ValueType.Scalar scalar -> accepts(scalar, value);
            case ValueType.ListOf list -> value instanceof List<?>;
            case ValueType.MapOf map -> value instanceof Map<?, ?>;
            case ValueType.ObjectOf object -> value instanceof Map<?, ?>;
            case ValueType.OneOf nested -> choose(value, nested) != null;
          };
      if (fits) {
        return alt;
      }
    }
    return null;
  }

  /** Whether a plain value fits a scalar type, with the conversions CloudFormation makes. */
  static boolean accepts(ValueType.Scalar scalar, Object value) {
    return switch (scalar) {
      case STRING -> value instanceof String || value instanceof Number || value instanceof Boolean;
      case BOOLEAN ->
          value instanceof Boolean
              || (value instanceof String s
                  && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")));
      case INTEGER -> isInteger(value);
      case NUMBER -> isNumber(value);
    };
  }

  private static boolean isInteger(Object value) {
    return switch (value) {
      case Integer i -> true;
      case Long l -> true;
      case Short s -> true;
      case Byte b -> true;
      case BigInteger b -> true;
      case BigDecimal d -> d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
      case Double d -> Double.isFinite(d) && d == Math.rint(d);
      case Float f -> Float.isFinite(f) && f == Math.rint(f);
      case String s -> INTEGER.matcher(s).matches();
      default -> false;
    };
  }

  private static boolean isNumber(Object value) {
    if (value instanceof Double d) {
      return Double.isFinite(d);
    }
    if (value instanceof Float f) {
      return Float.isFinite(f);
    }
    if (value instanceof Number) {
      return true;
    }
    if (value instanceof String s) {
      try {
        new BigDecimal(s);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  private void wrongType(Object value, ValueType expected, String at) {
    String property = at.startsWith(root + ".") ? at.substring(root.length() + 1) : at;
    problems.add(
        new TemplateProblem(
            at,
            typeName
                + ": "
                + property
                + " must be "
                + article(expected.describe())
                + ", not "
                + kindOf(value)));
  }

  private static String article(String description) {
    if (description.startsWith("any ")) {
      return description;
    }
    return ("aeiouAEIOU".indexOf(description.charAt(0)) >= 0 ? "an " : "a ") + description;
  }

  private static String kindOf(Object value) {
    return switch (value) {
      case Map<?, ?> m -> "a map";
      case List<?> l -> "a list";
      case String s -> "the string \"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
      case Boolean b -> "the boolean " + b;
      case Number n -> "the number " + n;
      default -> "a " + value.getClass().getSimpleName();
    };
  }
}
