package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work behind a Task state's {@code Resource}. Implementations may throw {@link
 * TaskFailure} to report a named error (as a Lambda function's {@code errorType} would); any other
 * {@link RuntimeException} becomes {@code States.TaskFailed}.
 */
@FunctionalInterface
public interface TaskInvoker {

  JsonNode invoke(String resource, JsonNode input, TaskContext context);
}
