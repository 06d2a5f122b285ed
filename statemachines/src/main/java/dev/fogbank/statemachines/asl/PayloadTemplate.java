package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Parameters, ResultSelector or ItemSelector template, compiled once: a field whose name ends in
 * {@code .$} takes its value from a path, a context path or an intrinsic function; every other
 * value is copied as is (nested objects and arrays are templates too).
 */
final class PayloadTemplate {

  private sealed interface Node {
    JsonNode evaluate(JsonNode input, JsonNode context);
  }

  private record Constant(JsonNode value) implements Node {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return value;
    }
  }

  private record Path(String field, String path) implements Node {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return PathEvaluator.find(path, input, context)
          .orElseThrow(
              () ->
                  AslFailure.runtime(
                      ("The JSONPath '%s' specified for the field '%s' could not be found in"
                              + " the input '%s'")
                          .formatted(
                              path,
                              field,
                              Json.write(
                                  Json.orNull(
                                      PathEvaluator.isContextPath(path) ? context : input)))));
    }
  }

  private record Intrinsic(IntrinsicExpression.Call call) implements Node {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return call.evaluate(input, context);
    }
  }

  private record ObjectTemplate(Map<String, Node> fields) implements Node {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      ObjectNode out = Json.NODES.objectNode();
      fields.forEach((name, node) -> out.set(name, node.evaluate(input, context)));
      return out;
    }
  }

  private record ArrayTemplate(List<Node> items) implements Node {
    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      ArrayNode out = Json.NODES.arrayNode();
      items.forEach(item -> out.add(item.evaluate(input, context)));
      return out;
    }
  }

  private final Node root;

  private PayloadTemplate(Node root) {
    this.root = root;
  }

  /** Compiles a template; {@code where} names the state and field for error messages. */
  static PayloadTemplate compile(JsonNode template, String where) {
    return new PayloadTemplate(node(template, where));
  }

  JsonNode evaluate(JsonNode input, JsonNode context) {
    return root.evaluate(input, context);
  }

  private static Node node(JsonNode template, String where) {
    if (template.isObject()) {
      Map<String, Node> fields = new LinkedHashMap<>();
      template
          .fields()
          .forEachRemaining(
              field -> {
                String name = field.getKey();
                if (name.endsWith(".$")) {
                  String target = name.substring(0, name.length() - 2);
                  fields.put(target, dynamic(name, field.getValue(), where + "." + name));
                } else {
                  fields.put(name, node(field.getValue(), where + "." + name));
                }
              });
      return new ObjectTemplate(fields);
    }
    if (template.isArray()) {
      List<Node> items = new ArrayList<>();
      template.forEach(item -> items.add(node(item, where + "[]")));
      return new ArrayTemplate(List.copyOf(items));
    }
    return new Constant(template);
  }

  private static Node dynamic(String field, JsonNode value, String where) {
    if (!value.isTextual()) {
      throw new AslDefinitionException(
          where + ": a field ending in '.$' must hold a path or an intrinsic function (a string)");
    }
    String expression = value.textValue();
    if (PathEvaluator.isPath(expression)) {
      PathEvaluator.validate(expression, where);
      return new Path(field, expression);
    }
    if (IntrinsicParser.looksLikeCall(expression)) {
      return new Intrinsic(IntrinsicParser.parse(expression));
    }
    throw new AslDefinitionException(
        where + ": '" + expression + "' is neither a path nor an intrinsic function");
  }
}
