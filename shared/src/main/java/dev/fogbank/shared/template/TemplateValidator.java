package dev.fogbank.shared.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.template.TemplateParser.ParsedTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what CloudFormation itself would reject as a template format error, before fogbank spends
 * a change set on it. Collects every problem and reports them together, so one upload shows the
 * author all of them.
 *
 * <p>With a {@code Transform} (SAM, LanguageExtensions) the template is rewritten by CloudFormation
 * before these rules apply, so checks that a transform can legitimately bend are relaxed.
 */
public final class TemplateValidator {
  public static final int MAX_RESOURCES = 500;
  public static final int MAX_PARAMETERS = 200;
  public static final int MAX_OUTPUTS = 200;
  public static final int MAX_MAPPINGS = 200;
  public static final int MAX_DESCRIPTION_BYTES = 1024;
  public static final int MAX_LOGICAL_ID_LENGTH = 255;

  /** Problems listed in the exception message; the rest are counted. */
  static final int LISTED_PROBLEMS = 10;

  static final Set<String> SECTIONS =
      Set.of(
          "AWSTemplateFormatVersion",
          "Description",
          "Metadata",
          "Parameters",
          "Rules",
          "Mappings",
          "Conditions",
          "Transform",
          "Resources",
          "Outputs",
          "Hooks");

  static final Set<String> RESOURCE_ATTRIBUTES =
      Set.of(
          "Type",
          "Properties",
          "DependsOn",
          "Condition",
          "DeletionPolicy",
          "UpdateReplacePolicy",
          "UpdatePolicy",
          "CreationPolicy",
          "Metadata");

  private static final Set<String> DELETION_POLICIES =
      Set.of("Delete", "Retain", "RetainExceptOnCreate", "Snapshot");
  private static final Set<String> UPDATE_REPLACE_POLICIES = Set.of("Delete", "Retain", "Snapshot");

  // Resource type names as CloudFormation's registry defines them, plus custom resources.
  private static final Pattern REGISTRY_TYPE =
      Pattern.compile("[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}(::MODULE)?");
  private static final Pattern CUSTOM_TYPE = Pattern.compile("Custom::[A-Za-z0-9_@-]{1,60}");
  private static final Pattern LOGICAL_ID = Pattern.compile("[A-Za-z0-9]+");
  private static final String FOR_EACH_PREFIX = "Fn::ForEach::";

  private final TemplateParser parser;

  public TemplateValidator(TemplateParser parser) {
    this.parser = parser;
  }

  public TemplateValidator() {
    this(new TemplateParser());
  }

  /** A template that passed: what later steps need without walking the tree again. */
  public record ValidatedTemplate(
      ParsedTemplate parsed, int resourceCount, List<String> parameterNames, boolean hasTransform) {
    public ValidatedTemplate {
      parameterNames = List.copyOf(parameterNames);
    }
  }

  /** Parses and checks the template; throws one TemplateInvalidException listing all problems. */
  public ValidatedTemplate validate(byte[] body) {
    ParsedTemplate parsed = parser.parse(body);
    JsonNode root = parsed.root();
    List<String> problems = new ArrayList<>();
    boolean hasTransform = root.has("Transform");

    for (Map.Entry<String, JsonNode> section : root.properties()) {
      String name = section.getKey();
      // SAM's Globals section is consumed by its transform.
      if (!SECTIONS.contains(name) && !(hasTransform && name.equals("Globals"))) {
        problems.add(
            "unknown top-level section '"
                + shown(name)
                + "' (allowed: AWSTemplateFormatVersion, Description, Metadata, Parameters,"
                + " Rules, Mappings, Conditions, Transform, Resources, Outputs, Hooks)");
      }
    }
    checkFormatVersion(root.get("AWSTemplateFormatVersion"), problems);
    checkDescription(root.get("Description"), problems);
    for (String section : List.of("Metadata", "Rules", "Mappings", "Conditions", "Hooks")) {
      JsonNode value = root.get(section);
      if (value != null && !value.isObject()) {
        problems.add(section + " must be a mapping, found " + TemplateParser.kind(value));
      }
    }
    checkTransform(root.get("Transform"), problems);
    JsonNode mappings = root.get("Mappings");
    if (mappings != null && mappings.size() > MAX_MAPPINGS) {
      problems.add(
          "Mappings has "
              + mappings.size()
              + " entries; CloudFormation allows at most "
              + MAX_MAPPINGS);
    }
    List<String> parameterNames = checkParameters(root.get("Parameters"), problems);
    int resourceCount = checkResources(root, problems, hasTransform);
    checkOutputs(root.get("Outputs"), problems, hasTransform);

    if (!problems.isEmpty()) {
      throw new TemplateInvalidException(summary(problems));
    }
    return new ValidatedTemplate(parsed, resourceCount, parameterNames, hasTransform);
  }

