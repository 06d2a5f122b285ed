package dev.fogbank.functions.console;

/**
 * Starts a deployment exactly as {@code POST /deployments} does (in local mode and the api
 * function: {@code ApiRoutes#submitDeployment}), so the deploy form gets the route's validation,
 * authorization and idempotency, not a copy of them.
 */
@FunctionalInterface
public interface DeploymentSubmitter {
  /**
   * The deployment's id (for a replayed key the first attempt's); a refusal is the route's
   * {@code DeploymentException}.
   */
  String submit(String requestJson, String principal, String idempotencyKey);
}
