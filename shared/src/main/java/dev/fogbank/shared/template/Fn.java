package dev.fogbank.shared.template;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Static factories for {@link Intrinsic} values and the pseudo parameters. */
public final class Fn {

  public static final Intrinsic.Ref REGION = new Intrinsic.Ref("AWS::Region");
  public static final Intrinsic.Ref ACCOUNT_ID = new Intrinsic.Ref("AWS::AccountId");
  public static final Intrinsic.Ref PARTITION = new Intrinsic.Ref("AWS::Partition");
  public static final Intrinsic.Ref STACK_NAME = new Intrinsic.Ref("AWS::StackName");
  public static final Intrinsic.Ref STACK_ID = new Intrinsic.Ref("AWS::StackId");
  public static final Intrinsic.Ref URL_SUFFIX = new Intrinsic.Ref("AWS::URLSuffix");
  public static final Intrinsic.Ref NO_VALUE = new Intrinsic.Ref("AWS::NoValue");
  public static final Intrinsic.Ref NOTIFICATION_ARNS = new Intrinsic.Ref("AWS::NotificationARNs");

  /** Every pseudo parameter CloudFormation defines. */
  public static final List<String> PSEUDO_PARAMETERS =
      List.of(
          "AWS::AccountId",
          "AWS::NotificationARNs",
          "AWS::NoValue",
          "AWS::Partition",
          "AWS::Region",
          "AWS::StackId",
          "AWS::StackName",
          "AWS::URLSuffix");

  private Fn() {}

  public static Intrinsic.Ref ref(String target) {
    return new Intrinsic.Ref(target);
  }

  public static Intrinsic.GetAtt getAtt(String resource, String attribute) {
    return new Intrinsic.GetAtt(resource, attribute);
  }

  public static Intrinsic.Sub sub(String template) {
    return new Intrinsic.Sub(template, Map.of());
  }

  /** The two-argument form: {@code variables} alternate name, value, name, value... */
  public static Intrinsic.Sub sub(String template, Object... namesAndValues) {
    return new Intrinsic.Sub(template, pairs(namesAndValues));
  }

  public static Intrinsic.Sub sub(String template, Map<String, Object> variables) {
    return new Intrinsic.Sub(template, variables);
  }

  public static Intrinsic.Join join(String delimiter, Object... values) {
    return new Intrinsic.Join(delimiter, Arrays.asList(values));
  }

  public static Intrinsic.Join join(String delimiter, Intrinsic listValue) {
    return new Intrinsic.Join(delimiter, listValue);
  }

  public static Intrinsic.Select select(int index, Object list) {
    return new Intrinsic.Select(index, list);
  }

  public static Intrinsic.Split split(String delimiter, Object source) {
    return new Intrinsic.Split(delimiter, source);
  }

  public static Intrinsic.If ifThen(String condition, Object whenTrue, Object whenFalse) {
    return new Intrinsic.If(condition, whenTrue, whenFalse);
  }

  public static Intrinsic.Equals equalTo(Object left, Object right) {
    return new Intrinsic.Equals(left, right);
  }

  public static Intrinsic.And and(Object... conditions) {
    return new Intrinsic.And(Arrays.asList(conditions));
  }

  public static Intrinsic.Or or(Object... conditions) {
    return new Intrinsic.Or(Arrays.asList(conditions));
  }

  public static Intrinsic.Not not(Object condition) {
    return new Intrinsic.Not(condition);
  }

  public static Intrinsic.ConditionRef condition(String name) {
    return new Intrinsic.ConditionRef(name);
  }

  public static Intrinsic.FindInMap findInMap(Object map, Object topKey, Object secondKey) {
    return new Intrinsic.FindInMap(map, topKey, secondKey);
  }

  public static Intrinsic.ImportValue importValue(Object exportName) {
    return new Intrinsic.ImportValue(exportName);
  }

  public static Intrinsic.GetAZs getAZs(Object region) {
    return new Intrinsic.GetAZs(region);
  }

  public static Intrinsic.Base64 base64(Object value) {
    return new Intrinsic.Base64(value);
  }

  public static Intrinsic.Cidr cidr(Object ipBlock, Object count, Object cidrBits) {
    return new Intrinsic.Cidr(ipBlock, count, cidrBits);
  }

  /** A map value with keys in the given order: {@code Fn.map("Key", v, "Other", w)}. */
  public static Map<String, Object> map(Object... namesAndValues) {
    return pairs(namesAndValues);
  }

  /** A list value. */
  public static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  private static Map<String, Object> pairs(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected name, value pairs; got an odd count");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!(namesAndValues[i] instanceof String name)) {
        throw new IllegalArgumentException("key at position " + i + " is not a string");
      }
      if (map.put(name, namesAndValues[i + 1]) != null) {
        throw new IllegalArgumentException("duplicate key " + name);
      }
    }
    return map;
  }
}
