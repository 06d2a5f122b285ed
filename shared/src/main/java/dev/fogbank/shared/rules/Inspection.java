package dev.fogbank.shared.rules;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TextPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the standard rules over one template: resolves property values through parameters and
 * conditions, collects findings, applies the suppressions written in Metadata.
 *
 * <p>A value the template decides at deploy time (a resource's attribute, an import, a parameter
 * without a value) is {@link #UNKNOWN}; rules never raise a finding on an unknown value. Both
 * branches of an {@code Fn::If} are considered, and a finding from one branch says so.
 */
final class Inspection {

  /** A value only known at deploy time. */
  static final Object UNKNOWN =
      new Object() {
        @Override
        public String toString() {
          return "(unknown)";
        }
      };

  /** No value: the key is missing, or {@code Ref: AWS::NoValue}. */
  static final Object ABSENT =
      new Object() {
        @Override
        public String toString() {
          return "(absent)";
        }
      };

  /** Intrinsics inside intrinsics deeper than this resolve to UNKNOWN (the reader bounds depth). */
  private static final int MAX_RESOLVE_DEPTH = 32;

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  /**
   * A value and where it was written. {@code conditional} is true when it came through one branch
   * of an {@code Fn::If}.
   */
  record At(Object value, String path, boolean conditional) {
    boolean known() {
      return value != UNKNOWN;
    }

    boolean absent() {
      return value == ABSENT;
    }
  }

  private final SourceTemplate source;
  private final Template template;
  private final Map<String, String> supplied;
  private final Map<String, Finding> findings = new LinkedHashMap<>();

  Inspection(SourceTemplate source, Map<String, String> parameters) {
    this.source = Objects.requireNonNull(source, "template");
    this.template = source.template();
    this.supplied = parameters == null ? Map.of() : parameters;
  }

  Template template() {
    return template;
  }

  List<Finding> run() {
    SecretRules.checkParameters(this);
    for (ResourceDefinition<?> r : template.resources().values()) {
      StorageRules.check(this, r);
      NetworkRules.check(this, r);
      IdentityRules.check(this, r);
      EncryptionRules.check(this, r);
      SecretRules.check(this, r);
      HygieneRules.check(this, r);
    }
    StorageRules.checkTlsOnly(this);
    Suppressions suppressions = new Suppressions(this);
    return suppressions.apply(new ArrayList<>(findings.values())).stream().sorted(ORDER).toList();
  }

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparingInt(f -> f.position() == null ? Integer.MAX_VALUE : f.position().line())
          .thenComparingInt(f -> f.position() == null ? Integer.MAX_VALUE : f.position().column())
          .thenComparing(Finding::path)
          .thenComparing(Finding::ruleId);

  // ---- Findings ----

  /** Raises {@code ruleId} at {@code at}; a value from one Fn::If branch is reported as such. */
  void report(String ruleId, String resource, At at, String message) {
    report(
        ruleId,
        resource,
        at.path(),
        at.conditional() ? message + " (in one branch of its Fn::If)" : message);
  }

  void report(String ruleId, String resource, String path, String message) {
    RuleDescription rule = SecurityRules.describe(ruleId);
    if (rule == null) {
      throw new IllegalArgumentException("no rule " + ruleId);
    }
    String key = ruleId + "\u0000" + path + "\u0000" + message;
    findings.putIfAbsent(
        key, new Finding(ruleId, rule.severity(), resource, path, message, positionOf(path), null));
  }

  TextPosition positionOf(String path) {
    return source.positionOf(path);
  }

  // ---- Values ----

  static String resourcePath(ResourceDefinition<?> r) {
    return "Resources." + r.logicalId();
  }

  /** The resource's Properties (a map, or both branches of a whole-Properties Fn::If). */
  List<At> properties(ResourceDefinition<?> r) {
    Object whole = r.otherAttributes().get("Properties");
    String path = resourcePath(r) + ".Properties";
    return resolve(whole != null ? whole : r.properties(), path, false);
  }

  /** The value at {@code keys} under the resource's Properties, every way it can resolve. */
  List<At> property(ResourceDefinition<?> r, String... keys) {
    List<At> at = properties(r);
    for (String key : keys) {
      at = get(at, key);
    }
    return at;
  }

  /** The entry {@code key} of each map among {@code from}; ABSENT where a map lacks it. */
  List<At> get(List<At> from, String key) {
    List<At> out = new ArrayList<>();
    for (At at : from) {
      if (at.value() instanceof Map<?, ?> map) {
        Object v = map.get(key);
        if (v == null) {
          out.add(new At(ABSENT, at.path() + "." + key, at.conditional()));
        } else {
          out.addAll(resolve(v, at.path() + "." + key, at.conditional()));
        }
      } else if (at.absent()) {
        out.add(new At(ABSENT, at.path() + "." + key, at.conditional()));
      } else {
        out.add(new At(UNKNOWN, at.path(), at.conditional()));
      }
    }
    return out;
  }

  /**
   * The items of each list among {@code from}, resolved; a single value where a list was expected
   * (IAM's Action: "s3:GetObject") is its own only item. ABSENT values give no items.
   */
  List<At> items(List<At> from) {
    List<At> out = new ArrayList<>();
    for (At at : from) {
      if (at.value() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          out.addAll(resolve(list.get(i), at.path() + "[" + i + "]", at.conditional()));
        }
      } else if (!at.absent()) {
        out.add(at);
      }
    }
    return out;
  }

  /** Every concrete value {@code raw} can take, with UNKNOWN for what only deploy time knows. */
  List<At> resolve(Object raw, String path, boolean conditional) {
    List<At> out = new ArrayList<>(1);
    resolve(raw, path, conditional, 0, out);
    return out;
  }

  private void resolve(Object raw, String path, boolean conditional, int depth, List<At> out) {
    if (depth > MAX_RESOLVE_DEPTH) {
      out.add(new At(UNKNOWN, path, conditional));
      return;
    }
    switch (raw) {
      case null -> out.add(new At(ABSENT, path, conditional));
      case Intrinsic.Ref ref -> out.add(new At(refValue(ref.target()), path, conditional));
      case Intrinsic.If fnIf -> {
        resolve(fnIf.whenTrue(), path + ".Fn::If[1]", true, depth + 1, out);
        resolve(fnIf.whenFalse(), path + ".Fn::If[2]", true, depth + 1, out);
      }
      case Intrinsic.FindInMap find -> out.add(new At(findInMap(find, depth), path, conditional));
      case Intrinsic.Sub sub -> out.add(new At(sub(sub, depth), path, conditional));
      case Intrinsic.Join join -> out.add(new At(join(join, path, depth), path, conditional));
      case Intrinsic other -> out.add(new At(UNKNOWN, path, conditional));
      default -> out.add(new At(raw, path, conditional));
    }
  }

  private Object refValue(String target) {
    if (target.equals("AWS::NoValue")) {
      return ABSENT;
    }
    Parameter p = template.parameters().get(target);
    if (p == null) {
      return UNKNOWN; // a resource or a pseudo parameter
    }
    String given = supplied.get(target);
    Object value = given != null ? given : p.defaultValue();
    if (value == null) {
      return UNKNOWN;
    }
    boolean list = p.type().startsWith("List<") || p.type().equals(Parameter.COMMA_DELIMITED_LIST);
    if (list && value instanceof String s) {
      return List.of(s.split(",", -1)).stream().map(String::strip).toList();
    }
    return value;
  }

  private Object findInMap(Intrinsic.FindInMap find, int depth) {
    String map = single(find.mapName(), depth);
    String top = single(find.topLevelKey(), depth);
    String second = single(find.secondLevelKey(), depth);
    if (map == null || top == null || second == null) {
      return UNKNOWN;
    }
    Map<String, Map<String, Object>> entries = template.mappings().get(map);
    Map<String, Object> level = entries == null ? null : entries.get(top);
    Object value = level == null ? null : level.get(second);
    return value == null || value instanceof Intrinsic ? UNKNOWN : value;
  }

  /** A Sub whose variables are all parameters or pseudo parameters; pseudo ones stay as text. */
  private Object sub(Intrinsic.Sub sub, int depth) {
    Matcher m = SUB_VARIABLE.matcher(sub.template());
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).strip();
      String value;
      if (sub.variables().containsKey(name)) {
        value = single(sub.variables().get(name), depth);
      } else if (name.startsWith("AWS::")) {
        value = m.group();
      } else {
        value = template.parameters().containsKey(name) ? scalar(refValue(name)) : null;
      }
      if (value == null) {
        return UNKNOWN;
      }
      m.appendReplacement(text, Matcher.quoteReplacement(value));
    }
    m.appendTail(text);
    return text.toString();
  }

  private Object join(Intrinsic.Join join, String path, int depth) {
    List<At> parts = new ArrayList<>();
    resolve(join.values(), path, false, depth + 1, parts);
    if (parts.size() != 1 || !(parts.get(0).value() instanceof List<?> list)) {
      return UNKNOWN;
    }
    List<String> strings = new ArrayList<>(list.size());
    for (Object item : list) {
      // Pseudo parameters stay as text, as in Fn::Sub: arn:${AWS::Partition}:iam::aws:policy/...
      String s =
          item instanceof Intrinsic.Ref ref
                  && ref.isPseudo()
                  && !ref.target().equals("AWS::NoValue")
              ? "${" + ref.target() + "}"
              : single(item, depth);
      if (s == null) {
        return UNKNOWN;
      }
      strings.add(s);
    }
    return String.join(join.delimiter(), strings);
  }

  /** The one scalar {@code raw} resolves to, as text; null when unknown or ambiguous. */
  private String single(Object raw, int depth) {
    List<At> values = new ArrayList<>(1);
    resolve(raw, "", false, depth + 1, values);
    return values.size() == 1 ? scalar(values.get(0).value()) : null;
  }

  private static String scalar(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Boolean
        ? String.valueOf(value)
        : null;
  }

  // ---- Small predicates rules share ----

  static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || value instanceof String s && s.equalsIgnoreCase("true");
  }

  /** Missing, or explicitly false: "not switched on". Unknown values are not. */
  static boolean notTrue(At at) {
    return at.known() && !isTrue(at.value());
  }

  static String text(At at) {
    return scalar(at.value());
  }

  static Long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
