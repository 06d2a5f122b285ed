package dev.fogbank.shared.deploy;

import dev.fogbank.shared.stack.FailedResource;

/**
 * Why a deployment failed: an {@link dev.fogbank.shared.error.ErrorCode} name and a message; for a
 * stack operation that failed, {@code details} names the resource that caused it (null otherwise).
 */
public record DeploymentError(String code, String message, FailedResource details) {

  public DeploymentError(String code, String message) {
    this(code, message, null);
  }
}
