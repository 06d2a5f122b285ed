package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.steps.StepHandler;
import dev.fogbank.statemachines.asl.TaskContext;
import dev.fogbank.statemachines.asl.TaskFailure;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.util.Map;

/**
 * Stands in for Lambda's Invoke of a task resource: maps the function ARN to the same handler
 * class Lambda would run, and reports a thrown exception the way Lambda does for Java (error = the
 * exception's class name, cause = {"errorMessage","errorType"}).
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
      throw new TaskFailure(
          "Lambda.ResourceNotFoundException", "Function not found: " + resource);
    }
    try {
      return handler.apply(input);
    } catch (RuntimeException e) {
      ObjectNode cause = JsonNodeFactory.instance.objectNode();
      cause.put("errorMessage", e.getMessage());
      cause.put("errorType", e.getClass().getName());
      throw new TaskFailure(e.getClass().getName(), cause.toString());
    }
  }
}
