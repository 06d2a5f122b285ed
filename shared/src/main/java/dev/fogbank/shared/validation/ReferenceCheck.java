package dev.fogbank.shared.validation;

/**
 * Whether what a template references exists in the account, found out without reading a secret's
 * value (the Validate step's pre-flight). A port: {@link AwsReferenceCheck} asks SSM and Secrets
 * Manager.
 */
public interface ReferenceCheck {

  /** What the account says about a reference. */
  enum Result {
    EXISTS,
    MISSING,
    /** This check cannot look (no account, or no client for that service in this artifact). */
    NOT_CHECKED
  }

  /** For a check without an account: nothing is looked up (the step warns for each reference). */
  ReferenceCheck NONE = reference -> Result.NOT_CHECKED;

  /**
   * @throws dev.fogbank.shared.error.DeploymentException AWS_UNAVAILABLE when AWS did not answer
   *     (the state machine retries), or the refusal saying why it could not be checked
   */
  Result check(AccountReference reference);
}
