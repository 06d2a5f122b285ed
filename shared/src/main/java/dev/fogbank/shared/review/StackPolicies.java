package dev.fogbank.shared.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stack policies a deployment can ask for: {@code protect-stateful} (deny replacing or deleting
 * stateful resources, allow every other update), {@code protect-all} (deny every update), {@code
 * none} (allow every update: CloudFormation has no call to remove a policy, so "none" replaces an
 * earlier one with one that allows everything) or a policy document in JSON, checked here so that a
 * mistake is refused before any change set exists.
 */
public final class StackPolicies {

  /** CloudFormation's limit on StackPolicyBody, in bytes. */
  public static final int MAX_BYTES = 16_384;

  private static final Set<String> ACTIONS =
      Set.of("Update:Modify", "Update:Replace", "Update:Delete", "Update:*");
  private static final Set<String> OPERATORS =
      Set.of("StringEquals", "StringNotEquals", "StringLike", "StringNotLike");
  private static final Set<String> STATEMENT_KEYS =
      Set.of(
          "Sid",
          "Effect",
          "Action",
          "NotAction",
          "Principal",
          "Resource",
          "NotResource",
          "Condition");

  private StackPolicies() {}

  /**
   * The policy {@code spec} names or spells.
   *
   * @throws InvalidRequestException for an unknown name or a malformed document, saying what is
   *     wrong and where
   */
  public static StackPolicy of(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidRequestException(
          "stackPolicy is empty: use protect-stateful, protect-all, none or a JSON policy"
              + " document");
    }
    String trimmed = spec.strip();
    return switch (trimmed) {
      case "protect-stateful" -> parse("protect-stateful", protectStateful());
      case "protect-all" -> parse("protect-all", protectAll());
      case "none" -> parse("none", allowAll());
      default -> {
        if (!trimmed.startsWith("{")) {
          throw new InvalidRequestException(
              "unknown stackPolicy '"
                  + abbreviate(trimmed)
                  + "': use protect-stateful, protect-all, none or a JSON policy document");
        }
        yield parse("custom", trimmed);
      }
    };
  }

  private static String protectStateful() {
    ObjectNode policy = Json.mapper().createObjectNode();
    ArrayNode statements = policy.putArray("Statement");
    ObjectNode deny = statements.addObject();
    deny.put("Effect", "Deny");
    deny.putArray("Action").add("Update:Replace").add("Update:Delete");
    deny.put("Principal", "*");
    deny.put("Resource", "*");
    ArrayNode types =
        deny.putObject("Condition").putObject("StringEquals").putArray("ResourceType");
    new TreeSet<>(ResourceKinds.statefulTypes()).forEach(types::add);
    ObjectNode allow = statements.addObject();
    allow.put("Effect", "Allow");
    allow.put("Action", "Update:*");
    allow.put("Principal", "*");
    allow.put("Resource", "*");
    return write(policy);
  }

  private static String protectAll() {
    return statement("Deny");
  }

  private static String allowAll() {
    return statement("Allow");
  }

  private static String statement(String effect) {
    ObjectNode policy = Json.mapper().createObjectNode();
    ObjectNode s = policy.putArray("Statement").addObject();
    s.put("Effect", effect);
    s.put("Action", "Update:*");
    s.put("Principal", "*");
    s.put("Resource", "*");
    return write(policy);
  }

  private static String write(ObjectNode policy) {
    try {
      return Json.mapper().writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a built stack policy could not be written", e);
    }
  }

  private static StackPolicy parse(String name, String json) {
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw invalid(
          "is " + bytes + " bytes; CloudFormation accepts at most " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(
          "is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("must be a JSON object with a Statement list");
    }
    JsonNode list = root.get("Statement");
    if (list != null && list.isObject()) {
      list = Json.mapper().createArrayNode().add(list);
    }
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw invalid("needs a non-empty Statement list");
    }
    List<StackPolicy.Statement> statements = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      statements.add(statement(i + 1, list.get(i)));
    }
    return new StackPolicy(name, json, statements);
  }

  private static StackPolicy.Statement statement(int index, JsonNode s) {
    String at = "Statement " + index;
    if (!s.isObject()) {
      throw invalid(at + " must be an object");
    }
    for (Iterator<String> keys = s.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!STATEMENT_KEYS.contains(key)) {
        throw invalid(
            at + " has an unknown key " + key + " (known: " + new TreeSet<>(STATEMENT_KEYS) + ")");
      }
    }
    String effect = s.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      throw invalid(at + ": Effect must be Allow or Deny");
    }
    boolean notAction = s.has("NotAction");
    if (notAction == s.has("Action")) {
      throw invalid(at + " needs exactly one of Action and NotAction");
    }
    List<String> actions = StackPolicy.strings(s.get(notAction ? "NotAction" : "Action"));
    if (actions.isEmpty()) {
      throw invalid(at + ": Action must be a string or a list of strings");
    }
    for (String action : actions) {
      if (!ACTIONS.contains(action)) {
        throw invalid(
            at
                + ": unknown action "
                + action
                + " (use Update:Modify, Update:Replace, Update:Delete or Update:*)");
      }
    }
    if (!"*".equals(s.path("Principal").asText(null))) {
      throw invalid(at + ": Principal must be \"*\" (a stack policy applies to every principal)");
    }
    boolean notResource = s.has("NotResource");
    if (notResource == s.has("Resource")) {
      throw invalid(at + " needs exactly one of Resource and NotResource");
    }
    List<String> resources = StackPolicy.strings(s.get(notResource ? "NotResource" : "Resource"));
    if (resources.isEmpty()) {
      throw invalid(at + ": Resource must be a string or a list of strings");
    }
    for (String r : resources) {
      if (!r.equals("*") && !r.startsWith("LogicalResourceId/")) {
        throw invalid(at + ": resource " + r + " must be \"*\" or LogicalResourceId/<pattern>");
      }
    }
    List<StackPolicy.Condition> conditions = new ArrayList<>();
    JsonNode condition = s.get("Condition");
    if (condition != null) {
      if (!condition.isObject()) {
        throw invalid(at + ": Condition must be an object");
      }
      for (Map.Entry<String, JsonNode> op : condition.properties()) {
        if (!OPERATORS.contains(op.getKey())) {
          throw invalid(
              at
                  + ": unknown condition operator "
                  + op.getKey()
                  + " (known: "
                  + new TreeSet<>(OPERATORS)
                  + ")");
        }
        if (!op.getValue().isObject()) {
          throw invalid(at + ": " + op.getKey() + " must map ResourceType to values");
        }
        for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
          if (!key.getKey().equals("ResourceType")) {
            throw invalid(
                at + ": condition key " + key.getKey() + " is not supported (only ResourceType)");
          }
          List<String> values = StackPolicy.strings(key.getValue());
          if (values.isEmpty()) {
            throw invalid(at + ": ResourceType needs a string or a list of strings");
          }
          conditions.add(new StackPolicy.Condition(op.getKey(), values));
        }
      }
    }
    return new StackPolicy.Statement(
        index,
        effect.equals("Allow"),
        actions.stream().map(StackPolicy::wildcard).toList(),
        notAction,
        resources.stream().map(StackPolicy::wildcard).toList(),
        notResource,
        conditions);
  }

  private static InvalidRequestException invalid(String what) {
    return new InvalidRequestException("stackPolicy " + what);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
