package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the States Language's JSONPath ({@code $...} on the state's data, {@code $$...} on the
 * context object) with Jayway JsonPath, the implementation AWS's own messages come from (for
 * example "No results for path: $['x']").
 */
final class PathEvaluator {

  private static final Configuration JAYWAY =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
          .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
          .build();
  private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();

  private PathEvaluator() {}

  static boolean isPath(String text) {
    return text.startsWith("$");
  }

  static boolean isContextPath(String path) {
    return path.startsWith("$$");
  }

  /** Checks a Path at definition time; {@code where} names the field for the message. */
  static void validate(String path, String where) {
    if (!isPath(path)) {
      throw new AslDefinitionException(
          where + ": '" + path + "' is not a path (must start with $)");
    }
    try {
      compile(isContextPath(path) ? path.substring(1) : path);
    } catch (InvalidPathException e) {
      throw new AslDefinitionException(where + ": invalid JSONPath '" + path + "'");
    }
  }

  /** Checks a Reference Path (single node: names and indexes only), as ResultPath needs. */
  static void validateReferencePath(String path, String where) {
    validate(path, where);
    if (isContextPath(path) || !compile(path).isDefinite()) {
      throw new AslDefinitionException(
          where + ": '" + path + "' must be a reference path to a single node of the input");
    }
  }

  /** Reads a path; a path that matches nothing is a States.Runtime failure. */
  static JsonNode read(String path, JsonNode input, JsonNode context) {
    try {
      return readOrThrow(path, input, context);
    } catch (PathNotFoundException e) {
      throw AslFailure.runtime("Invalid path '" + path + "' : " + e.getMessage());
    }
  }

  /** Reads a path, empty when it matches nothing. */
  static Optional<JsonNode> find(String path, JsonNode input, JsonNode context) {
    try {
      return Optional.of(readOrThrow(path, input, context));
    } catch (PathNotFoundException e) {
      return Optional.empty();
    }
  }

  private static JsonNode readOrThrow(String path, JsonNode input, JsonNode context) {
    boolean onContext = isContextPath(path);
    JsonNode document = Json.orNull(onContext ? context : input);
    String jsonPath = onContext ? path.substring(1) : path;
    if ("$".equals(jsonPath)) {
      return document;
    }
    if (document.isNull()) {
      throw new PathNotFoundException("No results for path: " + compile(jsonPath).getPath());
    }
    JsonPath compiled = compile(jsonPath);
    Object value;
    try {
      value = compiled.read(document, JAYWAY);
    } catch (PathNotFoundException e) {
      if (compiled.isDefinite()) {
        throw e;
      }
      // AWS: an indefinite path (wildcard, slice, filter) that matches nothing yields [].
      return Json.NODES.arrayNode();
    } catch (JsonPathException e) {
      throw AslFailure.runtime("Invalid path '" + path + "' : " + e.getMessage());
    }
    // Jayway unwraps scalars to Java values; the engine works on trees throughout.
    return value instanceof JsonNode node ? node : Json.MAPPER.valueToTree(value);
  }

  /**
   * Returns a copy of {@code target} with {@code value} placed at a reference path, creating
   * missing objects on the way (ResultPath "$.a.b" on {} gives {"a":{"b":value}}).
   */
  static JsonNode put(String referencePath, JsonNode target, JsonNode value) {
    List<Object> steps = steps(referencePath);
    if (steps.isEmpty()) {
      return value;
    }
    JsonNode root = Json.orNull(target).deepCopy();
    JsonNode node = root;
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (step instanceof String name) {
        if (!(node instanceof ObjectNode object)) {
          throw cannotPlace(referencePath, node);
        }
        JsonNode child = object.get(name);
        if (last) {
          object.set(name, value);
        } else if (child == null || child.isNull()) {
          node = object.putObject(name);
        } else {
          node = child;
        }
      } else {
        int index = (Integer) step;
        if (!(node instanceof ArrayNode array) || index >= array.size()) {
          throw cannotPlace(referencePath, node);
        }
        if (last) {
          array.set(index, value);
        } else {
          node = array.get(index);
        }
      }
    }
    return root;
  }

  private static AslFailure cannotPlace(String path, JsonNode node) {
    return AslFailure.runtime(
        "Invalid path '" + path + "': unable to apply ResultPath to the input " + Json.write(node));
  }

  /**
   * The names and indexes of a definite path, read from Jayway's normalised form ({@code
   * $['a'][0]}); Jayway remains the only JSONPath parser.
   */
  private static List<Object> steps(String referencePath) {
    String normalised = compile(referencePath).getPath();
    List<Object> steps = new ArrayList<>();
    int i = 1;
    while (i < normalised.length()) {
      if (normalised.startsWith("['", i)) {
        int end = normalised.indexOf("']", i + 2);
        while (end >= 0 && end + 2 < normalised.length() && normalised.charAt(end + 2) != '[') {
          end = normalised.indexOf("']", end + 1);
        }
        steps.add(normalised.substring(i + 2, end));
        i = end + 2;
      } else {
        int end = normalised.indexOf(']', i);
        steps.add(Integer.parseInt(normalised.substring(i + 1, end).trim()));
        i = end + 1;
      }
    }
    return steps;
  }

  private static JsonPath compile(String path) {
    return COMPILED.computeIfAbsent(path, p -> JsonPath.compile(keepBackslashesInNames(p)));
  }

  /**
   * AWS keeps a backslash in a bracket-quoted name literally ({@code $['a\"b']} reads the key
   * {@code a\"b}), where Jayway 3 treats it as an escape. Doubling such backslashes (except before
   * the closing quote character) gives AWS's reading. Filters are left alone.
   */
  static String keepBackslashesInNames(String path) {
    if (path.indexOf('\\') < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path.length() + 8);
    char quote = 0;
    int parens = 0;
    char previous = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (quote != 0) {
        if (c == '\\' && i + 1 < path.length()) {
          char escaped = path.charAt(i + 1);
          if (escaped == quote) {
            out.append(c).append(escaped);
            i++;
          } else {
            out.append("\\\\");
          }
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '(') {
        parens++;
      } else if (c == ')') {
        parens--;
      } else if ((c == '\'' || c == '"') && parens == 0 && (previous == '[' || previous == ',')) {
        quote = c;
      }
      out.append(c);
      if (!Character.isWhitespace(c)) {
        previous = c;
      }
    }
    return out.toString();
  }
}
