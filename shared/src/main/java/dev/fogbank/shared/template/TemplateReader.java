package dev.fogbank.shared.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CloudFormation template, YAML (short or long forms) or JSON, into a {@link Template}, so
 * that {@code read(TemplateWriter.yaml(t))} gives back the model of {@code t}.
 *
 * <p>Every problem is a {@link TemplateException} naming where (a path such as {@code
 * Resources.Bucket.Properties.Tags[0]}, with line and column) and what. Hostile input is refused
 * before it costs much, within {@link TemplateLimits}: at most 1 MiB, few aliases of collections,
 * bounded nesting, one document, no duplicate keys, no tags other than the short forms.
 *
 * <p>What CloudFormation accepts, the reader accepts: SAM's {@code Globals} (under its transform),
 * {@code Hooks}, {@code Fn::ForEach::} loops and intrinsic deletion policies (under
 * AWS::LanguageExtensions), {@code Version} on custom resources, {@code Properties} given whole by
 * {@code Fn::If}; what the model does not type is kept as written. Stateless; thread-safe.
 */
public final class TemplateReader {

  private static final String SAM = "AWS::Serverless-2016-10-31";
  private static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";
  private static final String FOR_EACH = "Fn::ForEach::";

  /** Problems listed before the reader stops looking for more. */
  private static final int MAX_PROBLEMS = 50;

  private static final List<String> SECTIONS =
      List.of(
          "AWSTemplateFormatVersion",
          "Description",
          "Transform",
          "Metadata",
          "Parameters",
          "Rules",
          "Mappings",
          "Conditions",
          "Resources",
          "Outputs",
          "Hooks");

  private static final List<String> RESOURCE_ATTRIBUTES =
      List.of(
          "Type",
          "Condition",
          "DependsOn",
          "Metadata",
          "Properties",
          "CreationPolicy",
          "UpdatePolicy",
          "DeletionPolicy",
          "UpdateReplacePolicy");

  private static final List<String> PARAMETER_KEYS =
      List.of(
          "Type",
          "Description",
          "Default",
          "AllowedValues",
          "AllowedPattern",
          "MinLength",
          "MaxLength",
          "MinValue",
          "MaxValue",
          "ConstraintDescription",
          "NoEcho");

  private static final List<String> OUTPUT_KEYS =
      List.of("Description", "Condition", "Value", "Export");

  private final List<TemplateProblem> problems = new ArrayList<>();
  private final List<String> transforms = new ArrayList<>();

  private TemplateReader() {}

  /** Reads UTF-8 bytes (a byte order mark is allowed); JSON when the text starts with '{'. */
  public static Template read(byte[] utf8) {
    return readSource(utf8).template();
  }

  /** Reads a template; JSON when its first character other than white space is '{'. */
  public static Template read(String text) {
    int bytes = utf8Length(text);
    if (bytes > TemplateLimits.MAX_TEMPLATE_BYTES) {
      throw tooLarge(bytes);
    }
    return readText(text, bytes).template();
  }

  /**
   * Reads UTF-8 bytes into the model and keeps where each entry was written, so that problems found
   * later (by the resource schemas, the dependency graph) name their line and column.
   */
  public static SourceTemplate readSource(byte[] utf8) {
    if (utf8 == null || utf8.length == 0) {
      throw new TemplateException("template", "template is empty");
    }
    if (utf8.length > TemplateLimits.MAX_TEMPLATE_BYTES) {
      throw tooLarge(utf8.length);
    }
    return readText(decodeUtf8(utf8), utf8.length);
  }

