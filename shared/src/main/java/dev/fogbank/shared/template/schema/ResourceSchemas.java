package dev.fogbank.shared.template.schema;

import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.ResourceTypeCheck;
import dev.fogbank.shared.template.TemplateProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks resources against CloudFormation's resource provider schemas, as bundled in this jar
 * (derived from cfn-lint's copy by scripts/lib/extract-cfn-schemas.py).
 *
 * <p>Data is read per service on first use and kept: checking a template that uses a handful of
 * services reads a handful of small files, not the ~1600 types. {@code Custom::*} types are checked
 * as {@code AWS::CloudFormation::CustomResource} (ServiceToken required, any other property).
 * {@code AWS::Serverless::*} types are refused outside the SAM transform; a template with a
 * transform is not checked against schemas at all (see {@code Template.validate}).
 */
public final class ResourceSchemas implements ResourceTypeCheck {

  static final String CUSTOM_RESOURCE = "AWS::CloudFormation::CustomResource";
  private static final String BASE = "/dev/fogbank/shared/template/schema/";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9]+");
  private static final Pattern CUSTOM = Pattern.compile("Custom::[A-Za-z0-9_@-]{1,60}");

  private final ConcurrentHashMap<String, Optional<SchemaFile>> files = new ConcurrentHashMap<>();
  private volatile Index index;

  private record Index(String source, List<String> typeNames) {}

  private ResourceSchemas() {}

  private static final class Bundled {
    static final ResourceSchemas INSTANCE = new ResourceSchemas();
  }

  /** The schemas bundled in this jar; loaded lazily and shared. */
  public static ResourceSchemas bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * The schema of {@code typeName}; for a {@code Custom::} type, that of {@code
   * AWS::CloudFormation::CustomResource}.
   */
  public Optional<ResourceSchema> schema(String typeName) {
    if (typeName == null) {
      return Optional.empty();
    }
    String name = isCustom(typeName) ? CUSTOM_RESOURCE : typeName;
    String[] parts = name.split("::", -1);
    if (parts.length < 2 || parts.length > 3) {
      return Optional.empty();
    }
    for (String part : parts) {
      if (!SEGMENT.matcher(part).matches()) {
        return Optional.empty();
      }
    }
    String service = String.join("_", List.of(parts).subList(0, parts.length - 1));
    // No lambdas here: their first bootstrap alone costs milliseconds of a cold synth.
    Optional<SchemaFile> file = files.get(service);
    if (file == null) {
      Optional<SchemaFile> loaded = load(service);
      file = files.putIfAbsent(service, loaded);
      file = file == null ? loaded : file;
    }
    return file.isEmpty() ? Optional.empty() : Optional.ofNullable(file.get().schema(name));
  }

  /** Every resource type the data describes, sorted. */
  public List<String> typeNames() {
    return index().typeNames();
  }

  /** Where the data came from, e.g. {@code cfn-lint 1.51.0}. */
  public String source() {
    return index().source();
  }

  static boolean isCustom(String typeName) {
    return typeName.startsWith("Custom::") || typeName.equals(CUSTOM_RESOURCE);
  }

  @Override
  public List<TemplateProblem> check(ResourceDefinition<?> resource) {
    String at = "Resources." + resource.logicalId();
    String type = resource.type();
    if (type.startsWith("Custom::") && !CUSTOM.matcher(type).matches()) {
      return List.of(
          new TemplateProblem(
              at + ".Type",
              "invalid custom resource type "
                  + type
                  + ": after Custom:: use 1 to 60 of A-Z, a-z, 0-9, _, @ and -"));
    }
    Optional<ResourceSchema> schema = schema(type);
    if (schema.isEmpty()) {
      return List.of(unknownType(at + ".Type", type));
    }
    List<TemplateProblem> problems = new ArrayList<>();
    Object whole = resource.otherAttributes().get("Properties");
    if (whole instanceof Intrinsic.If choice) {
      // Properties chosen whole by Fn::If: each branch is a property set of its own.
      branch(resource, schema.get(), choice.whenTrue(), at + ".Properties.Fn::If[1]", problems);
      branch(resource, schema.get(), choice.whenFalse(), at + ".Properties.Fn::If[2]", problems);
      return problems;
    }
    new PropertyCheck(type, at + ".Properties", problems)
        .properties(resource.properties(), schema.get());
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static void branch(
      ResourceDefinition<?> resource,
      ResourceSchema schema,
      Object properties,
      String at,
      List<TemplateProblem> problems) {
    if (properties instanceof Map<?, ?> map) {
      new PropertyCheck(resource.type(), at, problems)
          .properties((Map<String, Object>) map, schema);
    }
  }

  @Override
  public Optional<String> checkAttribute(String type, String attribute) {
    if (isCustom(type)) {
      return Optional.empty();
    }
    Optional<ResourceSchema> found = schema(type);
    if (found.isEmpty() || found.get().hasAttribute(attribute)) {
      return Optional.empty();
    }
    List<String> valid = found.get().attributes();
    if (valid.isEmpty()) {
      return Optional.of(type + " has no attributes for Fn::GetAtt (asked for " + attribute + ")");
    }
    String suggestion =
        NameSuggestion.closest(attribute, valid).map(s -> "; did you mean " + s + "?").orElse("");
    return Optional.of(
        type
            + " has no attribute "
            + attribute
            + suggestion
            + " (valid: "
            + String.join(", ", valid)
            + ")");
  }

  /**
   * A type the bundled schemas do not know: a SAM type without its transform is an error (only the
   * transform makes it a resource); anything else may be a module, a private or third-party
   * registry type or a type newer than the bundled data, so it is a warning, never a refusal.
   */
  private TemplateProblem unknownType(String at, String type) {
    if (type.startsWith("AWS::Serverless::")) {
      return new TemplateProblem(
          at,
          "resource type "
              + type
              + " needs Transform: AWS::Serverless-2016-10-31, which expands SAM types into"
              + " resources");
    }
    String suggestion =
        NameSuggestion.closest(type, typeNames()).map(s -> "; did you mean " + s + "?").orElse("");
    // The text says what is unknown; the severity says it does not refuse the template.
    return TemplateProblem.warning(at, "unknown resource type " + type + suggestion);
  }

  private Index index() {
    Index i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          String text = read("index.txt");
          if (text == null) {
            throw new IllegalStateException("resource schema data missing: " + BASE + "index.txt");
          }
          String source = "unknown source";
          List<String> names = new ArrayList<>(1700);
          for (String line : text.split("\n")) {
            if (line.startsWith("# cfn-lint ")) {
              source = line.substring(2);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
              names.add(line);
            }
          }
          i = new Index(source, List.copyOf(names));
          index = i;
        }
      }
    }
    return i;
  }

  private static Optional<SchemaFile> load(String service) {
    String text = read(service + ".txt");
    return text == null ? Optional.empty() : Optional.of(SchemaFile.parse(text));
  }

  private static String read(String name) {
    try (InputStream in = ResourceSchemas.class.getResourceAsStream(BASE + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource schema data " + BASE + name, e);
    }
  }
}
