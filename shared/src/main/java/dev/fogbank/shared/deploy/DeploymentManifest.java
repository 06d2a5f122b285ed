package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateLimits;
import dev.fogbank.shared.template.TemplateProblem;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.validation.ValidationPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The optional {@code deployment.yaml} beside a dropped template: parameter values and stack tags.
 * Every value is a string, as CloudFormation's API takes it; a YAML list becomes the comma-joined
 * text a {@code CommaDelimitedList} parameter expects.
 *
 * <pre>
 * parameters:
 *   InstanceCount: 2
 *   Subnets: [subnet-1, subnet-2]
 * tags:
 *   team: payments
 * validation:          # optional; the default blocks CRITICAL and HIGH findings
 *   enforcement: warn  # block | warn
 *   blockAt: HIGH      # CRITICAL | HIGH | MEDIUM | LOW
 * usage:               # optional: monthly usage of usage-priced resources, for the cost estimate
 *   Api:
 *     monthlyRequests: 5000000
 * approval: always     # optional: auto-below-high (default) | always | never
 * stackPolicy: protect-stateful  # optional: protect-stateful | protect-all | none | JSON text
 * maxMonthlyIncrease: 100  # optional: USD a month above which a change needs approval
 * production: true     # optional: turns the stack's termination protection on
 * budget: 250          # optional: USD a month, kept as an AWS Budget alerting at 80% and 100%
 * </pre>
 */
