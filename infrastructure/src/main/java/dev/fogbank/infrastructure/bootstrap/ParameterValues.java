package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks parameter values against the template's constraints (AllowedValues, AllowedPattern,
 * Min/MaxLength, Number and Min/MaxValue), as CloudFormation would when creating the change set,
 * but before anything is uploaded.
 */
final class ParameterValues {

  private ParameterValues() {}

  /** One problem per value that CloudFormation would refuse, naming the parameter. */
  static List<String> problems(JsonNode template, Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    JsonNode declared = template.path("Parameters");
    values.forEach(
        (name, value) -> {
          JsonNode p = declared.get(name);
          if (p != null) {
            check(name, value, p, problems);
          }
        });
    return problems;
  }

  private static void check(String name, String value, JsonNode p, List<String> problems) {
    String at = "parameter " + name + " = '" + value + "'";
    String type = p.path("Type").asText("String");
    JsonNode allowed = p.get("AllowedValues");
    if (allowed != null && allowed.isArray()) {
      List<String> texts = new ArrayList<>();
      allowed.forEach(v -> texts.add(TemplateComparison.scalarText(v).orElse("")));
      if (!texts.contains(value)) {
        problems.add(at + " is not one of " + texts);
        return;
      }
    }
    if (type.equals("Number")) {
      BigDecimal number;
      try {
        number = new BigDecimal(value.strip());
      } catch (NumberFormatException e) {
        problems.add(at + " is not a number");
        return;
      }
      bound(at, number, p.get("MinValue"), true, problems);
      bound(at, number, p.get("MaxValue"), false, problems);
    }
    if (type.equals("String")) {
      if (p.has("MinLength") && value.length() < p.get("MinLength").asInt()) {
        problems.add(at + " is shorter than MinLength " + p.get("MinLength").asInt());
      }
      if (p.has("MaxLength") && value.length() > p.get("MaxLength").asInt()) {
        problems.add(at + " is longer than MaxLength " + p.get("MaxLength").asInt());
      }
      if (p.hasNonNull("AllowedPattern")) {
        String pattern = p.get("AllowedPattern").asText();
        try {
          if (!Pattern.compile(pattern).matcher(value).matches()) {
            String why = p.path("ConstraintDescription").asText("");
            problems.add(
                at + " does not match " + pattern + (why.isEmpty() ? "" : " (" + why + ")"));
          }
        } catch (PatternSyntaxException e) {
          // The template's own problem; validation reports it.
        }
      }
    }
  }

  private static void bound(
      String at, BigDecimal number, JsonNode limit, boolean lower, List<String> problems) {
    if (limit == null || !(limit.isNumber() || limit.isTextual())) {
      return;
    }
    BigDecimal bound;
    try {
      bound = new BigDecimal(limit.asText());
    } catch (NumberFormatException e) {
      return;
    }
    int cmp = number.compareTo(bound);
    if (lower && cmp < 0) {
      problems.add(at + " is below MinValue " + bound.toPlainString());
    } else if (!lower && cmp > 0) {
      problems.add(at + " is above MaxValue " + bound.toPlainString());
    }
  }
}
