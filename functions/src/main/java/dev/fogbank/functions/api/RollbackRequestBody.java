package dev.fogbank.functions.api;

import java.util.List;

/** Bodies of the rollback routes. Unknown fields and wrong types are refused by the strict reader. */
final class RollbackRequestBody {
  private RollbackRequestBody() {}

  /** POST /stacks/{name}/rollback: which deployment to go back to (default: the one before). */
  record Redeploy(String toDeploymentId) {}

  /** POST /stacks/{name}/continue-rollback: resources CloudFormation should skip. */
  record ContinueRollback(List<String> resourcesToSkip) {}
}
