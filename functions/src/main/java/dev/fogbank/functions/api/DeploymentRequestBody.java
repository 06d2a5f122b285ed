package dev.fogbank.functions.api;

import java.util.Map;

/** POST /deployments body. Unknown fields and wrong types are refused by the strict reader. */
record DeploymentRequestBody(
    String stackName,
    String templateBody,
    Map<String, String> parameters,
    Map<String, String> tags,
    Options options) {

  /** {@code options}: how this deployment is run. */
  record Options(Validation validation) {}

  /**
   * {@code options.validation}, as {@code validation:} in deployment.yaml: {@code enforcement}
   * block|warn, {@code blockAt} CRITICAL|HIGH|MEDIUM|LOW.
   */
  record Validation(String enforcement, String blockAt) {}
}
