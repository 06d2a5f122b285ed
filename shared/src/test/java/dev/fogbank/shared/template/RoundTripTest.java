package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-world-shaped templates under {@code src/test/resources/templates} (VPC, SAM, nested Sub,
 * conditions, mappings and exports, rules, IAM policies, user data, a JSON long-form one) survive
 * read → write → read unchanged, in both formats. Each also passes cfn-lint as written and as the
 * writer writes it.
 */
class RoundTripTest {

  // Decimals exact (1.10 stays 1.10), as the shared parser reads them.
  private static final ObjectMapper EXACT =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  static List<String> templates() {
    try (Stream<Path> files = Files.list(directory())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("There are at least seven templates to round-trip")
  void enoughTemplates() {
    assertTrue(templates().size() >= 7, "templates: " + templates());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  @DisplayName("read → write → read gives the same model, and writing it again the same bytes")
  void roundTrip(String name) {
    Template model = TemplateReader.read(bytes(name));
    String yaml = TemplateWriter.yaml(model);
    String json = TemplateWriter.json(model);

    Template fromYaml = TemplateReader.read(yaml);
    Template fromJson = TemplateReader.read(json);

    // Same model: compared by what it writes.
    assertEquals(json, TemplateWriter.json(fromYaml));
    assertEquals(json, TemplateWriter.json(fromJson));
    // Same bytes on the second pass, whichever format the model came through.
    assertEquals(yaml, TemplateWriter.yaml(fromYaml));
    assertEquals(yaml, TemplateWriter.yaml(fromJson));
  }

  static List<String> jsonTemplates() {
    return templates().stream().filter(name -> name.endsWith(".json")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTemplates")
  @DisplayName("The model holds everything the file says, as plain Jackson reads the JSON file")
  void modelMatchesIndependentReading(String name) throws IOException {
    JsonNode file = EXACT.readTree(bytes(name));
    JsonNode written = EXACT.readTree(TemplateWriter.json(TemplateReader.read(bytes(name))));
    assertEquals(normalize(file), written);
  }

  @Test
  @DisplayName("The YAML and JSON forms of the same template read to the same model")
  void yamlAndJsonFormsAgree() {
    Template fromYaml = TemplateReader.read(bytes("database.yaml"));
    Template fromJson = TemplateReader.read(bytes("database.json"));
    assertEquals(TemplateWriter.json(fromJson), TemplateWriter.json(fromYaml));
    assertEquals(TemplateWriter.yaml(fromJson), TemplateWriter.yaml(fromYaml));
    assertEquals(7, fromYaml.resources().size() + fromYaml.conditions().size());
  }

  @Test
  @DisplayName("Typed intrinsics come out of the templates, not raw maps")
  void typedIntrinsics() {
    Template vpc = TemplateReader.read(bytes("vpc.yaml"));
    assertEquals(
        Fn.select(0, Fn.cidr(Fn.getAtt("Vpc", "CidrBlock"), 4, 8)),
        vpc.resources().get("PublicSubnetA").properties().get("CidrBlock"));
    assertEquals(
        Fn.select(1, Fn.getAZs(Fn.REGION)),
        vpc.resources().get("PublicSubnetB").properties().get("AvailabilityZone"));

    Template conditions = TemplateReader.read(bytes("conditions.yaml"));
    assertEquals(
        Fn.or(
            Fn.condition("IsProd"),
            Fn.and(Fn.condition("IsStaging"), Fn.condition("LoggingRequested"))),
        conditions.conditions().get("ShouldLog"));

    Template iam = TemplateReader.read(bytes("iam-policies.yaml"));
    assertEquals(
        List.of("DataBucketPolicy", "AuditTopic"),
        iam.resources().get("ReaderRole").dependsOnIds());
  }

  /** The file's tree in the writer's conventions: one transform or DependsOn as a scalar. */
  private static JsonNode normalize(JsonNode file) {
    ObjectNode root = file.deepCopy();
    unwrapSingle(root, "Transform");
    if (root.get("Resources") instanceof ObjectNode resources) {
      resources.forEach(
          r -> {
            if (r instanceof ObjectNode resource) {
              unwrapSingle(resource, "DependsOn");
            }
          });
    }
    return root;
  }

  private static void unwrapSingle(ObjectNode node, String field) {
    if (node.get(field) instanceof ArrayNode list && list.size() == 1) {
      node.set(field, list.get(0));
    }
  }

  private static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(directory().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path directory() {
    try {
      return Path.of(RoundTripTest.class.getResource("/templates").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
