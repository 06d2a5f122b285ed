package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.steps.StepHandler;
import dev.fogbank.statemachines.asl.TaskContext;
import dev.fogbank.statemachines.asl.TaskFailure;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.util.Map;

/**
 * Stands in for Lambda's Invoke of a task resource: maps the function ARN to the same handler
 * class Lambda would run, and reports a thrown exception as Step Functions sees a Java function's
 * error: Error is the exception's class name ({@code fogbank.<CODE>} for fogbank's own failures),
 * Cause is the runtime's {"errorMessage","errorType","stackTrace"}.
 */
final class LocalTaskInvoker implements TaskInvoker {
  private final Map<String, StepHandler> handlersByFunctionName;

  LocalTaskInvoker(Map<String, StepHandler> handlersByFunctionName) {
    this.handlersByFunctionName = Map.copyOf(handlersByFunctionName);
  }

  @Override
  public JsonNode invoke(String resource, JsonNode input, TaskContext context) {
    String functionName = resource.substring(resource.lastIndexOf(':') + 1);
    StepHandler handler = handlersByFunctionName.get(functionName);
    if (handler == null) {
      throw new TaskFailure("Lambda.ResourceNotFoundException", "Function not found: " + resource);
    }
    try {
      return handler.apply(input);
    } catch (RuntimeException e) {
      throw lambdaError(e);
    }
  }

  /** The Error and Cause Step Functions reports when a Java Lambda function throws {@code e}. */
  static TaskFailure lambdaError(RuntimeException e) {
    String errorType = e.getClass().getName();
    ObjectNode cause = JsonNodeFactory.instance.objectNode();
    if (e.getMessage() != null) {
      cause.put("errorMessage", e.getMessage());
    }
    cause.put("errorType", errorType);
    // As the runtime writes it; empty for fogbank's failures, which capture no trace.
    ArrayNode stackTrace = cause.putArray("stackTrace");
    for (StackTraceElement frame : e.getStackTrace()) {
      stackTrace.add(frame.toString());
    }
    return new TaskFailure(errorType, cause.toString());
  }
}
