package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.validation.ValidationPolicy;
import java.util.Map;

/**
 * A request to deploy a template to a stack. {@code deploymentId} is chosen by the caller when
 * the request must be idempotent (a drop derives it from the S3 object version, the API from an
 * {@link IdempotencyKey}), else null; {@code requestSha256}, when not null, is the fingerprint of
 * the request that must match an existing deployment with that id. Its parameters and tags are
 * within {@link StackInputs}' limits, else INVALID_REQUEST naming the key. A null {@code
 * validation} or {@code reviewPolicy} means the defaults.
 */
public record DeploymentSubmission(
    String deploymentId,
    String stackName,
    byte[] templateBody,
    Map<String, String> parameters,
    Map<String, String> tags,
    DeploymentSource source,
    String requester,
    ValidationPolicy validation,
    ReviewPolicy reviewPolicy,
    String requestSha256) {

  public DeploymentSubmission {
    // Null values and empty keys are refused by name here, before Map.copyOf or the table can.
    StackInputs.check(parameters, tags, InvalidRequestException::new);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    validation = validation == null ? ValidationPolicy.defaults() : validation;
    reviewPolicy = reviewPolicy == null ? ReviewPolicy.defaults() : reviewPolicy;
  }
}
