package dev.fogbank.functions.api;

import java.util.Map;

/** POST /deployments body. Unknown fields and wrong types are refused by the strict reader. */
record DeploymentRequestBody(
    String stackName,
    String templateBody,
    Map<String, String> parameters,
    Map<String, String> tags,
    Options options) {

  /**
   * {@code options}: how this deployment is run. {@code approval}: auto-below-high (default) |
   * always | never; {@code stackPolicy}: protect-stateful | protect-all | none | a policy as JSON
   * text, which the review checks the changes against and ExecuteChangeSet sets on the stack;
   * {@code maxMonthlyIncrease}: USD a month above which a change needs approval whatever its risk;
   * {@code production}: true turns the stack's termination protection on; {@code budget}: USD a
   * month above 0, kept as the stack's AWS Budget (left out: the stack has none).
   */
  record Options(
      Validation validation,
      String approval,
      String stackPolicy,
      java.math.BigDecimal maxMonthlyIncrease,
      Boolean production,
      java.math.BigDecimal budget) {}

  /** POST /deployments/{id}/approve and /reject body: {@code reason} (required to reject). */
  record Decision(String reason) {}

  /**
   * {@code options.validation}, as {@code validation:} in deployment.yaml: {@code enforcement}
   * block|warn, {@code blockAt} CRITICAL|HIGH|MEDIUM|LOW.
   */
  record Validation(String enforcement, String blockAt) {}
}
