package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.statemachines.asl.TaskContext;
import dev.fogbank.statemachines.asl.TaskFailure;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.util.Map;
import java.util.function.Function;

/**
 * Stands in for Lambda's Invoke of a task resource (a function ARN, or the {@code
 * lambda:invoke[.waitForTaskToken]} integration naming the function in its Parameters): maps the
 * function ARN to the same handler class Lambda would run, and reports a thrown exception as Step
 * Functions sees a Java function's error: Error is the exception's class name ({@code
 * fogbank.<CODE>} for fogbank's own failures), Cause is the runtime's
 * {"errorMessage","errorType","stackTrace"}.
 */
final class LocalTaskInvoker implements TaskInvoker {
  private static final int MAX_CAUSES = 8;

  private final Map<String, Function<JsonNode, JsonNode>> handlersByFunctionName;

  LocalTaskInvoker(Map<String, ? extends Function<JsonNode, JsonNode>> handlersByFunctionName) {
    this.handlersByFunctionName = Map.copyOf(handlersByFunctionName);
  }

  /** Step Functions' Lambda integration: the function and its payload are in the Parameters. */
  private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

  @Override
  public JsonNode invoke(String resource, JsonNode input, TaskContext context) {
    if (resource.startsWith(LAMBDA_INVOKE)) {
      String function = input.path("FunctionName").asText();
      return invoke(function, input.path("Payload"), context);
    }
    String functionName = resource.substring(resource.lastIndexOf(':') + 1);
    Function<JsonNode, JsonNode> handler = handlersByFunctionName.get(functionName);
    if (handler == null) {
      throw new TaskFailure("Lambda.ResourceNotFoundException", "Function not found: " + resource);
    }
    String state = context == null ? null : context.stateName();
    TestPause.at("before:" + state);
    JsonNode output;
    try {
      output = handler.apply(input);
    } catch (RuntimeException e) {
      throw lambdaError(e);
    }
    TestPause.at("after:" + state);
    return output;
  }

  /** The Error and Cause Step Functions reports when a Java Lambda function throws {@code e}. */
  static TaskFailure lambdaError(RuntimeException e) {
    return new TaskFailure(e.getClass().getName(), errorDocument(e, 0).toString());
  }

  /**
   * The Java runtime's error document: errorMessage (absent without one), errorType, stackTrace
   * (empty for fogbank's failures, which capture none) and the cause's document as "cause".
   */
  private static ObjectNode errorDocument(Throwable e, int depth) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    if (e.getMessage() != null) {
      document.put("errorMessage", e.getMessage());
    }
    document.put("errorType", e.getClass().getName());
    ArrayNode stackTrace = document.putArray("stackTrace");
    for (StackTraceElement frame : e.getStackTrace()) {
      stackTrace.add(frame.toString());
    }
    // Bounded: a cause chain can loop back on itself.
    if (e.getCause() != null && e.getCause() != e && depth < MAX_CAUSES) {
      document.set("cause", errorDocument(e.getCause(), depth + 1));
    }
    return document;
  }
}
