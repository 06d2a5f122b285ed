package dev.fogbank.shared.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization policy: statements giving principals (IAM ARNs, or local token names; {@code
 * *} wildcards allowed, e.g. {@code arn:aws:sts::123456789012:assumed-role/ci/*}) a grant. A
 * principal's grants are those of every statement that matches it; no statement, no access.
 *
 * <pre>{"statements": [{"principal": "...", "stacks": ["web-*"], "actions": ["read", "deploy"]}]}</pre>
 */
public record AccessPolicy(List<Statement> statements) {
  /** Policies are read on every request: a bound keeps that one small item read cheap. */
  public static final int MAX_STATEMENTS = 200;

  private static final int MAX_PRINCIPAL_CHARS = 2048;

  public AccessPolicy {
    statements = List.copyOf(statements);
  }

  /** One principal pattern and what it may do. */
  public record Statement(String principal, Grant grant) {
    public Statement {
      if (principal == null
          || principal.isEmpty()
          || principal.length() > MAX_PRINCIPAL_CHARS
          || !principal.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "principal must be 1 to " + MAX_PRINCIPAL_CHARS
                + " printable characters without spaces (an ARN, a token name, * wildcards)");
      }
    }
  }

  public static AccessPolicy empty() {
    return new AccessPolicy(List.of());
  }

  /** The caller {@code principal} is under this policy: the grants of every matching statement. */
  public Caller callerFor(String principal) {
    return new Caller(
        principal,
        statements.stream()
            .filter(s -> Glob.matches(s.principal(), principal))
            .map(Statement::grant)
            .toList());
  }

  /**
   * A policy from its JSON, strictly: unknown fields, unknown actions and bad patterns are
   * refused with where they are (INVALID_REQUEST).
   */
  public static AccessPolicy fromJson(String json) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("policy is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("policy must be a JSON object with statements");
    }
    onlyFields(root, "policy", Set.of("statements"));
    JsonNode list = root.path("statements");
    if (!list.isArray()) {
      throw new InvalidRequestException("policy.statements must be an array");
    }
    if (list.size() > MAX_STATEMENTS) {
      throw new InvalidRequestException(
          "policy has " + list.size() + " statements; at most " + MAX_STATEMENTS);
    }
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "statements[" + i + "]";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        throw new InvalidRequestException(where + " must be an object");
      }
      onlyFields(node, where, Set.of("principal", "stacks", "actions"));
      try {
        statements.add(new Statement(text(node, "principal", where), grant(node, where)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(where + ": " + e.getMessage());
      }
    }
    return new AccessPolicy(statements);
  }

  /** {@code stacks} and {@code actions} of an object (a statement, or a local token entry). */
  public static Grant grant(JsonNode node, String where) {
    JsonNode stacks = node.path("stacks");
    JsonNode actions = node.path("actions");
    if (!stacks.isArray() || !actions.isArray()) {
      throw new InvalidRequestException(
          where + " needs stacks and actions, both arrays of strings");
    }
    List<String> patterns = new ArrayList<>();
    stacks.forEach(s -> patterns.add(s.isTextual() ? s.asText() : null));
    Set<Action> granted = EnumSet.noneOf(Action.class);
    for (JsonNode a : actions) {
      try {
        granted.add(Action.parse(a.isTextual() ? a.asText() : String.valueOf(a)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(where + ": " + e.getMessage());
      }
    }
    try {
      return new Grant(patterns, granted);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(where + ": " + e.getMessage());
    }
  }

  /** The JSON shape {@link #fromJson} reads. */
  public Map<String, Object> toJson() {
    return Map.of(
        "statements",
        statements.stream()
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("principal", s.principal());
                  m.put("stacks", s.grant().stacks());
                  m.put(
                      "actions",
                      EnumSet.copyOf(s.grant().actions()).stream().map(Action::wireName).toList());
                  return m;
                })
            .toList());
  }

  public String toJsonText() {
    try {
      return Json.mapper().writeValueAsString(toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy not serialisable", e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new InvalidRequestException(where + "." + field + " must be a string");
    }
    return value.asText();
  }

  /** Unknown fields are refused by name: a typo ("action") must not silently grant nothing. */
  public static void onlyFields(JsonNode node, String where, Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidRequestException(
            "unknown field '" + where + "." + name + "': allowed are "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }
}
