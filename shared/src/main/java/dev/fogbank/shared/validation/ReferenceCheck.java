package dev.fogbank.shared.validation;

/**
 * Whether what a template references exists in the account, found out without reading a secret's
 * value (the Validate step's pre-flight). A port: {@link AwsReferenceCheck} asks SSM and Secrets
 * Manager.
 */
public interface ReferenceCheck {

  /** For a check without an account ({@code fogbank validate} offline): everything exists. */
  ReferenceCheck NONE = reference -> true;

  /**
   * @throws dev.fogbank.shared.error.DeploymentException AWS_UNAVAILABLE when AWS did not answer
   *     (the state machine retries), or the refusal saying why it could not be checked
   */
  boolean exists(AccountReference reference);
}
