package dev.fogbank.shared.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Writes a {@link Template} as CloudFormation YAML (short-form tags such as {@code !Ref}) or JSON
 * (long forms). The output is a function of the model alone: sections, resource attributes,
 * parameter and output keys come in CloudFormation's customary order, maps the model keeps in
 * insertion order stay in it, and maps without a defined order (HashMap, {@code Map.of}) are
 * written sorted by key, so the same model gives the same bytes on every run. Nothing is validated
 * here; {@link Template#validate} does that.
 */
public final class TemplateWriter {

  private TemplateWriter() {}

  /** The template as YAML: block style, 2-space indent, short-form intrinsics, trailing newline. */
  public static String yaml(Template template) {
    return YamlEmitter.write(document(template));
  }

  /** The template as JSON: 2-space indent, long-form intrinsics, trailing newline. */
  public static String json(Template template) {
    return JsonEmitter.write(document(template));
  }

  /**
   * The template as one ordered map of sections. Values stay as the model holds them (plain values
   * and {@link Intrinsic} records); each emitter renders intrinsics in its own form.
   */
  static Map<String, Object> document(Template t) {
    Map<String, Object> doc = new LinkedHashMap<>();
    putIfPresent(doc, "AWSTemplateFormatVersion", t.formatVersion());
    putIfPresent(doc, "Description", t.description());
    List<String> transforms = t.transforms();
    if (transforms.size() == 1) {
      doc.put("Transform", transforms.get(0));
    } else if (!transforms.isEmpty()) {
      doc.put("Transform", new ArrayList<>(transforms));
    }
    putIfNotEmpty(doc, "Metadata", new LinkedHashMap<>(t.metadata()));
    Map<String, Object> parameters = new LinkedHashMap<>();
    t.parameters().forEach((name, p) -> parameters.put(name, parameter(p)));
    putIfNotEmpty(doc, "Parameters", parameters);
    putIfNotEmpty(doc, "Rules", new LinkedHashMap<>(t.rules()));
    Map<String, Object> mappings = new LinkedHashMap<>();
    t.mappings()
        .forEach(
            (name, top) -> {
              Map<String, Object> topCopy = new LinkedHashMap<>();
              top.forEach((key, second) -> topCopy.put(key, ordered(second)));
              mappings.put(name, topCopy);
            });
    putIfNotEmpty(doc, "Mappings", mappings);
    Map<String, Object> conditions = new LinkedHashMap<>(t.conditions());
    conditions.putAll(t.loops("Conditions"));
    putIfNotEmpty(doc, "Conditions", conditions);
    Map<String, Object> resources = new LinkedHashMap<>();
    t.resources().forEach((id, r) -> resources.put(id, resource(r)));
    resources.putAll(t.loops("Resources"));
    putIfNotEmpty(doc, "Resources", resources);
    Map<String, Object> outputs = new LinkedHashMap<>();
    t.outputs().forEach((name, o) -> outputs.put(name, output(o)));
    outputs.putAll(t.loops("Outputs"));
    putIfNotEmpty(doc, "Outputs", outputs);
    t.otherSections().forEach(doc::put);
    return doc;
  }

  private static Map<String, Object> parameter(Parameter p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", p.type());
    putIfPresent(m, "Description", p.description());
    putIfPresent(m, "Default", p.defaultValue());
    if (!p.allowedValues().isEmpty()) {
      m.put("AllowedValues", new ArrayList<>(p.allowedValues()));
    }
    putIfPresent(m, "AllowedPattern", p.allowedPattern());
    putIfPresent(m, "MinLength", p.minLength());
    putIfPresent(m, "MaxLength", p.maxLength());
    putIfPresent(m, "MinValue", p.minValue());
    putIfPresent(m, "MaxValue", p.maxValue());
    putIfPresent(m, "ConstraintDescription", p.constraintDescription());
    if (p.noEcho()) {
      m.put("NoEcho", true);
    }
    return m;
  }

  private static Map<String, Object> resource(ResourceDefinition<?> r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Type", r.type());
    putIfPresent(m, "Condition", r.conditionName());
    List<String> dependsOn = r.dependsOnIds();
    if (dependsOn.size() == 1) {
      m.put("DependsOn", dependsOn.get(0));
    } else if (!dependsOn.isEmpty()) {
      m.put("DependsOn", new ArrayList<>(dependsOn));
    }
    putIfNotEmpty(m, "Metadata", new LinkedHashMap<>(r.metadata()));
    putIfNotEmpty(m, "Properties", new LinkedHashMap<>(r.properties()));
    putIfPresent(m, "CreationPolicy", r.creationPolicyValue());
    putIfPresent(m, "UpdatePolicy", r.updatePolicyValue());
    if (r.deletionPolicyValue() != null) {
      m.put("DeletionPolicy", r.deletionPolicyValue().name());
    }
    if (r.updateReplacePolicyValue() != null) {
      m.put("UpdateReplacePolicy", r.updateReplacePolicyValue().name());
    }
    r.otherAttributes().forEach(m::put);
    return m;
  }

  private static Map<String, Object> output(Output o) {
    Map<String, Object> m = new LinkedHashMap<>();
    putIfPresent(m, "Description", o.description());
    putIfPresent(m, "Condition", o.conditionName());
    m.put("Value", o.value());
    if (o.exportName() != null) {
      Map<String, Object> export = new LinkedHashMap<>();
      export.put("Name", o.exportName());
      m.put("Export", export);
    }
    return m;
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void putIfNotEmpty(Map<String, Object> m, String key, Map<String, Object> value) {
    if (!value.isEmpty()) {
      m.put(key, value);
    }
  }

  /**
   * A map's entries in the order they are written: as iterated for maps with a defined order
   * (LinkedHashMap, TreeMap, ...), sorted by key otherwise, since a HashMap's or {@code Map.of}'s
   * order can differ between equal maps and between runs.
   */
  static List<Map.Entry<String, Object>> entries(Map<?, ?> map, String path) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new TemplateException(
            path,
            "map keys must be strings, found "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName()));
      }
      entries.add(new AbstractMap.SimpleImmutableEntry<>(key, e.getValue()));
    }
    if (!(map instanceof SequencedMap<?, ?>)) {
      entries.sort(Map.Entry.comparingByKey());
    }
    return entries;
  }

  private static Map<String, Object> ordered(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entries(map, "Mappings")) {
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  /** The problem for a value the writer cannot express; null has no place in a template. */
  static TemplateException unsupported(String path, Object value) {
    if (value == null) {
      return new TemplateException(
          path,
          "null value: CloudFormation rejects null values in templates (leave the key out"
              + " instead)");
    }
    return new TemplateException(
        path,
        "cannot write a value of type "
            + value.getClass().getName()
            + " (use String, Number, Boolean, List, Map or an Intrinsic)");
  }

  static TemplateException tooDeep(String path) {
    return new TemplateException(
        path,
        "nested deeper than " + TemplateLimits.MAX_DEPTH + " levels (or a value contains itself)");
  }

  /**
   * A number as written in both formats. Integers as is; decimals in a form that reads back to the
   * same text (BigDecimal's, with a fraction digit in exponent form, because YAML 1.1 readers take
   * {@code 1E+7} for a string).
   */
  static String numberText(Number n, String path) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.toString();
    }
    if (n instanceof BigInteger i) {
      return i.toString();
    }
    BigDecimal d;
    if (n instanceof BigDecimal b) {
      d = b;
    } else if (n instanceof Double || n instanceof Float) {
      double v = n.doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new TemplateException(path, "not a finite number: " + n);
      }
      d = new BigDecimal(n.toString());
    } else {
      try {
        d = new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        throw new TemplateException(path, "not a number CloudFormation can read: " + n);
      }
    }
    // A whole number with a negative scale (1E+3) is written out in full while that stays short.
    if (d.scale() < 0 && d.precision() - d.scale() <= 40) {
      return d.toPlainString();
    }
    String text = d.toString();
    int e = text.indexOf('E');
    if (e > 0 && text.indexOf('.') < 0) {
      text = text.substring(0, e) + ".0" + text.substring(e);
    }
    return text;
  }

  /** The argument of an intrinsic in long form ({@code {"Fn::Join": [...]}}). */
  static Object longArgument(Intrinsic fn) {
    return switch (fn) {
      case Intrinsic.Ref r -> r.target();
      case Intrinsic.GetAtt g -> List.of(g.resource(), g.attribute());
      case Intrinsic.Sub s -> s.variables().isEmpty() ? s.template() : subList(s);
      case Intrinsic.Join j -> List.of(j.delimiter(), j.values());
      case Intrinsic.Select s -> List.of(s.index(), s.list());
      case Intrinsic.Split s -> List.of(s.delimiter(), s.source());
      case Intrinsic.If i -> List.of(i.condition(), i.whenTrue(), i.whenFalse());
      case Intrinsic.Equals e -> List.of(e.left(), e.right());
      case Intrinsic.And a -> a.conditions();
      case Intrinsic.Or o -> o.conditions();
      case Intrinsic.Not n -> List.of(n.condition());
      case Intrinsic.ConditionRef c -> c.name();
      case Intrinsic.FindInMap f -> List.of(f.mapName(), f.topLevelKey(), f.secondLevelKey());
      case Intrinsic.ImportValue i -> i.exportName();
      case Intrinsic.GetAZs g -> g.region();
      case Intrinsic.Base64 b -> b.value();
      case Intrinsic.Cidr c -> List.of(c.ipBlock(), c.count(), c.cidrBits());
      case Intrinsic.Other o -> o.argument();
    };
  }

  private static List<Object> subList(Intrinsic.Sub s) {
    return List.of(s.template(), s.variables());
  }

  /**
   * The YAML short-form tag of an intrinsic ({@code !GetAtt}), or null where the long form must be
   * written: for functions without a short form, and where the one argument is itself an intrinsic,
   * since YAML allows one tag per node ({@code Fn::Base64: !Sub ...}).
   */
  static String shortTag(Intrinsic fn) {
    return switch (fn) {
      case Intrinsic.Other o -> null;
      case Intrinsic.ImportValue i -> i.exportName() instanceof Intrinsic ? null : "!ImportValue";
      case Intrinsic.GetAZs g -> g.region() instanceof Intrinsic ? null : "!GetAZs";
      case Intrinsic.Base64 b -> b.value() instanceof Intrinsic ? null : "!Base64";
      default -> {
        String name = fn.functionName();
        yield "!" + (name.startsWith("Fn::") ? name.substring(4) : name);
      }
    };
  }

  /** The argument under a short-form tag: as in long form, except {@code !GetAtt Res.Attr}. */
  static Object shortArgument(Intrinsic fn) {
    if (fn instanceof Intrinsic.GetAtt g
        && !g.resource().isEmpty()
        && !g.attribute().isEmpty()
        && g.resource().indexOf('.') < 0) {
      return g.resource() + "." + g.attribute();
    }
    return longArgument(fn);
  }
}
