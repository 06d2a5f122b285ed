package dev.fogbank.shared.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stack policy document, checked, with CloudFormation's evaluation of it: a policy denies every
 * update it does not allow (once a stack has a policy, nothing unlisted may be updated), and a Deny
 * overrides any Allow. Made by {@link StackPolicies#of}.
 */
public final class StackPolicy {

  /** A statement: Allow or Deny some Update:* actions on some resources, under conditions. */
  record Statement(
      int index,
      boolean allow,
      List<Pattern> actions,
      boolean notAction,
      List<Pattern> resources,
      boolean notResource,
      List<Condition> conditions) {}

  /**
   * A condition on the resource type: StringEquals/StringLike (or their Not forms) over {@code
   * ResourceType}.
   */
  record Condition(String operator, List<String> values, List<Pattern> patterns) {
    Condition(String operator, List<String> values) {
      this(operator, values, values.stream().map(StackPolicy::wildcard).toList());
    }

    boolean matches(String resourceType) {
      boolean any =
          operator.endsWith("Like")
              ? patterns.stream().anyMatch(p -> p.matcher(nz(resourceType)).matches())
              : values.contains(resourceType);
      return operator.startsWith("StringNot") != any;
    }
  }

  private final String name;
  private final String json;
  private final List<Statement> statements;

  StackPolicy(String name, String json, List<Statement> statements) {
    this.name = name;
    this.json = json;
    this.statements = List.copyOf(statements);
  }

  /** protect-stateful, protect-all, none, or custom. */
  public String name() {
    return name;
  }

  /** The document to pass to CloudFormation (SetStackPolicy, CreateStack's StackPolicyBody). */
  public String json() {
    return json;
  }

  /** The SHA-256 of {@link #json()} (UTF-8, hex): which document was applied, without it. */
  public String sha256() {
    return dev.fogbank.shared.digest.Sha256.hex(json);
  }

  /** Each change this policy would refuse, in the order of {@code changes}. */
  public List<PolicyDenial> denials(List<ReviewedChange> changes) {
    List<PolicyDenial> denials = new ArrayList<>();
    for (ReviewedChange change : changes) {
      for (Update update : updates(change)) {
        String why = refusal(update.action(), change.logicalId(), change.resourceType());
        if (why != null) {
          denials.add(
              new PolicyDenial(
                  change.logicalId(),
                  change.resourceType(),
                  update.action(),
                  update.certain(),
                  "the stack policy ("
                      + name
                      + ") "
                      + (update.certain() ? "denies " : "would deny ")
                      + update.action()
                      + " of "
                      + change.logicalId()
                      + ": "
                      + why
                      + (update.certain() ? "" : " (if the update turns out to be one)")));
          break;
        }
      }
    }
    return denials;
  }

  private record Update(String action, boolean certain) {}

  /** The policy actions a change is, as CloudFormation judges it during the update. */
  private static List<Update> updates(ReviewedChange change) {
    return switch (change.action()) {
      case "Remove" -> List.of(new Update("Update:Delete", true));
      case "Modify", "Dynamic" ->
          switch (change.replacement()) {
            case TRUE -> List.of(new Update("Update:Replace", true));
            case FALSE -> List.of(new Update("Update:Modify", true));
            case CONDITIONAL ->
                List.of(new Update("Update:Replace", false), new Update("Update:Modify", false));
          };
      default -> List.of(); // a stack policy does not govern additions and imports
    };
  }

  /** Why the update is refused, or null when the policy allows it. */
  String refusal(String action, String logicalId, String type) {
    Statement allowedBy = null;
    for (Statement s : statements) {
      if (!matches(s, action, logicalId, type)) {
        continue;
      }
      if (!s.allow()) {
        return "statement " + s.index() + " denies it";
      }
      allowedBy = allowedBy == null ? s : allowedBy;
    }
    return allowedBy == null
        ? "no statement allows it, and a policy denies what it does not allow"
        : null;
  }

  private static boolean matches(Statement s, String action, String logicalId, String type) {
    boolean actionListed = s.actions().stream().anyMatch(a -> a.matcher(action).matches());
    if (actionListed == s.notAction()) {
      return false;
    }
    String resource = "LogicalResourceId/" + logicalId;
    boolean resourceListed = s.resources().stream().anyMatch(r -> r.matcher(resource).matches());
    if (resourceListed == s.notResource()) {
      return false;
    }
    return s.conditions().stream().allMatch(c -> c.matches(type));
  }

  /** A policy pattern: {@code *} any run of characters, {@code ?} one; case-sensitive. */
  static Pattern wildcard(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(v -> values.add(v.isTextual() ? v.asText() : null));
    }
    values.removeIf(Objects::isNull);
    return values;
  }
}