  private static SourceTemplate readText(String text, int sizeBytes) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new TemplateException("template", "template is empty");
    }
    boolean json = text.strip().startsWith("{");
    Source root = json ? JsonSource.read(text) : YamlSource.read(text);
    Template template = new TemplateReader().template(root);
    Map<String, TextPosition> positions = new java.util.HashMap<>();
    positions("", root, positions);
    return new SourceTemplate(template, json ? "json" : "yaml", sizeBytes, positions);
  }

  /**
   * Reads a YAML document (a deployment manifest) with the loader and limits templates are read
   * with, into plain values: Map, List, String, Number or null (null for an empty document).
   * Booleans stay the text written ({@code NO}, {@code on}, {@code true}): a manifest's values
   * are strings for CloudFormation. Tags are refused: a manifest holds values, not functions.
   */
  public static Object readYamlValues(byte[] utf8) {
    if (utf8.length > TemplateLimits.MAX_TEMPLATE_BYTES) {
      throw tooLarge(utf8.length);
    }
    String text = decodeUtf8(utf8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      return null;
    }
    Source root;
    try {
      root = YamlSource.read(text, true);
    } catch (TemplateException e) {
      if (e.getMessage().contains("only comments")) {
        return null;
      }
      throw e;
    }
    return plain(root, "");
  }

  private static Object plain(Source node, String path) {
    if (node.tag() != null) {
      throw problem(path.isEmpty() ? "document" : path, node, "unexpected tag " + node.tag());
    }
    return switch (node) {
      case SourceScalar s -> s.value();
      case SourceList l -> {
        List<Object> items = new ArrayList<>(l.items().size());
        for (Source item : l.items()) {
          items.add(plain(item, path + "[" + items.size() + "]"));
        }
        yield items;
      }
      case SourceMap m -> {
        Map<String, Object> entries = new LinkedHashMap<>();
        m.entries()
            .forEach((k, v) -> entries.put(k, plain(v, path.isEmpty() ? k : path + "." + k)));
        yield entries;
      }
    };
  }

  /**
   * Where each path of the text starts: a mapping entry at its key, anything else at itself. A
   * short-form function ({@code !Ref X}) is placed under its long-form name, as the reader names it
   * in locations ({@code ...QueueName.Ref}), and so are its arguments.
   */
  private static void positions(String path, Source node, Map<String, TextPosition> out) {
    if (node.tag() != null) {
      String name = node.tag().substring(1);
      path = path + "." + (name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name);
      out.put(path, node.at());
    } else if (node.at() != null) {
      out.putIfAbsent(path.isEmpty() ? "template" : path, node.at());
    }
    switch (node) {
      case SourceMap m -> {
        String parent = path;
        m.entries()
            .forEach(
                (key, value) -> {
                  String child = parent.isEmpty() ? key : parent + "." + key;
                  TextPosition keyAt = m.keys().get(key);
                  if (keyAt != null) {
                    out.put(child, keyAt);
                  }
                  positions(child, value, out);
                });
      }
      case SourceList l -> {
        for (int i = 0; i < l.items().size(); i++) {
          positions(path + "[" + i + "]", l.items().get(i), out);
        }
      }
      case SourceScalar s -> {}
    }
  }

  // ---- The source tree both formats are read into, with positions for messages ----

  /**
   * A node of the text: a mapping, a list or a scalar (String, Boolean, Number or null), with the
   * short-form tag written on it ({@code !Sub}) or null.
   */
  sealed interface Source permits SourceMap, SourceList, SourceScalar {
    String tag();

    TextPosition at();

    Source withoutTag();
  }

  /** A mapping; {@code keys} holds where each key is written. */
  record SourceMap(
      Map<String, Source> entries, String tag, TextPosition at, Map<String, TextPosition> keys)
      implements Source {
    @Override
    public Source withoutTag() {
      return new SourceMap(entries, null, at, keys);
    }
  }

  record SourceList(List<Source> items, String tag, TextPosition at) implements Source {
    @Override
    public Source withoutTag() {
      return new SourceList(items, null, at);
    }
  }

  record SourceScalar(Object value, String tag, TextPosition at) implements Source {
    @Override
    public Source withoutTag() {
      return new SourceScalar(value, null, at);
    }
  }

  // ---- Sections ----

  private Template template(Source root) {
    if (!(root instanceof SourceMap map) || root.tag() != null) {
      throw new TemplateException(
          "template",
          "the top level must be a mapping of sections (AWSTemplateFormatVersion, Resources,"
              + " ...), found "
              + kind(root)
              + at(root));
    }
    Template t = Template.create().formatVersion(null);
    // Read first: what the other sections may hold depends on the transforms.
    Source transform = map.entries().get("Transform");
    if (transform != null) {
      collect(() -> section(t, "Transform", transform));
      transforms.addAll(t.transforms());
    }
    for (Map.Entry<String, Source> section : map.entries().entrySet()) {
      if (section.getKey().equals("Transform")) {
        continue;
      }
      String name = section.getKey();
      Source node = section.getValue();
      collect(() -> section(t, name, node));
    }
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    return t;
  }

  private void section(Template t, String name, Source node) {
    switch (name) {
      case "AWSTemplateFormatVersion" -> t.formatVersion(string(node, name));
      case "Description" -> t.description(string(node, name));
      case "Transform" -> {
        if (node instanceof SourceList list && node.tag() == null) {
          for (int i = 0; i < list.items().size(); i++) {
            t.transform(transformName(list.items().get(i), name + "[" + i + "]"));
          }
        } else {
          t.transform(transformName(node, name));
        }
      }
      case "Metadata" ->
          entries(node, name)
              .forEach((key, value) -> t.metadata(key, value(value, name + "." + key)));
      case "Parameters" ->
          entries(node, name)
              .forEach((key, value) -> collect(() -> t.parameter(parameter(key, value))));
      case "Rules" ->
          entries(node, name).forEach((key, value) -> t.rule(key, value(value, name + "." + key)));
      case "Mappings" ->
          entries(node, name).forEach((key, value) -> collect(() -> mapping(t, key, value)));
      case "Conditions" ->
          entries(node, name)
              .forEach(
                  (key, value) ->
                      collect(() -> loopOr(t, name, key, value, () -> condition(t, key, value))));
      case "Resources" ->
          entries(node, name)
              .forEach(
                  (key, value) ->
                      collect(
                          () -> loopOr(t, name, key, value, () -> t.add(resource(key, value)))));
      case "Outputs" ->
          entries(node, name)
              .forEach(
                  (key, value) ->
                      collect(
                          () -> loopOr(t, name, key, value, () -> t.output(output(key, value)))));
      case "Hooks" -> {
        entries(node, name);
        t.section(name, value(node, name));
      }
      case "Globals" -> {
        if (!transforms.contains(SAM)) {
          throw problem(
              name, node, "the section Globals needs Transform: " + SAM + " (SAM) to expand it");
        }
        t.section(name, value(node, name));
      }
      default -> {
        if (transforms.isEmpty()) {
          throw problem(
              name,
              node,
              "unknown top-level section "
                  + name
                  + "; sections are "
                  + String.join(", ", SECTIONS));
        }
        // A macro may read a section of its own; CloudFormation checks what it leaves.
        t.section(name, value(node, name));
      }
    }
  }

  /** A name in Transform: a string, or {@code {Name: X, Parameters: {...}}} for a macro. */
  private String transformName(Source node, String path) {
    if (node instanceof SourceMap map && node.tag() == null && map.entries().containsKey("Name")) {
      return string(map.entries().get("Name"), path + ".Name");
    }
    return string(node, path);
  }

  /**
   * An {@code Fn::ForEach::} loop (kept as written, for AWS::LanguageExtensions to expand) or an
   * ordinary entry, read by {@code entry}.
   */
  private void loopOr(Template t, String section, String key, Source node, Runnable entry) {
    if (!key.startsWith(FOR_EACH)) {
      entry.run();
      return;
    }
    String path = section + "." + key;
    if (!transforms.contains(LANGUAGE_EXTENSIONS)) {
      throw problem(
          path,
          node,
          key + " is a loop that needs Transform: " + LANGUAGE_EXTENSIONS + " to expand it");
    }
    t.loop(section, key, value(node, path));
  }

  private Parameter parameter(String name, Source node) {
    String path = "Parameters." + name;
    Map<String, Source> keys = entries(node, path);
    if (!keys.containsKey("Type")) {
      throw problem(path, node, "parameter " + name + " has no Type");
    }
    Parameter p = Parameter.of(name, string(keys.get("Type"), path + ".Type"));
    for (Map.Entry<String, Source> e : keys.entrySet()) {
      String at = path + "." + e.getKey();
      Source value = e.getValue();
      switch (e.getKey()) {
        case "Type" -> {}
        case "Description" -> p.description(string(value, at));
        case "Default" -> p.defaultValue(value(value, at));
        case "AllowedValues" -> p.allowedValues(list(value, at).toArray());
        case "AllowedPattern" -> p.allowedPattern(string(value, at));
        case "MinLength" -> p.minLength(integer(value, at));
        case "MaxLength" -> p.maxLength(integer(value, at));
        case "MinValue" -> p.minValue(number(value, at));
        case "MaxValue" -> p.maxValue(number(value, at));
        case "ConstraintDescription" -> p.constraintDescription(string(value, at));
        case "NoEcho" -> p.noEcho(bool(value, at));
        default -> throw unknownKey(at, value, "parameter", PARAMETER_KEYS);
      }
    }
    return p;
  }

  private void mapping(Template t, String name, Source node) {
    String path = "Mappings." + name;
    Map<String, Map<String, Object>> top = new LinkedHashMap<>();
    entries(node, path)
        .forEach(
            (topKey, second) -> {
              String at = path + "." + topKey;
              Map<String, Object> values = new LinkedHashMap<>();
              entries(second, at).forEach((k, v) -> values.put(k, value(v, at + "." + k)));
              top.put(topKey, values);
            });
    t.mapping(name, top);
  }

  private void condition(Template t, String name, Source node) {
    String path = "Conditions." + name;
    Object expression = value(node, path, true);
    if (!(expression instanceof Intrinsic fn)) {
      throw problem(
          path,
          node,
          "a condition is an Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition expression, found "
              + kind(node));
    }
    t.condition(name, fn);
  }

  private Resource resource(String id, Source node) {
    String path = "Resources." + id;
    Map<String, Source> attributes = entries(node, path);
    if (!attributes.containsKey("Type")) {
      throw problem(path, node, "resource " + id + " has no Type");
    }
    Resource r = Resource.of(id, string(attributes.get("Type"), path + ".Type"));
    for (Map.Entry<String, Source> e : attributes.entrySet()) {
      String at = path + "." + e.getKey();
      Source value = e.getValue();
      switch (e.getKey()) {
        case "Type" -> {}
        case "Condition" -> r.condition(string(value, at));
        case "DependsOn" -> {
          if (value instanceof SourceList ids && value.tag() == null) {
            for (int i = 0; i < ids.items().size(); i++) {
              r.dependsOn(string(ids.items().get(i), at + "[" + i + "]"));
            }
          } else {
            r.dependsOn(string(value, at));
          }
        }
        case "Metadata" ->
            entries(value, at).forEach((k, v) -> r.metadata(k, value(v, at + "." + k)));
        case "Properties" -> {
          if (isFunction(value)) {
            // Fn::If choosing between whole property sets; each branch is checked on its own.
            r.attribute("Properties", value(value, at));
          } else {
            entries(value, at).forEach((k, v) -> r.property(k, value(v, at + "." + k)));
          }
        }
        case "CreationPolicy" -> r.creationPolicy(value(value, at));
        case "UpdatePolicy" -> r.updatePolicy(value(value, at));
        case "DeletionPolicy", "UpdateReplacePolicy" -> {
          if (isFunction(value) && transforms.contains(LANGUAGE_EXTENSIONS)) {
            r.attribute(e.getKey(), value(value, at));
          } else if (e.getKey().equals("DeletionPolicy")) {
            r.deletionPolicy(policy(value, at));
          } else {
            r.updateReplacePolicy(policy(value, at));
          }
        }
        default -> {
          if (!isOtherAttribute(e.getKey(), r.type())) {
            throw unknownKey(at, value, "resource attribute", RESOURCE_ATTRIBUTES);
          }
          r.attribute(e.getKey(), value(value, at));
        }
      }
    }
    return r;
  }

  /**
   * Attributes CloudFormation accepts beyond the common ones: {@code Version} on custom resources
   * (an old attribute it still takes), SAM's own on its types; with a macro, anything (the macro
   * reads it, CloudFormation checks what it leaves).
   */
  private boolean isOtherAttribute(String attribute, String type) {
    if (attribute.equals("Version")
        && (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource"))) {
      return true;
    }
    if (transforms.contains(SAM)
        && type.startsWith("AWS::Serverless::")
        && (attribute.equals("Connectors") || attribute.equals("IgnoreGlobals"))) {
      return true;
    }
    return transforms.stream().anyMatch(name -> !name.equals(LANGUAGE_EXTENSIONS));
  }

  /** Whether a node is an intrinsic function: a short-form tag or a one-key Fn::/Ref mapping. */
  private static boolean isFunction(Source node) {
    if (node.tag() != null) {
      return true;
    }
    if (node instanceof SourceMap m && m.entries().size() == 1) {
      String key = m.entries().keySet().iterator().next();
      return key.equals("Ref") || key.startsWith("Fn::");
    }
    return false;
  }

  private Output output(String name, Source node) {
    String path = "Outputs." + name;
    Map<String, Source> keys = entries(node, path);
    if (!keys.containsKey("Value")) {
      throw problem(path, node, "output " + name + " has no Value");
    }
    Output o = Output.of(name, value(keys.get("Value"), path + ".Value"));
    for (Map.Entry<String, Source> e : keys.entrySet()) {
      String at = path + "." + e.getKey();
      Source value = e.getValue();
      switch (e.getKey()) {
        case "Value" -> {}
        case "Description" -> o.description(string(value, at));
        case "Condition" -> o.condition(string(value, at));
        case "Export" -> {
          Map<String, Source> export = entries(value, at);
          for (Map.Entry<String, Source> x : export.entrySet()) {
            if (!x.getKey().equals("Name")) {
              throw unknownKey(at + "." + x.getKey(), x.getValue(), "Export key", List.of("Name"));
            }
          }
          if (!export.containsKey("Name")) {
            throw problem(at, value, "Export has no Name");
          }
          o.exportName(value(export.get("Name"), at + ".Name"));
        }
        default -> throw unknownKey(at, value, "output key", OUTPUT_KEYS);
      }
    }
    return o;
  }

  private ResourceDefinition.Policy policy(Source node, String path) {
    String name = string(node, path);
    for (ResourceDefinition.Policy p : ResourceDefinition.Policy.values()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw problem(
        path,
        node,
        "unknown policy " + name + "; use Delete, Retain, RetainExceptOnCreate or Snapshot");
  }

  // ---- Values and intrinsic functions ----

  private Object value(Source node, String path) {
    return value(node, path, false);
  }

  /**
   * The model value of a node. {@code condition} is true inside a condition expression (the
   * Conditions section and the operands of Fn::And, Fn::Or and Fn::Not), the only place where
   * {@code {Condition: Name}} is a reference rather than a plain mapping such as an IAM policy
   * statement's Condition block.
   */
  private Object value(Source node, String path, boolean condition) {
    if (node.tag() != null) {
      return intrinsic(shortFormName(node, path, condition), node.withoutTag(), path, true);
    }
    switch (node) {
      case SourceScalar s -> {
        if (s.value() == null) {
          throw problem(
              path,
              node,
              "null value: CloudFormation rejects null values in templates (give a value or"
                  + " remove the key)");
        }
        return s.value();
      }
      case SourceList l -> {
        List<Object> list = new ArrayList<>(l.items().size());
        for (int i = 0; i < l.items().size(); i++) {
          list.add(value(l.items().get(i), path + "[" + i + "]", false));
        }
        return list;
      }
      case SourceMap m -> {
        if (m.entries().size() == 1) {
          Map.Entry<String, Source> only = m.entries().entrySet().iterator().next();
          String key = only.getKey();
          if (key.equals("Ref")
              || key.startsWith("Fn::")
              || (condition && key.equals("Condition"))) {
            return intrinsic(key, only.getValue(), path, false);
          }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> map.put(k, value(v, path + "." + k, false)));
        return map;
      }
    }
  }

  private String shortFormName(Source node, String path, boolean condition) {
    String tag = node.tag();
    String name = tag.substring(1);
    if (name.equals("Ref")) {
      return "Ref";
    }
    if (name.equals("Condition")) {
      if (!condition) {
        throw problem(
            path,
            node,
            "!Condition is a reference to a condition and belongs in a condition expression (the"
                + " Conditions section or the operands of Fn::And, Fn::Or, Fn::Not)");
      }
      return "Condition";
    }
    if (TemplateLimits.FN_TAGS.contains(name)) {
      return "Fn::" + name;
    }
    throw problem(
        path,
        node,
        "unknown tag "
            + tag
            + " (CloudFormation's short forms are !Ref, !Condition and !And, !Base64, !Cidr,"
            + " !Equals, !FindInMap, !GetAZs, !GetAtt, !If, !ImportValue, !Join, !Not, !Or,"
            + " !Select, !Split, !Sub, ...)");
  }

  /** An intrinsic from its long-form name and its argument node. */
  private Object intrinsic(String fn, Source arg, String path, boolean shortForm) {
    String at = path + "." + fn;
    switch (fn) {
      case "Ref" -> {
        return new Intrinsic.Ref(argString(fn, arg, at, "the name of a parameter or resource"));
      }
      case "Condition" -> {
        return new Intrinsic.ConditionRef(argString(fn, arg, at, "the name of a condition"));
      }
      case "Fn::GetAtt" -> {
        return getAtt(arg, at, shortForm);
      }
      case "Fn::Sub" -> {
        if (arg instanceof SourceScalar s && s.value() instanceof String template) {
          return new Intrinsic.Sub(template, Map.of());
        }
        List<Source> args = args(fn, arg, at, 2, 2, "[template, {variables}]");
        String template = argString(fn, args.get(0), at + "[0]", "the template string");
        Map<String, Object> variables = new LinkedHashMap<>();
        entries(args.get(1), at + "[1]")
            .forEach((k, v) -> variables.put(k, value(v, at + "[1]." + k, false)));
        return new Intrinsic.Sub(template, variables);
      }
      case "Fn::Join" -> {
        List<Source> args = args(fn, arg, at, 2, 2, "[delimiter, [values]]");
        String delimiter = argString(fn, args.get(0), at + "[0]", "the delimiter");
        return new Intrinsic.Join(delimiter, listOrIntrinsic(fn, args.get(1), at + "[1]"));
      }
      case "Fn::Select" -> {
        List<Source> args = args(fn, arg, at, 2, 2, "[index, [values]]");
        Object index = value(args.get(0), at + "[0]", false);
        return new Intrinsic.Select(index, listOrIntrinsic(fn, args.get(1), at + "[1]"));
      }
      case "Fn::Split" -> {
        List<Source> args = args(fn, arg, at, 2, 2, "[delimiter, string]");
        String delimiter = argString(fn, args.get(0), at + "[0]", "the delimiter");
        return new Intrinsic.Split(delimiter, value(args.get(1), at + "[1]", false));
      }
      case "Fn::If" -> {
        List<Source> args =
            args(fn, arg, at, 3, 3, "[condition name, value if true, value if false]");
        String condition = argString(fn, args.get(0), at + "[0]", "the name of a condition");
        return new Intrinsic.If(
            condition,
            value(args.get(1), at + "[1]", false),
            value(args.get(2), at + "[2]", false));
      }
      case "Fn::Equals" -> {
        List<Source> args = args(fn, arg, at, 2, 2, "[value, value]");
        return new Intrinsic.Equals(
            value(args.get(0), at + "[0]", false), value(args.get(1), at + "[1]", false));
      }
      case "Fn::And", "Fn::Or" -> {
        List<Source> args = args(fn, arg, at, 2, 10, "[condition, condition, ...]");
        List<Object> conditions = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
          conditions.add(value(args.get(i), at + "[" + i + "]", true));
        }
        return fn.equals("Fn::And") ? new Intrinsic.And(conditions) : new Intrinsic.Or(conditions);
      }
      case "Fn::Not" -> {
        List<Source> args = args(fn, arg, at, 1, 1, "[condition]");
        return new Intrinsic.Not(value(args.get(0), at + "[0]", true));
      }
      case "Fn::FindInMap" -> {
        // The fourth argument ({DefaultValue: ...}, AWS::LanguageExtensions) is kept as is.
        List<Source> args = args(fn, arg, at, 3, 4, "[map name, top-level key, second-level key]");
        if (args.size() == 4) {
          return new Intrinsic.Other(fn, value(arg, at, false));
        }
        return new Intrinsic.FindInMap(
            value(args.get(0), at + "[0]", false),
            value(args.get(1), at + "[1]", false),
            value(args.get(2), at + "[2]", false));
      }
      case "Fn::ImportValue" -> {
        return new Intrinsic.ImportValue(single(fn, arg, at, "the export name"));
      }
      case "Fn::GetAZs" -> {
        // "!GetAZs" with nothing after it is the empty string: the stack's region.
        if (arg instanceof SourceScalar s && s.value() == null) {
          return new Intrinsic.GetAZs("");
        }
        return new Intrinsic.GetAZs(single(fn, arg, at, "a region ('' for the stack's)"));
      }
      case "Fn::Base64" -> {
        return new Intrinsic.Base64(single(fn, arg, at, "the string to encode"));
      }
      case "Fn::Cidr" -> {
        List<Source> args = args(fn, arg, at, 3, 3, "[ip block, count, cidr bits]");
        return new Intrinsic.Cidr(
            value(args.get(0), at + "[0]", false),
            value(args.get(1), at + "[1]", false),
            value(args.get(2), at + "[2]", false));
      }
      default -> {
        return new Intrinsic.Other(fn, value(arg, at, false));
      }
    }
  }

  /**
   * {@code !GetAtt Res.Attr} (only the first dot separates: {@code Db.Endpoint.Address}) or {@code
   * [Res, Attr]}; an attribute given by an intrinsic ({@code [Res, !Ref Name]}) is kept as {@link
   * Intrinsic.Other}, since the typed form holds names only.
   */
  private Object getAtt(Source arg, String at, boolean shortForm) {
    String fn = "Fn::GetAtt";
    if (arg instanceof SourceScalar s && s.value() instanceof String dotted) {
      int dot = dotted.indexOf('.');
      if (dot <= 0 || dot == dotted.length() - 1) {
        throw problem(
            at,
            arg,
            (shortForm ? "!GetAtt" : fn)
                + " needs Resource.Attribute (or [Resource, Attribute]), found \""
                + dotted
                + "\"");
      }
      return new Intrinsic.GetAtt(dotted.substring(0, dot), dotted.substring(dot + 1));
    }
    List<Source> args = args(fn, arg, at, 2, 2, "[resource, attribute]");
    if (isFunction(args.get(0)) && transforms.contains(LANGUAGE_EXTENSIONS)) {
      // In a Fn::ForEach loop the logical ID is built (!Sub "Bucket${Id}"); kept as written.
      return new Intrinsic.Other(fn, value(arg, at, false));
    }
    String resource = argString(fn, args.get(0), at + "[0]", "a resource's logical ID");
    Object attribute = value(args.get(1), at + "[1]", false);
    if (attribute instanceof String name) {
      return new Intrinsic.GetAtt(resource, name);
    }
    if (attribute instanceof Intrinsic) {
      return new Intrinsic.Other(fn, List.of(resource, attribute));
    }
    throw problem(
        at + "[1]", args.get(1), fn + " needs an attribute name, found " + kind(args.get(1)));
  }

  private List<Source> args(String fn, Source arg, String at, int min, int max, String shape) {
    if (!(arg instanceof SourceList list) || arg.tag() != null) {
      throw problem(at, arg, fn + " takes a list " + shape + ", found " + kind(arg));
    }
    int n = list.items().size();
    if (n < min || n > max) {
      String count = min == max ? String.valueOf(min) : min + " to " + max;
      throw problem(at, arg, fn + " takes " + count + " arguments " + shape + ", found " + n);
    }
    return list.items();
  }

  private String argString(String fn, Source arg, String at, String what) {
    if (arg instanceof SourceScalar s && s.tag() == null && s.value() instanceof String text) {
      return text;
    }
    throw problem(at, arg, fn + " takes " + what + " (a string), found " + kind(arg));
  }

  private Object listOrIntrinsic(String fn, Source arg, String at) {
    Object value = value(arg, at, false);
    if (value instanceof List<?> || value instanceof Intrinsic) {
      return value;
    }
    throw problem(at, arg, fn + " takes a list of values here, found " + kind(arg));
  }

  /** The one argument of Fn::Base64, Fn::ImportValue, Fn::GetAZs: a scalar or an intrinsic. */
  private Object single(String fn, Source arg, String at, String what) {
    Object value = value(arg, at, false);
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      throw problem(
          at, arg, fn + " takes " + what + ", a string or a function, found " + kind(arg));
    }
    return value;
  }

  // ---- Shapes ----

  private Map<String, Source> entries(Source node, String path) {
    if (node instanceof SourceMap map && node.tag() == null) {
      return map.entries();
    }
    throw problem(path, node, "expected a mapping, found " + kind(node));
  }

  private List<Object> list(Source node, String path) {
    if (node instanceof SourceList list && node.tag() == null) {
      List<Object> values = new ArrayList<>(list.items().size());
      for (int i = 0; i < list.items().size(); i++) {
        values.add(value(list.items().get(i), path + "[" + i + "]", false));
      }
      return values;
    }
    throw problem(path, node, "expected a list, found " + kind(node));
  }

  private String string(Source node, String path) {
    if (node instanceof SourceScalar s && s.tag() == null && s.value() instanceof String text) {
      return text;
    }
    throw problem(path, node, "expected a string, found " + kind(node));
  }

  private Integer integer(Source node, String path) {
    Number n = number(node, path);
    try {
      return new BigDecimal(n.toString()).intValueExact();
    } catch (ArithmeticException e) {
      throw problem(path, node, "expected a whole number, found " + n);
    }
  }

  /** A number, or a string holding one (CloudFormation accepts "5" where 5 is meant). */
  private Number number(Source node, String path) {
    if (node instanceof SourceScalar s && s.tag() == null) {
      if (s.value() instanceof Number n) {
        return n;
      }
      if (s.value() instanceof String text) {
        try {
          return normalize(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
          // reported below
        }
      }
    }
    throw problem(path, node, "expected a number, found " + kind(node));
  }

  private boolean bool(Source node, String path) {
    if (node instanceof SourceScalar s && s.tag() == null) {
      if (s.value() instanceof Boolean b) {
        return b;
      }
      if ("true".equals(s.value()) || "false".equals(s.value())) {
        return Boolean.parseBoolean((String) s.value());
      }
    }
    throw problem(path, node, "expected true or false, found " + kind(node));
  }

  /** Integers as Integer, Long or BigInteger (the smallest that holds them); decimals as is. */
  static Number integerValue(BigInteger i) {
    if (i.bitLength() < 32) {
      return i.intValue();
    }
    return i.bitLength() < 64 ? (Number) i.longValue() : i;
  }

  private static Number normalize(BigDecimal d) {
    if (d.scale() <= 0) {
      try {
        return integerValue(d.toBigIntegerExact());
      } catch (ArithmeticException e) {
        return d;
      }
    }
    return d;
  }

  // ---- Problems ----

  /** Runs one entry's reading; its problem is recorded and the next entry read. */
  private void collect(Runnable entry) {
    try {
      entry.run();
    } catch (TemplateException e) {
      for (TemplateProblem p : e.problems()) {
        if (problems.size() < MAX_PROBLEMS) {
          problems.add(p);
        }
      }
    }
  }

  private static TemplateException unknownKey(
      String path, Source node, String what, List<String> known) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    return problem(
        path,
        node,
        "unknown " + what + " " + key + "; expected one of " + String.join(", ", known));
  }

  static TemplateException problem(String path, Source node, String message) {
    return new TemplateException(path, message + at(node));
  }

  private static String at(Source node) {
    return node == null || node.at() == null ? "" : " (" + node.at() + ")";
  }

  static String kind(Source node) {
    if (node.tag() != null) {
      return "the function " + node.tag();
    }
    return switch (node) {
      case SourceMap m -> "a mapping";
      case SourceList l -> "a list";
      case SourceScalar s ->
          switch (s.value()) {
            case null -> "null";
            case String text -> "the string \"" + abbreviate(text) + "\"";
            case Boolean b -> "the boolean " + b;
            case Number n -> "the number " + n;
            default -> "a " + s.value().getClass().getSimpleName();
          };
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static TemplateException tooLarge(long bytes) {
    return TemplateException.tooLarge(
        "template is "
            + bytes
            + " bytes; CloudFormation accepts at most "
            + TemplateLimits.MAX_TEMPLATE_BYTES
            + " bytes (1 MiB, its limit for a template in S3)");
  }

  private static int utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
      if (bytes > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
    }
    return (int) bytes;
  }

  private static String decodeUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new TemplateException(
          "template", "template is not valid UTF-8 (bad byte at offset " + in.position() + ")");
    }
    return out.flip().toString();
  }
}
