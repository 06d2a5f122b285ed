package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A parsed intrinsic function call or one of its arguments. */
sealed interface IntrinsicExpression {

  JsonNode evaluate(JsonNode input, JsonNode context);

  /** {@code States.Name(arg, ...)}. */
  record Call(String name, List<IntrinsicExpression> arguments) implements IntrinsicExpression {

    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      List<JsonNode> values = new ArrayList<>(arguments.size());
      for (IntrinsicExpression argument : arguments) {
        values.add(argument.evaluate(input, context));
      }
      return IntrinsicFunctions.apply(this, values);
    }
  }

  /**
   * A literal argument. For strings {@code raw} keeps the text between the quotes with its escapes,
   * because States.Format must tell an escaped {@code \{} from a placeholder.
   */
  record Literal(JsonNode value, String raw) implements IntrinsicExpression {

    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return value;
    }
  }

  /** A {@code $...} or {@code $$...} path argument. */
  record PathArgument(String path) implements IntrinsicExpression {

    @Override
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      return PathEvaluator.read(path, input, context);
    }
  }
}
