package dev.fogbank.infrastructure.controlplane;

import dev.fogbank.shared.template.Fn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An IAM policy document built statement by statement, as a template value. */
final class PolicyDocument {

  private static final String VERSION = "2012-10-17";

  private final List<Object> statements = new ArrayList<>();

  static PolicyDocument create() {
    return new PolicyDocument();
  }

  /** Allows {@code actions} on {@code resources} (ARNs: strings or intrinsics). */
  PolicyDocument allow(List<String> actions, Object... resources) {
    statements.add(
        Fn.map("Effect", "Allow", "Action", List.copyOf(actions), "Resource", Fn.list(resources)));
    return this;
  }

  /** Allows {@code actions} on {@code resources} when {@code condition} holds. */
  PolicyDocument allowWhen(
      List<String> actions, Map<String, Object> condition, Object... resources) {
    statements.add(
        Fn.map(
            "Effect",
            "Allow",
            "Action",
            List.copyOf(actions),
            "Resource",
            Fn.list(resources),
            "Condition",
            condition));
    return this;
  }

  /** Lets {@code service} (e.g. {@code lambda.amazonaws.com}) assume the role. */
  static Map<String, Object> trust(String service) {
    return of(
        Fn.map(
            "Effect", "Allow", "Principal", Fn.map("Service", service), "Action", "sts:AssumeRole"));
  }

  /** A resource-policy statement letting an AWS service do {@code action} under a condition. */
  static Map<String, Object> allowService(
      String service, String action, Object resource, Map<String, Object> condition) {
    return Fn.map(
        "Effect",
        "Allow",
        "Principal",
        Fn.map("Service", service),
        "Action",
        action,
        "Resource",
        resource,
        "Condition",
        condition);
  }

  /** A policy document of the given statements. */
  @SafeVarargs
  static Map<String, Object> of(Map<String, Object>... statements) {
    return Fn.map("Version", VERSION, "Statement", List.of(statements));
  }

  /** Denies every request that does not use TLS: for bucket and topic resource policies. */
  static Map<String, Object> denyInsecureTransport(String action, Object... resources) {
    return Fn.map(
        "Sid",
        "DenyInsecureTransport",
        "Effect",
        "Deny",
        "Principal",
        "*",
        "Action",
        action,
        "Resource",
        Fn.list(resources),
        "Condition",
        Fn.map("Bool", Fn.map("aws:SecureTransport", "false")));
  }

  boolean isEmpty() {
    return statements.isEmpty();
  }

  Map<String, Object> toValue() {
    return Fn.map("Version", VERSION, "Statement", List.copyOf(statements));
  }
}