  private static void checkFormatVersion(JsonNode version, List<String> problems) {
    // YAML reads an unquoted 2010-09-09 as a date; the parser keeps it as this same text.
    if (version != null && !(version.isTextual() && version.asText().equals("2010-09-09"))) {
      problems.add(
          "AWSTemplateFormatVersion must be \"2010-09-09\" (the only version), found "
              + describe(version));
    }
  }

  private static void checkDescription(JsonNode description, List<String> problems) {
    if (description == null) {
      return;
    }
    if (!description.isTextual()) {
      problems.add("Description must be a string, found " + TemplateParser.kind(description));
      return;
    }
    int bytes = description.asText().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_DESCRIPTION_BYTES) {
      problems.add(
          "Description is "
              + bytes
              + " bytes; CloudFormation allows at most "
              + MAX_DESCRIPTION_BYTES);
    }
  }

  private static void checkTransform(JsonNode transform, List<String> problems) {
    if (transform == null || transform.isTextual() || transform.isObject()) {
      return;
    }
    if (transform.isArray()) {
      for (JsonNode item : transform) {
        if (!item.isTextual() && !item.isObject()) {
          problems.add("Transform entries must be names, found " + TemplateParser.kind(item));
        }
      }
      return;
    }
    problems.add(
        "Transform must be a name or a list of names, found " + TemplateParser.kind(transform));
  }

  private static List<String> checkParameters(JsonNode parameters, List<String> problems) {
    List<String> names = new ArrayList<>();
    if (parameters == null) {
      return names;
    }
    if (!parameters.isObject()) {
      problems.add("Parameters must be a mapping, found " + TemplateParser.kind(parameters));
      return names;
    }
    if (parameters.size() > MAX_PARAMETERS) {
      problems.add(
          "Parameters has "
              + parameters.size()
              + " entries; CloudFormation allows at most "
              + MAX_PARAMETERS);
    }
    for (Map.Entry<String, JsonNode> entry : parameters.properties()) {
      String name = entry.getKey();
      names.add(name);
      checkLogicalId("Parameters", name, problems);
      JsonNode parameter = entry.getValue();
      if (!parameter.isObject()) {
        problems.add(
            "Parameters."
                + shown(name)
                + " must be a mapping, found "
                + TemplateParser.kind(parameter));
      } else if (!parameter.path("Type").isTextual()) {
        problems.add("Parameters." + shown(name) + " has no Type (String, Number, ...)");
      }
    }
    return names;
  }

  private static int checkResources(JsonNode root, List<String> problems, boolean hasTransform) {
    JsonNode resources = root.get("Resources");
    if (resources == null) {
      problems.add("Resources section is missing (CloudFormation requires at least one resource)");
      return 0;
    }
    if (!resources.isObject()) {
      problems.add("Resources must be a mapping, found " + TemplateParser.kind(resources));
      return 0;
    }
    if (resources.isEmpty()) {
      problems.add("Resources is empty (CloudFormation requires at least one resource)");
      return 0;
    }
    if (resources.size() > MAX_RESOURCES) {
      problems.add(
          "Resources has "
              + resources.size()
              + " resources; CloudFormation allows at most "
              + MAX_RESOURCES);
    }
    JsonNode conditions = root.path("Conditions");
    for (Map.Entry<String, JsonNode> entry : resources.properties()) {
      String id = entry.getKey();
      // LanguageExtensions loops; the transform expands them into resources.
      if (hasTransform && id.startsWith(FOR_EACH_PREFIX)) {
        continue;
      }
      checkLogicalId("Resources", id, problems);
      String where = "Resources." + shown(id);
      JsonNode resource = entry.getValue();
      if (!resource.isObject()) {
        problems.add(where + " must be a mapping, found " + TemplateParser.kind(resource));
        continue;
      }
      JsonNode type = resource.get("Type");
      String typeName = type != null && type.isTextual() ? type.asText() : null;
      if (type == null) {
        problems.add(where + " has no Type");
      } else if (typeName == null) {
        problems.add(where + ".Type must be a string, found " + TemplateParser.kind(type));
      } else if (!isResourceType(typeName)) {
        problems.add(
            where
                + ".Type '"
                + shown(typeName)
                + "' is not a resource type (expected"
                + " AWS::Service::Resource, Custom::Name or Org::Service::Resource::MODULE)");
      }
      for (String attribute : fieldNames(resource)) {
        if (!isAllowedAttribute(attribute, typeName, hasTransform)) {
          problems.add(
              where
                  + " has unknown attribute '"
                  + shown(attribute)
                  + "' (allowed: Type,"
                  + " Properties, DependsOn, Condition, DeletionPolicy, UpdateReplacePolicy,"
                  + " UpdatePolicy, CreationPolicy, Metadata"
                  + (isCustom(typeName) ? ", Version" : "")
                  + ")");
        }
      }
      JsonNode properties = resource.get("Properties");
      if (properties != null && !properties.isObject()) {
        problems.add(
            where + ".Properties must be a mapping, found " + TemplateParser.kind(properties));
      }
      checkDependsOn(where, resource.get("DependsOn"), resources, problems, hasTransform);
      JsonNode condition = resource.get("Condition");
      if (condition != null) {
        if (!condition.isTextual()) {
          problems.add(
              where
                  + ".Condition must be a condition name, found "
                  + TemplateParser.kind(condition));
        } else if (!hasTransform && !conditions.has(condition.asText())) {
          problems.add(
              where
                  + ".Condition '"
                  + shown(condition.asText())
                  + "' is not declared in Conditions");
        }
      }
      // LanguageExtensions allows intrinsic functions here; without a transform only names.
      if (!hasTransform) {
        checkPolicy(
            where, "DeletionPolicy", resource.get("DeletionPolicy"), DELETION_POLICIES, problems);
        checkPolicy(
            where,
            "UpdateReplacePolicy",
            resource.get("UpdateReplacePolicy"),
            UPDATE_REPLACE_POLICIES,
            problems);
      }
    }
    return resources.size();
  }

  private static void checkDependsOn(
      String where,
      JsonNode dependsOn,
      JsonNode resources,
      List<String> problems,
      boolean hasTransform) {
    if (dependsOn == null) {
      return;
    }
    List<JsonNode> targets = new ArrayList<>();
    if (dependsOn.isArray()) {
      dependsOn.forEach(targets::add);
    } else {
      targets.add(dependsOn);
    }
    for (JsonNode target : targets) {
      if (!target.isTextual()) {
        problems.add(
            where + ".DependsOn must name resources, found " + TemplateParser.kind(target));
      } else if (!hasTransform && !resources.has(target.asText())) {
        problems.add(
            where
                + ".DependsOn '"
                + shown(target.asText())
                + "' is not a resource in this template");
      }
    }
  }

  private static void checkPolicy(
      String where, String attribute, JsonNode value, Set<String> allowed, List<String> problems) {
    if (value != null && !(value.isTextual() && allowed.contains(value.asText()))) {
      problems.add(
          where
              + "."
              + attribute
              + " must be one of "
              + String.join(", ", allowed.stream().sorted().toList())
              + ", found "
              + describe(value));
    }
  }

  private static void checkOutputs(JsonNode outputs, List<String> problems, boolean hasTransform) {
    if (outputs == null) {
      return;
    }
    if (!outputs.isObject()) {
      problems.add("Outputs must be a mapping, found " + TemplateParser.kind(outputs));
      return;
    }
    if (outputs.size() > MAX_OUTPUTS) {
      problems.add(
          "Outputs has "
              + outputs.size()
              + " entries; CloudFormation allows at most "
              + MAX_OUTPUTS);
    }
    for (Map.Entry<String, JsonNode> entry : outputs.properties()) {
      String name = entry.getKey();
      if (hasTransform && name.startsWith(FOR_EACH_PREFIX)) {
        continue;
      }
      checkLogicalId("Outputs", name, problems);
      JsonNode output = entry.getValue();
      if (!output.isObject() || !output.has("Value")) {
        problems.add("Outputs." + shown(name) + " must be a mapping with a Value");
      }
    }
  }

  private static void checkLogicalId(String section, String id, List<String> problems) {
    if (!LOGICAL_ID.matcher(id).matches() || id.length() > MAX_LOGICAL_ID_LENGTH) {
      problems.add(
          section
              + " name '"
              + shown(id)
              + "' is not a valid logical ID (letters and digits"
              + " only, at most "
              + MAX_LOGICAL_ID_LENGTH
              + " characters)");
    }
  }

  static boolean isResourceType(String type) {
    return REGISTRY_TYPE.matcher(type).matches() || CUSTOM_TYPE.matcher(type).matches();
  }

  private static boolean isCustom(String type) {
    return type != null
        && (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource"));
  }

  private static boolean isAllowedAttribute(String attribute, String type, boolean hasTransform) {
    if (RESOURCE_ATTRIBUTES.contains(attribute)) {
      return true;
    }
    // Version is an old attribute that CloudFormation accepts on custom resources only.
    if (attribute.equals("Version") && isCustom(type)) {
      return true;
    }
    // SAM resource attributes, removed by the AWS::Serverless transform.
    return hasTransform
        && type != null
        && type.startsWith("AWS::Serverless::")
        && (attribute.equals("Connectors") || attribute.equals("IgnoreGlobals"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String describe(JsonNode value) {
    return value.isTextual() ? "'" + shown(value.asText()) + "'" : TemplateParser.kind(value);
  }

  /** Names from the template, cut and without control characters, for safe messages. */
  static String shown(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static String summary(List<String> problems) {
    StringBuilder message = new StringBuilder("template is not valid: ");
    int listed = Math.min(problems.size(), LISTED_PROBLEMS);
    message.append(problems.size() == 1 ? "1 problem: " : problems.size() + " problems: ");
    message.append(String.join("; ", problems.subList(0, listed)));
    if (problems.size() > listed) {
      message.append("; and ").append(problems.size() - listed).append(" more");
    }
    return message.toString();
  }
}
