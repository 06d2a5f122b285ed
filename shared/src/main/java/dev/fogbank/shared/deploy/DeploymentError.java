package dev.fogbank.shared.deploy;

/** Why a deployment failed: an {@link dev.fogbank.shared.error.ErrorCode} name and a message. */
public record DeploymentError(String code, String message) {}