public record DeploymentManifest(
    Map<String, String> parameters,
    Map<String, String> tags,
    ValidationPolicy validation,
    Map<String, Map<String, BigDecimal>> usage,
    ReviewPolicy reviewPolicy) {
  public static final int MAX_TAGS = StackInputs.MAX_TAGS;
  public static final int MAX_TAG_KEY_LENGTH = StackInputs.MAX_TAG_KEY_LENGTH;
  public static final int MAX_TAG_VALUE_LENGTH = StackInputs.MAX_TAG_VALUE_LENGTH;

  private static final Pattern PARAMETER_NAME = StackInputs.PARAMETER_NAME;

  public DeploymentManifest {
    // Insertion order kept: the author's order is the order people read in history.
    parameters =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags == null ? Map.of() : tags));
    validation = validation == null ? ValidationPolicy.defaults() : validation;
    usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage == null ? Map.of() : usage));
    reviewPolicy = reviewPolicy == null ? ReviewPolicy.defaults() : reviewPolicy;
    // The review's cost estimate reads the usage from the policy the deployment carries.
    if (reviewPolicy.usage().isEmpty() && !usage.isEmpty()) {
      reviewPolicy = reviewPolicy.withUsage(usage);
    }
  }

  public DeploymentManifest(
      Map<String, String> parameters,
      Map<String, String> tags,
      ValidationPolicy validation,
      Map<String, Map<String, BigDecimal>> usage) {
    this(parameters, tags, validation, usage, null);
  }

  public DeploymentManifest(Map<String, String> parameters, Map<String, String> tags) {
    this(parameters, tags, null, Map.of());
  }

  public static DeploymentManifest empty() {
    return new DeploymentManifest(Map.of(), Map.of());
  }

  /**
   * Reads a manifest; an empty (or comment-only) file is an empty manifest. Throws
   * DeploymentException(MANIFEST_INVALID) naming the first problem.
   */
  public static DeploymentManifest parse(byte[] yaml) {
    if (yaml == null || yaml.length == 0) {
      return empty();
    }
    if (yaml.length > TemplateLimits.MAX_TEMPLATE_BYTES) {
      throw invalid(
          "is "
              + yaml.length
              + " bytes; at most "
              + TemplateLimits.MAX_TEMPLATE_BYTES
              + " allowed");
    }
    Object root;
    try {
      // The template reader's YAML loader and limits: one YAML stack for every upload.
      root = TemplateReader.readYamlValues(yaml);
    } catch (TemplateException e) {
      TemplateProblem first = e.problems().get(0);
      throw invalid(
          first.location().equals("template")
              ? first.message()
              : first.message() + " (" + first.location() + ")");
    }
    if (root == null) {
      return empty();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw invalid("must be a mapping with 'parameters', 'tags', 'validation' and/or 'usage'");
    }
    for (Object key : map.keySet()) {
      if (!key.equals("parameters") && !key.equals("tags")
          && !key.equals("validation")
          && !key.equals("usage")
          && !key.equals("approval")
          && !key.equals("stackPolicy")
          && !key.equals("maxMonthlyIncrease")
          && !key.equals("production")
          && !key.equals("budget")) {
        throw invalid(
            "unknown key '"
                + shown(key.toString())
                + "' (allowed: parameters, tags, validation, usage, approval, stackPolicy,"
                + " maxMonthlyIncrease, production, budget)");
      }
    }
    Map<String, String> parameters = parameters(map.get("parameters"));
    Map<String, String> tags = tags(map.get("tags"));
    // The limits an API request is held to (a 5 KB parameter value, 201 parameters).
    StackInputs.check(parameters, tags, DeploymentManifest::invalid);
    return new DeploymentManifest(
        parameters,
        tags,
        validation(map.get("validation")),
        usage(map.get("usage")),
        withBudget(
            withProduction(
                reviewPolicy(
                    map.get("approval"), map.get("stackPolicy"), map.get("maxMonthlyIncrease")),
                map.get("production")),
            map.get("budget")));
  }

  /** {@code budget:} USD a month, above 0 (default: none). */
  private static ReviewPolicy withBudget(ReviewPolicy policy, Object budget) {
    if (budget == null) {
      return policy;
    }
    try {
      return (policy == null ? ReviewPolicy.defaults() : policy)
          .withBudget(scalar("budget", budget));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** {@code production:} true or false (default false). */
  private static ReviewPolicy withProduction(ReviewPolicy policy, Object production) {
    if (production == null) {
      return policy;
    }
    // The reader may keep a YAML boolean as its text: true and false, either way, only.
    String flag = production instanceof Map<?, ?> ? "" : String.valueOf(production);
    if (!flag.equals("true") && !flag.equals("false")) {
      throw invalid("'production' must be true or false");
    }
    return (policy == null ? ReviewPolicy.defaults() : policy)
        .withProduction(Boolean.parseBoolean(flag));
  }

  /**
   * {@code approval:}, {@code stackPolicy:} and {@code maxMonthlyIncrease:}, checked as the API
   * checks them.
   */
  private static ReviewPolicy reviewPolicy(Object approval, Object stackPolicy, Object maxIncrease) {
    if (approval == null && stackPolicy == null && maxIncrease == null) {
      return null;
    }
    try {
      return ReviewPolicy.parse(
          approval == null ? null : scalar("approval", approval),
          stackPolicy == null ? null : scalar("stackPolicy", stackPolicy),
          maxIncrease == null ? null : scalar("maxMonthlyIncrease", maxIncrease));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    } catch (DeploymentException e) {
      if (e.code() == ErrorCode.MANIFEST_INVALID) {
        throw e;
      }
      throw invalid("stackPolicy: " + e.getMessage());
    }
  }

  private static ValidationPolicy validation(Object node) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw invalid("'validation' must be a mapping with 'enforcement' and/or 'blockAt'");
    }
    for (Object key : map.keySet()) {
      if (!key.equals("enforcement") && !key.equals("blockAt")) {
        throw invalid(
            "unknown key 'validation."
                + shown(key.toString())
                + "' (allowed: enforcement, blockAt)");
      }
    }
    String enforcement =
        map.get("enforcement") == null ? null : scalar("validation.enforcement", map.get("enforcement"));
    String blockAt =
        map.get("blockAt") == null ? null : scalar("validation.blockAt", map.get("blockAt"));
    try {
      return ValidationPolicy.parse(enforcement, blockAt);
    } catch (IllegalArgumentException e) {
      throw invalid("validation: " + e.getMessage());
    }
  }

  /** {@code usage: {<logical id>: {<key>: <number>}}}: figures the cost estimate multiplies. */
  private static Map<String, Map<String, BigDecimal>> usage(Object node) {
    Map<String, Map<String, BigDecimal>> usage = new LinkedHashMap<>();
    if (node == null) {
      return usage;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw invalid("'usage' must be a mapping of logical ID: {key: number}");
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String id = entry.getKey().toString();
      if (!PARAMETER_NAME.matcher(id).matches()) {
        throw invalid("usage: '" + shown(id) + "' is not a logical ID (letters and digits only)");
      }
      if (!(entry.getValue() instanceof Map<?, ?> figures)) {
        throw invalid("usage." + id + " must be a mapping of key: number");
      }
      Map<String, BigDecimal> values = new LinkedHashMap<>();
      for (Map.Entry<?, ?> figure : figures.entrySet()) {
        String where = "usage." + id + "." + shown(figure.getKey().toString());
        BigDecimal value;
        try {
          value = new BigDecimal(scalar(where, figure.getValue()));
        } catch (NumberFormatException e) {
          throw invalid(where + " must be a number");
        }
        if (value.signum() < 0) {
          throw invalid(where + " must not be negative");
        }
        values.put(figure.getKey().toString(), value);
      }
      usage.put(id, Collections.unmodifiableMap(values));
    }
    return usage;
  }

  private static Map<String, String> parameters(Object node) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (node == null) {
      return parameters;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw invalid("'parameters' must be a mapping of name: value");
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = entry.getKey().toString();
      if (!PARAMETER_NAME.matcher(name).matches()) {
        throw invalid(
            "parameter name '"
                + shown(name)
                + "' is not valid (letters and digits only, at most 255)");
      }
      Object value = entry.getValue();
      String where = "parameter '" + name + "'";
      if (value instanceof List<?> list) {
        List<String> items = new ArrayList<>();
        for (Object item : list) {
          items.add(scalar(where + " list item", item));
        }
        parameters.put(name, String.join(",", items));
      } else {
        parameters.put(name, scalar(where, value));
      }
    }
    return parameters;
  }

  private static Map<String, String> tags(Object node) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (node == null) {
      return tags;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw invalid("'tags' must be a mapping of key: value");
    }
    if (map.size() > MAX_TAGS) {
      throw invalid("has " + map.size() + " tags; CloudFormation allows at most " + MAX_TAGS);
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = entry.getKey().toString();
      if (key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
        throw invalid(
            "tag key '" + shown(key) + "' must be 1 to " + MAX_TAG_KEY_LENGTH + " characters");
      }
      // CloudFormation reserves the aws: prefix for the tags it adds itself.
      if (key.regionMatches(true, 0, "aws:", 0, 4)) {
        throw invalid("tag key '" + shown(key) + "' must not start with 'aws:' (reserved)");
      }
      String value = scalar("tag '" + shown(key) + "'", entry.getValue());
      if (value.length() > MAX_TAG_VALUE_LENGTH) {
        throw invalid(
            "tag '"
                + shown(key)
                + "' value is "
                + value.length()
                + " characters; at most "
                + MAX_TAG_VALUE_LENGTH);
      }
      tags.put(key, value);
    }
    return tags;
  }

  private static String scalar(String where, Object value) {
    return switch (value) {
      case null -> throw invalid(where + " has no value (write \"\" for an empty string)");
      case String text -> text;
      // Plain notation: 1.10 stays "1.10" (the reader keeps the scale), 1e3 becomes "1000".
      case BigDecimal decimal -> decimal.toPlainString();
      case Number n -> n.toString();
      case Boolean b -> b.toString();
      case Map<?, ?> m ->
          throw invalid(where + " must be a string, number or boolean, not a nested mapping");
      default -> throw invalid(where + " must be a string, number or boolean, not a nested list");
    };
  }

  private static String shown(String s) {
    return CallerText.shown(s, 80);
  }

  private static DeploymentException invalid(String detail) {
    return new DeploymentException(ErrorCode.MANIFEST_INVALID, "deployment.yaml: " + detail);
  }
}
