package dev.fogbank.infrastructure.resources;

import dev.fogbank.shared.template.schema.ResourceSchema;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.template.schema.ValueType;
import dev.fogbank.shared.template.ResourceDefinition;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the typed resource builders in {@code dev.fogbank.infrastructure.resources.<service>} from
 * the bundled resource schema data; GeneratedResourcesTest fails when they are out of date.
 *
 * <p>Regenerate, from the repository root (after scripts/lib/extract-cfn-schemas.py, if the data
 * changed):
 *
 * <pre>
 * source scripts/lib/common.sh &amp;&amp; fogbank_setup    # a JDK &gt;= 21
 * mvn -B -q -Dfogbank.buildDir=target-schema -pl infrastructure compile
 * java -cp infrastructure/target-schema/classes \
 *   infrastructure/src/test/java/dev/fogbank/infrastructure/resources/ResourceClassGenerator.java \
 *   infrastructure/src/main/java
 * </pre>
 *
 * <p>To add a type, add it to {@link #TYPES} and regenerate.
 */
public final class ResourceClassGenerator {

  /** The types the control plane uses, each given a builder class. */
  static final List<String> TYPES =
      List.of(
          "AWS::ApiGatewayV2::Api",
          "AWS::ApiGatewayV2::Integration",
          "AWS::ApiGatewayV2::Route",
          "AWS::ApiGatewayV2::Stage",
          "AWS::CloudFormation::Stack",
          "AWS::CloudWatch::Alarm",
          "AWS::CloudWatch::Dashboard",
          "AWS::DynamoDB::Table",
          "AWS::Events::Rule",
          "AWS::IAM::ManagedPolicy",
          "AWS::IAM::Policy",
          "AWS::IAM::Role",
          "AWS::KMS::Key",
          "AWS::Lambda::Alias",
          "AWS::Lambda::Function",
          "AWS::Lambda::Permission",
          "AWS::Lambda::Version",
          "AWS::Logs::LogGroup",
          "AWS::S3::Bucket",
          "AWS::S3::BucketPolicy",
          "AWS::SNS::Subscription",
          "AWS::SNS::Topic",
          "AWS::SNS::TopicPolicy",
          "AWS::SQS::Queue",
          "AWS::Scheduler::Schedule",
          "AWS::SecretsManager::Secret",
          "AWS::StepFunctions::StateMachine");

  static final String PACKAGE = "dev.fogbank.infrastructure.resources";
  private static final int COLUMNS = 100;

  private static final Set<String> JAVA_RESERVED =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "var",
          "yield",
          "record",
          "sealed",
          "permits",
          "when",
          "_");

  /** Member types of the base class, which hide generated classes of the same name. */
  private static final Set<String> INHERITED_TYPES = inheritedTypes();

  /** Names the base class (and Object) already use; a property of that name gets a suffix. */
  private static final Set<String> INHERITED = inheritedNames();

  private ResourceClassGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "infrastructure/src/main/java");
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException("no such source directory: " + out.toAbsolutePath());
    }
    int written = 0;
    for (Map.Entry<String, String> e : generate(ResourceSchemas.bundled()).entrySet()) {
      Path file = out.resolve(e.getKey());
      byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        written++;
      }
    }
    System.out.println(written + " of " + TYPES.size() + " resource classes written under " + out);
  }

  /** Every generated source: path under the source root (with '/') to content. */
  static Map<String, String> generate(ResourceSchemas schemas) {
    Map<String, String> files = new TreeMap<>();
    for (String type : TYPES) {
      ResourceSchema schema =
          schemas
              .schema(type)
              .orElseThrow(() -> new IllegalStateException("no schema data for " + type));
      files.put(path(type), source(schema, schemas.source()));
    }
    return files;
  }

  static String path(String type) {
    return (PACKAGE + "." + service(type)).replace('.', '/') + "/" + simpleName(type) + ".java";
  }

  static String service(String type) {
    return type.split("::")[1].toLowerCase(Locale.ROOT);
  }

  static String simpleName(String type) {
    String[] parts = type.split("::");
    return parts[parts.length - 1];
  }

  /**
   * A property's builder method: the leading capitals in lower case, except the last of a run that
   * starts a word ({@code KMSMasterKeyID} to {@code kmsMasterKeyID}); reserved words get a trailing
   * underscore and names the base class uses get a {@code Property} suffix.
   */
  static String methodName(String property) {
    int run = 0;
    while (run < property.length() && Character.isUpperCase(property.charAt(run))) {
      run++;
    }
    int lower = run;
    if (run > 1 && run < property.length() && Character.isLowerCase(property.charAt(run))) {
      lower = run - 1;
    }
    String name = property.substring(0, lower).toLowerCase(Locale.ROOT) + property.substring(lower);
    if (INHERITED.contains(name)) {
      return name + "Property";
    }
    if (JAVA_RESERVED.contains(name)) {
      return name + "_";
    }
    return name;
  }

  /** {@code Endpoint.Address} to {@code getEndpointAddress}; segments are capitalised. */
  static String getterName(String attribute) {
    StringBuilder b = new StringBuilder("get");
    for (String segment : attribute.split("\\.")) {
      b.append(Character.toUpperCase(segment.charAt(0))).append(segment, 1, segment.length());
    }
    String name = b.toString();
    return INHERITED.contains(name) ? name + "Attribute" : name;
  }

  private static String source(ResourceSchema schema, String source) {
    String type = schema.typeName();
    String name = simpleName(type);
    // Inside the class body an inherited member type (ResourceDefinition.Policy) hides a class of
    // the same simple name, so such a class refers to itself by its qualified name there.
    String cls = INHERITED_TYPES.contains(name) ? PACKAGE + "." + service(type) + "." + name : name;
    StringBuilder b = new StringBuilder();
    b.append("package ").append(PACKAGE).append('.').append(service(type)).append(";\n\n");
    if (!schema.attributes().isEmpty()) {
      b.append("import dev.fogbank.shared.template.Intrinsic;\n");
    }
    b.append("import dev.fogbank.shared.template.ResourceDefinition;\n\n");
    javadoc(
        b,
        "",
        type
            + ". Generated by ResourceClassGenerator from the bundled resource schema ("
            + source
            + "); do not edit.");
    b.append("public final class ")
        .append(name)
        .append(" extends ResourceDefinition<")
        .append(name)
        .append("> {\n\n");
    b.append("  public static final String TYPE = \"").append(type).append("\";\n\n");
    b.append("  private ").append(name).append("(String logicalId) {\n");
    b.append("    super(logicalId, TYPE);\n  }\n\n");
    b.append("  public static ").append(cls).append(" create(String logicalId) {\n");
    b.append("    return new ").append(cls).append("(logicalId);\n  }\n");
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, ValueType> p : schema.properties().properties().entrySet()) {
      String property = p.getKey();
      String method = unique(methodName(property), used, type, property);
      StringBuilder doc = new StringBuilder(property).append(" (").append(p.getValue().describe());
      if (schema.properties().required().contains(property)) {
        doc.append("; required");
      }
      doc.append(").");
      if (schema.isCreateOnly(property)) {
        doc.append(" Changing it replaces the resource.");
      }
      b.append('\n');
      javadoc(b, "  ", doc.toString());
      b.append("  public ").append(cls).append(' ').append(method).append("(Object value) {\n");
      b.append("    return property(\"").append(property).append("\", value);\n  }\n");
    }
    for (String attribute : schema.attributes()) {
      b.append('\n');
      if (attribute.endsWith(".*")) {
        // Outputs.* (a nested stack's outputs): getOutput(name).
        String prefix = attribute.substring(0, attribute.length() - 1);
        String method = prefix.replace(".", "").replaceAll("s$", "");
        method = unique("get" + method, used, type, attribute);
        javadoc(b, "  ", "Fn::GetAtt " + prefix + "<name>.");
        b.append("  public Intrinsic.GetAtt ").append(method).append("(String name) {\n");
        b.append("    return getAtt(\"").append(prefix).append("\" + name);\n  }\n");
      } else {
        String method = unique(getterName(attribute), used, type, attribute);
        javadoc(b, "  ", "Fn::GetAtt " + attribute + ".");
        b.append("  public Intrinsic.GetAtt ").append(method).append("() {\n");
        b.append("    return getAtt(\"").append(attribute).append("\");\n  }\n");
      }
    }
    b.append("}\n");
    String text = b.toString();
    for (String line : text.split("\n")) {
      if (line.length() > COLUMNS) {
        throw new IllegalStateException(type + ": generated line over 100 columns: " + line);
      }
    }
    return text;
  }

  private static String unique(String method, Set<String> used, String type, String name) {
    if (!used.add(method)) {
      throw new IllegalStateException(
          type + ": method " + method + " for " + name + " clashes with another; rename one");
    }
    return method;
  }

  /** A Javadoc comment, on one line when it fits in 100 columns, else wrapped at words. */
  private static void javadoc(StringBuilder b, String indent, String text) {
    String oneLine = indent + "/** " + text + " */";
    if (oneLine.length() <= COLUMNS) {
      b.append(oneLine).append('\n');
      return;
    }
    b.append(indent).append("/**\n");
    String prefix = indent + " * ";
    StringBuilder line = new StringBuilder(prefix);
    for (String word : text.split(" ")) {
      if (line.length() > prefix.length() && line.length() + 1 + word.length() > COLUMNS) {
        b.append(line).append('\n');
        line = new StringBuilder(prefix);
      }
      if (line.length() > prefix.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    b.append(line).append('\n').append(indent).append(" */\n");
  }

  private static Set<String> inheritedTypes() {
    Set<String> names = new HashSet<>();
    for (Class<?> c : ResourceDefinition.class.getClasses()) {
      names.add(c.getSimpleName());
    }
    return Set.copyOf(names);
  }

  private static Set<String> inheritedNames() {
    Set<String> names = new HashSet<>();
    List<Method> methods = new ArrayList<>(List.of(ResourceDefinition.class.getMethods()));
    methods.addAll(List.of(ResourceDefinition.class.getDeclaredMethods()));
    methods.addAll(List.of(Object.class.getDeclaredMethods()));
    for (Method m : methods) {
      names.add(m.getName());
    }
    names.addAll(
        List.of(
            "property",
            "dependsOn",
            "condition",
            "metadata",
            "ref",
            "getAtt",
            "type",
            "logicalId",
            "properties",
            "retain",
            "deletionPolicy",
            "updateReplacePolicy",
            "creationPolicy",
            "updatePolicy",
            "create"));
    return Set.copyOf(names);
  }
}
