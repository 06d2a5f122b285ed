package dev.fogbank.shared.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudFormation intrinsic function as a typed value. Property values in the model are plain
 * JSON-like Java values (String, Number, Boolean, List, Map with String keys) or an Intrinsic;
 * arguments of an Intrinsic are values of the same kind. Build them with {@link Fn}.
 */
public sealed interface Intrinsic
    permits Intrinsic.Ref,
        Intrinsic.GetAtt,
        Intrinsic.Sub,
        Intrinsic.Join,
        Intrinsic.Select,
        Intrinsic.Split,
        Intrinsic.If,
        Intrinsic.Equals,
        Intrinsic.And,
        Intrinsic.Or,
        Intrinsic.Not,
        Intrinsic.ConditionRef,
        Intrinsic.FindInMap,
        Intrinsic.ImportValue,
        Intrinsic.GetAZs,
        Intrinsic.Base64,
        Intrinsic.Cidr,
        Intrinsic.Other {

  /** The long-form key, e.g. {@code Fn::GetAtt} or {@code Ref}. */
  String functionName();

  /** {@code Ref}: a parameter, a resource or a pseudo parameter (AWS::Region, ...). */
  record Ref(String target) implements Intrinsic {
    public Ref {
      Objects.requireNonNull(target, "Ref target");
    }

    @Override
    public String functionName() {
      return "Ref";
    }

    public boolean isPseudo() {
      return target.startsWith("AWS::");
    }
  }

  /** {@code Fn::GetAtt}: an attribute (may contain dots, e.g. Endpoint.Address) of a resource. */
  record GetAtt(String resource, String attribute) implements Intrinsic {
    public GetAtt {
      Objects.requireNonNull(resource, "GetAtt resource");
      Objects.requireNonNull(attribute, "GetAtt attribute");
    }

    @Override
    public String functionName() {
      return "Fn::GetAtt";
    }
  }

  /**
   * {@code Fn::Sub}: a string with {@code ${Name}}, {@code ${Resource.Attribute}} and {@code
   * ${!Literal}} placeholders; {@code variables} is empty for the one-argument form.
   */
  record Sub(String template, Map<String, Object> variables) implements Intrinsic {
    public Sub {
      Objects.requireNonNull(template, "Sub template");
      variables = variables == null ? Map.of() : unmodifiableCopy(variables);
    }

    @Override
    public String functionName() {
      return "Fn::Sub";
    }
  }

  /** {@code Fn::Join}: {@code values} is a list or an intrinsic that yields one. */
  record Join(String delimiter, Object values) implements Intrinsic {
    public Join {
      Objects.requireNonNull(delimiter, "Join delimiter");
      Objects.requireNonNull(values, "Join values");
    }

    @Override
    public String functionName() {
      return "Fn::Join";
    }
  }

  /** {@code Fn::Select}: {@code index} is a number (or an intrinsic), {@code list} a list value. */
  record Select(Object index, Object list) implements Intrinsic {
    public Select {
      Objects.requireNonNull(index, "Select index");
      Objects.requireNonNull(list, "Select list");
    }

    @Override
    public String functionName() {
      return "Fn::Select";
    }
  }

  /** {@code Fn::Split}. */
  record Split(String delimiter, Object source) implements Intrinsic {
    public Split {
      Objects.requireNonNull(delimiter, "Split delimiter");
      Objects.requireNonNull(source, "Split source");
    }

    @Override
    public String functionName() {
      return "Fn::Split";
    }
  }

  /** {@code Fn::If}: the name of a condition and the two values. */
  record If(String condition, Object whenTrue, Object whenFalse) implements Intrinsic {
    public If {
      Objects.requireNonNull(condition, "If condition");
      Objects.requireNonNull(whenTrue, "If value when true");
      Objects.requireNonNull(whenFalse, "If value when false");
    }

    @Override
    public String functionName() {
      return "Fn::If";
    }
  }

  /** {@code Fn::Equals}. */
  record Equals(Object left, Object right) implements Intrinsic {
    public Equals {
      Objects.requireNonNull(left, "Equals left");
      Objects.requireNonNull(right, "Equals right");
    }

    @Override
    public String functionName() {
      return "Fn::Equals";
    }
  }

  /** {@code Fn::And} (2 to 10 conditions). */
  record And(List<Object> conditions) implements Intrinsic {
    public And {
      conditions = List.copyOf(conditions);
    }

    @Override
    public String functionName() {
      return "Fn::And";
    }
  }

  /** {@code Fn::Or} (2 to 10 conditions). */
  record Or(List<Object> conditions) implements Intrinsic {
    public Or {
      conditions = List.copyOf(conditions);
    }

    @Override
    public String functionName() {
      return "Fn::Or";
    }
  }

  /** {@code Fn::Not}. */
  record Not(Object condition) implements Intrinsic {
    public Not {
      Objects.requireNonNull(condition, "Not condition");
    }

    @Override
    public String functionName() {
      return "Fn::Not";
    }
  }

  /** {@code Condition: Name} used inside a condition expression. */
  record ConditionRef(String name) implements Intrinsic {
    public ConditionRef {
      Objects.requireNonNull(name, "Condition name");
    }

    @Override
    public String functionName() {
      return "Condition";
    }
  }

  /** {@code Fn::FindInMap}. */
  record FindInMap(Object mapName, Object topLevelKey, Object secondLevelKey) implements Intrinsic {
    public FindInMap {
      Objects.requireNonNull(mapName, "FindInMap map name");
      Objects.requireNonNull(topLevelKey, "FindInMap top-level key");
      Objects.requireNonNull(secondLevelKey, "FindInMap second-level key");
    }

    @Override
    public String functionName() {
      return "Fn::FindInMap";
    }
  }

  /** {@code Fn::ImportValue}. */
  record ImportValue(Object exportName) implements Intrinsic {
    public ImportValue {
      Objects.requireNonNull(exportName, "ImportValue export name");
    }

    @Override
    public String functionName() {
      return "Fn::ImportValue";
    }
  }

  /** {@code Fn::GetAZs}; an empty string means the stack's region. */
  record GetAZs(Object region) implements Intrinsic {
    public GetAZs {
      Objects.requireNonNull(region, "GetAZs region");
    }

    @Override
    public String functionName() {
      return "Fn::GetAZs";
    }
  }

  /** {@code Fn::Base64}. */
  record Base64(Object value) implements Intrinsic {
    public Base64 {
      Objects.requireNonNull(value, "Base64 value");
    }

    @Override
    public String functionName() {
      return "Fn::Base64";
    }
  }

  /** {@code Fn::Cidr}. */
  record Cidr(Object ipBlock, Object count, Object cidrBits) implements Intrinsic {
    public Cidr {
      Objects.requireNonNull(ipBlock, "Cidr ipBlock");
      Objects.requireNonNull(count, "Cidr count");
      Objects.requireNonNull(cidrBits, "Cidr cidrBits");
    }

    @Override
    public String functionName() {
      return "Fn::Cidr";
    }
  }

  /**
   * Any other {@code Fn::*} function (Fn::Length, Fn::ToJsonString, Fn::Transform, ...), kept as
   * its name and raw argument so that templates using them round-trip unchanged.
   */
  record Other(String functionName, Object argument) implements Intrinsic {
    public Other {
      Objects.requireNonNull(functionName, "function name");
      Objects.requireNonNull(argument, "argument");
    }
  }

  /**
   * An ordered, unmodifiable copy: a map with an order of its own keeps it; any other (HashMap,
   * Map.of) is sorted by key, so that output never depends on hash order.
   */
  static <V> java.util.SequencedMap<String, V> orderedCopy(Map<String, V> map) {
    java.util.SequencedMap<String, V> copy =
        map instanceof java.util.SequencedMap<String, V>
            ? new LinkedHashMap<>(map)
            : new LinkedHashMap<>(new java.util.TreeMap<>(map));
    return java.util.Collections.unmodifiableSequencedMap(copy);
  }

  private static Map<String, Object> unmodifiableCopy(Map<String, Object> map) {
    return orderedCopy(map);
  }
}
