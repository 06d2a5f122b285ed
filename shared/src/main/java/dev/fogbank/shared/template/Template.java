package dev.fogbank.shared.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A CloudFormation template: the model the writer turns into YAML or JSON and the reader builds
 * from them. Entries keep the order they were added in, so the same model always gives the same
 * bytes. Duplicate names within a section, or a resource and a parameter with the same logical ID,
 * are rejected when added; everything else is checked by {@link #validate}.
 */
public final class Template {

  public static final String FORMAT_VERSION = "2010-09-09";

  /** CloudFormation quotas (per template). */
  public static final int MAX_RESOURCES = 500;

  public static final int MAX_PARAMETERS = 200;
  public static final int MAX_OUTPUTS = 200;
  public static final int MAX_MAPPINGS = 200;

  /** CloudFormation's limit on the template's Description, in UTF-8 bytes. */
  public static final int MAX_DESCRIPTION_BYTES = 1024;

  private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]{1,255}");

  // Resource type names as CloudFormation's registry defines them (modules end in ::MODULE), and
  // custom resources.
  private static final Pattern TYPE_NAME =
      Pattern.compile(
          "[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}(::MODULE)?"
              + "|Custom::[A-Za-z0-9_@-]{1,60}");

  private String formatVersion = FORMAT_VERSION;
  private String description;
  private final List<String> transforms = new ArrayList<>();
  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Map<String, Map<String, Object>>> mappings = new LinkedHashMap<>();
  private final Map<String, Object> conditions = new LinkedHashMap<>();
  private final Map<String, Object> rules = new LinkedHashMap<>();
  private final Map<String, ResourceDefinition<?>> resources = new LinkedHashMap<>();
  private final Map<String, Output> outputs = new LinkedHashMap<>();
  private final Map<String, Object> otherSections = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> loops = new LinkedHashMap<>();

  public static Template create() {
    return new Template();
  }

  /** Null leaves the AWSTemplateFormatVersion line out. */
  public Template formatVersion(String value) {
    this.formatVersion = value;
    return this;
  }

  public Template description(String value) {
    this.description = value;
    return this;
  }

  public Template transform(String name) {
    transforms.add(Objects.requireNonNull(name, "transform"));
    return this;
  }

  public Template metadata(String key, Object value) {
    metadata.put(key, value);
    return this;
  }

  public Parameter parameter(Parameter parameter) {
    String name = parameter.name();
    if (parameters.containsKey(name)) {
      throw new TemplateException("Parameters." + name, "duplicate parameter name " + name);
    }
    if (resources.containsKey(name)) {
      throw new TemplateException(
          "Parameters." + name, "logical ID " + name + " is already used by a resource");
    }
    parameters.put(name, parameter);
    return parameter;
  }

  /** Adds {@code Mappings.<name>}: top-level key → second-level key → value. */
  public Template mapping(String name, Map<String, Map<String, Object>> entries) {
    if (mappings.containsKey(name)) {
      throw new TemplateException("Mappings." + name, "duplicate mapping name " + name);
    }
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    Intrinsic.orderedCopy(entries).forEach((k, v) -> copy.put(k, Intrinsic.orderedCopy(v)));
    mappings.put(name, copy);
    return this;
  }

  /** Adds {@code Conditions.<name>}: an Fn::Equals/And/Or/Not/Condition expression. */
  public Template condition(String name, Intrinsic expression) {
    if (conditions.containsKey(name)) {
      throw new TemplateException("Conditions." + name, "duplicate condition name " + name);
    }
    conditions.put(name, Objects.requireNonNull(expression, "condition expression"));
    return this;
  }

  /** Adds {@code Rules.<name>} as written (kept so that templates with rules round-trip). */
  public Template rule(String name, Object rule) {
    rules.put(name, rule);
    return this;
  }

  /** Adds a resource and returns it, so that it can be referenced: {@code bucket.ref()}. */
  public <R extends ResourceDefinition<R>> R resource(R resource) {
    add(resource);
    return resource;
  }

  /** Adds a resource of unknown concrete type (used by the reader). */
  public void add(ResourceDefinition<?> resource) {
    String id = resource.logicalId();
    if (resources.containsKey(id)) {
      throw new TemplateException(
          "Resources." + id,
          "duplicate logical ID "
              + id
              + " (already used by "
              + resources.get(id).type()
              + ", now for "
              + resource.type()
              + ")");
    }
    if (parameters.containsKey(id)) {
      throw new TemplateException(
          "Resources." + id, "logical ID " + id + " is already used by a parameter");
    }
    resources.put(id, resource);
  }

  public Output output(Output output) {
    if (outputs.containsKey(output.name())) {
      throw new TemplateException(
          "Outputs." + output.name(), "duplicate output name " + output.name());
    }
    outputs.put(output.name(), output);
    return output;
  }

  /**
   * A section the model does not type, kept as written: {@code Hooks}, SAM's {@code Globals}, or
   * what a macro reads. Replaces an earlier value of the same name.
   */
  public Template section(String name, Object value) {
    otherSections.put(Objects.requireNonNull(name, "section"), value);
    return this;
  }

  /**
   * An {@code Fn::ForEach::<Name>} entry of {@code section} (Resources, Outputs or Conditions),
   * which the AWS::LanguageExtensions transform expands; kept as written.
   */
  public Template loop(String section, String key, Object value) {
    loops.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value);
    return this;
  }

  public Map<String, Object> otherSections() {
    return Collections.unmodifiableMap(otherSections);
  }

  /** The {@code Fn::ForEach::} entries of {@code section}, in order. */
  public Map<String, Object> loops(String section) {
    return Collections.unmodifiableMap(loops.getOrDefault(section, Map.of()));
  }

  public String formatVersion() {
    return formatVersion;
  }

  public String description() {
    return description;
  }

  public List<String> transforms() {
    return Collections.unmodifiableList(transforms);
  }

  public Map<String, Object> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  public Map<String, Map<String, Map<String, Object>>> mappings() {
    return Collections.unmodifiableMap(mappings);
  }

  public Map<String, Object> conditions() {
    return Collections.unmodifiableMap(conditions);
  }

  public Map<String, Object> rules() {
    return Collections.unmodifiableMap(rules);
  }

  public Map<String, ResourceDefinition<?>> resources() {
    return Collections.unmodifiableMap(resources);
  }

  public Map<String, Output> outputs() {
    return Collections.unmodifiableMap(outputs);
  }

  /** Whether {@code id} is a valid logical ID: 1 to 255 ASCII letters and digits. */
  public static boolean isValidLogicalId(String id) {
    return id != null && LOGICAL_ID.matcher(id).matches();
  }

  /**
   * Every problem in the template: names, parameter types and constraints, quotas, references
   * (dangling Ref/GetAtt/Sub/condition/mapping names), dependency cycles and, through {@code
   * check}, resource types and properties. Warnings ({@link TemplateProblem#isError()} false) are
   * what cannot be judged here: a template with a Transform is only checked for structure, since
   * CloudFormation rewrites it before resource types and references mean anything.
   */
  public List<TemplateProblem> validate(ResourceTypeCheck check) {
    List<TemplateProblem> problems = new ArrayList<>();
    quota(problems, "Resources", resources.size(), MAX_RESOURCES);
    quota(problems, "Parameters", parameters.size(), MAX_PARAMETERS);
    quota(problems, "Outputs", outputs.size(), MAX_OUTPUTS);
    quota(problems, "Mappings", mappings.size(), MAX_MAPPINGS);
    if (resources.isEmpty() && loops("Resources").isEmpty()) {
      problems.add(new TemplateProblem("Resources", "a template needs at least one resource"));
    }
    parameters.values().forEach(p -> checkParameter(p, problems));
    names(problems, "Mappings", mappings.keySet());
    names(problems, "Conditions", conditions.keySet());
    names(problems, "Outputs", outputs.keySet());
    if (formatVersion != null && !formatVersion.equals(FORMAT_VERSION)) {
      problems.add(
          new TemplateProblem(
              "AWSTemplateFormatVersion",
              "AWSTemplateFormatVersion must be \""
                  + FORMAT_VERSION
                  + "\" (the only version), found \""
                  + formatVersion
                  + "\""));
    }
    if (description != null
        && description.getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION_BYTES) {
      problems.add(
          new TemplateProblem(
              "Description",
              "Description is "
                  + description.getBytes(StandardCharsets.UTF_8).length
                  + " bytes; CloudFormation allows at most "
                  + MAX_DESCRIPTION_BYTES));
    }
    for (ResourceDefinition<?> r : resources.values()) {
      if (!isValidLogicalId(r.logicalId())) {
        problems.add(new TemplateProblem("Resources." + r.logicalId(), invalidId(r.logicalId())));
      }
      if (!TYPE_NAME.matcher(r.type()).matches()) {
        problems.add(
            new TemplateProblem(
                "Resources." + r.logicalId() + ".Type",
                "\""
                    + r.type()
                    + "\" is not a resource type name (AWS::Service::Resource,"
                    + " Organization::Service::Resource::MODULE or Custom::Name)"));
      }
    }
    if (!transforms.isEmpty()) {
      problems.add(
          TemplateProblem.warning(
              "Transform",
              "Transform "
                  + String.join(", ", transforms)
                  + ": resource types, properties and references are not checked on this"
                  + " template, which CloudFormation rewrites when it creates the change set;"
                  + " they are checked on the processed template once the change set exists"));
      return problems;
    }
    for (ResourceDefinition<?> r : resources.values()) {
      problems.addAll(check.check(r));
    }
    DependencyGraph graph = DependencyGraph.of(this);
    problems.addAll(graph.problems());
    for (DependencyGraph.AttributeUse use : graph.attributeUses()) {
      String type = resources.get(use.resource()).type();
      check
          .checkAttribute(type, use.attribute())
          .ifPresent(why -> problems.add(new TemplateProblem(use.location(), why)));
    }
    return problems;
  }

  /** Throws a {@link TemplateException} listing every problem, if there is any. */
  public Template requireValid(ResourceTypeCheck check) {
    List<TemplateProblem> problems =
        validate(check).stream().filter(TemplateProblem::isError).toList();
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    return this;
  }

  private static void checkParameter(Parameter p, List<TemplateProblem> problems) {
    String at = "Parameters." + p.name();
    if (!isValidLogicalId(p.name())) {
      problems.add(new TemplateProblem(at, invalidId(p.name())));
    }
    if (!Parameter.isValidType(p.type())) {
      problems.add(new TemplateProblem(at + ".Type", "unknown parameter type " + p.type()));
    }
    boolean text = p.type().equals(Parameter.STRING) || p.type().equals("CommaDelimitedList");
    if ((p.minLength() != null || p.maxLength() != null) && !text) {
      problems.add(new TemplateProblem(at, "MinLength/MaxLength apply to String parameters only"));
    }
    if ((p.minValue() != null || p.maxValue() != null) && !p.type().equals(Parameter.NUMBER)) {
      problems.add(new TemplateProblem(at, "MinValue/MaxValue apply to Number parameters only"));
    }
    if (p.minLength() != null && p.maxLength() != null && p.minLength() > p.maxLength()) {
      problems.add(new TemplateProblem(at, "MinLength is greater than MaxLength"));
    }
    if (p.minValue() != null
        && p.maxValue() != null
        && p.minValue().doubleValue() > p.maxValue().doubleValue()) {
      problems.add(new TemplateProblem(at, "MinValue is greater than MaxValue"));
    }
    if (p.allowedPattern() != null) {
      try {
        Pattern.compile(p.allowedPattern());
      } catch (java.util.regex.PatternSyntaxException e) {
        problems.add(new TemplateProblem(at + ".AllowedPattern", "not a valid regular expression"));
      }
    }
    if (p.defaultValue() != null
        && !p.allowedValues().isEmpty()
        && !p.allowedValues().contains(p.defaultValue())) {
      problems.add(new TemplateProblem(at + ".Default", "default is not one of AllowedValues"));
    }
  }

  private static void names(List<TemplateProblem> problems, String section, Iterable<String> ids) {
    for (String id : ids) {
      if (!isValidLogicalId(id)) {
        problems.add(new TemplateProblem(section + "." + id, invalidId(id)));
      }
    }
  }

  private static String invalidId(String id) {
    return "invalid logical ID \""
        + id
        + "\": use 1 to 255 ASCII letters and digits (A-Z, a-z, 0-9), nothing else";
  }

  private static void quota(List<TemplateProblem> problems, String section, int size, int max) {
    if (size > max) {
      problems.add(
          new TemplateProblem(section, size + " entries; CloudFormation allows at most " + max));
    }
  }
}
