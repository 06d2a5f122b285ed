package dev.fogbank.shared.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docs/api/openapi.yaml} as a checker of real answers: is the status documented for the
 * operation, and does the body match the documented schema for its content type (JSON Schema
 * 2020-12, OpenAPI 3.1's dialect, by networknt's json-schema-validator).
 *
 * <p>Strict on purpose: every object schema that lists {@code properties} and says nothing about
 * {@code additionalProperties} is checked as closed ({@code additionalProperties: false}), so a
 * field the document does not list fails. An object meant as a map says so with {@code
 * additionalProperties: <schema>}; the branches of an {@code allOf} stay open (each sees only its
 * part).
 */
public final class OpenApiContract {
  private static final String DOCUMENT = "https://fogbank.dev/contract/openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private static OpenApiContract shared;

  private final JsonNode document;
  private final SchemaRegistry registry;

  /** One operation of the document: method, path template, operationId. */
  public record Operation(String method, String path, String operationId) {}

  private OpenApiContract(JsonNode document) {
    this.document = document;
    String json = document.toString();
    this.registry =
        SchemaRegistry.withDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT, json)));
  }

  /** The project's document (found above the working directory), loaded once per JVM. */
  public static synchronized OpenApiContract project() {
    if (shared == null) {
      shared = load(projectDocument());
    }
    return shared;
  }

  public static OpenApiContract load(Path yaml) {
    Object tree;
    try {
      tree =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(yaml, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode document = Json.mapper().valueToTree(tree);
    closeObjects(document);
    return new OpenApiContract(document);
  }

  public static Path projectDocument() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docs/api/openapi.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docs/api/openapi.yaml not found above " + Path.of(""));
    }
    return dir.resolve("docs/api/openapi.yaml");
  }

  /** Every operation, by operationId. */
  public Map<String, Operation> operations() {
    Map<String, Operation> operations = new TreeMap<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            String id = op.getValue().path("operationId").asText();
                            operations.put(
                                id,
                                new Operation(
                                    op.getKey().toUpperCase(Locale.ROOT), path.getKey(), id));
                          }
                        }));
    return operations;
  }

  /**
   * What is wrong with answering {@code operationId} with this status, content type and body;
   * empty when the answer is one the document describes.
   */
  public List<String> problems(String operationId, int status, String contentType, String body) {
    Operation op = operations().get(operationId);
    if (op == null) {
      return List.of("no operation '" + operationId + "' in the document");
    }
    String opPointer =
        "/paths/" + escape(op.path()) + "/" + op.method().toLowerCase(Locale.ROOT);
    JsonNode responses = document.at(opPointer + "/responses");
    String statusKey = String.valueOf(status);
    String responsePointer = opPointer + "/responses/" + statusKey;
    JsonNode response = responses.path(statusKey);
    if (response.isMissingNode()) {
      return List.of(
          op.method() + " " + op.path() + " answered " + status
              + ", a status the document does not list for " + operationId
              + " (documented: " + fieldNames(responses) + ")");
    }
    if (response.has("$ref")) {
      responsePointer = response.path("$ref").asText().substring(1);
      response = document.at(responsePointer);
    }
    String type = mediaType(contentType);
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return body == null || body.isEmpty()
          ? List.of()
          : List.of(operationId + " " + status + " has a body the document does not describe");
    }
    if (!content.has(type)) {
      return List.of(
          operationId + " " + status + " answered " + type + ", documented: "
              + fieldNames(content));
    }
    if (!type.equals("application/json")) {
      return List.of();
    }
    JsonNode instance;
    try {
      instance = Json.mapper().readTree(body == null ? "" : body);
    } catch (IOException e) {
      return List.of(operationId + " " + status + " body is not JSON: " + body);
    }
    if (instance == null || instance.isMissingNode()) {
      return List.of(operationId + " " + status + " has no body; the document gives one");
    }
    Schema schema =
        registry.getSchema(
            SchemaLocation.of(
                DOCUMENT + "#" + responsePointer + "/content/" + escape(type) + "/schema"));
    List<String> problems = new ArrayList<>();
    for (Error error : schema.validate(instance)) {
      problems.add(operationId + " " + status + ": " + error);
    }
    return problems;
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "application/json";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static String escape(String pointerSegment) {
    return pointerSegment.replace("~", "~0").replace("/", "~1");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every object schema listing properties, not saying otherwise, is closed (see the class). */
  private static void closeObjects(ObjectNode document) {
    document.path("components").path("schemas").forEach(s -> close(s, false));
    document
        .path("components")
        .path("responses")
        .forEach(r -> r.path("content").forEach(c -> close(c.path("schema"), false)));
    document
        .path("paths")
        .forEach(
            path ->
                path.properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            op.getValue()
                                .path("responses")
                                .forEach(
                                    r ->
                                        r.path("content")
                                            .forEach(c -> close(c.path("schema"), false)));
                          }
                        }));
  }

  private static void close(JsonNode schema, boolean inAllOf) {
    if (!(schema instanceof ObjectNode node)) {
      return;
    }
    if (node.has("properties")
        && !node.has("additionalProperties")
        && !node.has("unevaluatedProperties")
        && !inAllOf) {
      node.put("additionalProperties", false);
    }
    if (node.path("properties") instanceof ObjectNode properties) {
      properties.forEach(p -> close(p, false));
    }
    close(node.path("items"), false);
    close(node.path("additionalProperties"), false);
    close(node.path("not"), false);
    for (String composed : List.of("oneOf", "anyOf", "allOf", "prefixItems")) {
      if (node.path(composed) instanceof ArrayNode branches) {
        for (Iterator<JsonNode> i = branches.elements(); i.hasNext(); ) {
          close(i.next(), composed.equals("allOf"));
        }
      }
    }
  }
}
