package dev.fogbank.shared.deploy;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.validation.ValidationPolicy;
import java.time.Instant;
import java.util.Map;

/**
 * The deploy state machine's execution input: everything a step needs to know about the
 * deployment, fixed when it was requested. Steps add their results beside it (ResultPath).
 */
public record DeploymentInput(
    String deploymentId,
    String stackName,
    String account,
    String region,
    String templateLocation,
    String templateSha256,
    Map<String, String> parameters,
    Map<String, String> tags,
    String source,
    String requester,
    Instant requestedAt,
    String roleArn,
    DeploymentOptions options,
    ValidationPolicy validation,
    ReviewPolicy reviewPolicy) {

  public DeploymentInput {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    options = options == null ? DeploymentOptions.defaults() : options;
    // An execution started before the policy existed (or a rollback) gets the default.
    validation = validation == null ? ValidationPolicy.defaults() : validation;
    reviewPolicy = reviewPolicy == null ? ReviewPolicy.defaults() : reviewPolicy;
  }

  /** An input with the default review policy (approval auto-below-high, no stack policy). */
  public DeploymentInput(
      String deploymentId,
      String stackName,
      String account,
      String region,
      String templateLocation,
      String templateSha256,
      Map<String, String> parameters,
      Map<String, String> tags,
      String source,
      String requester,
      Instant requestedAt,
      String roleArn,
      DeploymentOptions options,
      ValidationPolicy validation) {
    this(
        deploymentId, stackName, account, region, templateLocation, templateSha256, parameters,
        tags, source, requester, requestedAt, roleArn, options, validation, null);
  }

  public StackRef stack() {
    return StackRef.of(account, region, stackName);
  }

  public static DeploymentInput fromRecord(
      DeploymentRecord r, String roleArn, DeploymentOptions options) {
    return fromRecord(r, roleArn, options, null);
  }

  public static DeploymentInput fromRecord(
      DeploymentRecord r, String roleArn, DeploymentOptions options, ValidationPolicy validation) {
    return fromRecord(r, roleArn, options, validation, null);
  }

  public static DeploymentInput fromRecord(
      DeploymentRecord r,
      String roleArn,
      DeploymentOptions options,
      ValidationPolicy validation,
      ReviewPolicy reviewPolicy) {
    return new DeploymentInput(
        r.deploymentId(), r.stack().name(), r.stack().account(), r.stack().region(),
        r.templateLocation(), r.templateSha256(), r.parameters(), r.tags(), r.source().wireName(),
        r.requester(), r.requestedAt(), roleArn, options, validation, reviewPolicy);
  }
}
