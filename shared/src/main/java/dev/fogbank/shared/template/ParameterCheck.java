package dev.fogbank.shared.template;

import dev.fogbank.shared.error.CallerText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The values a deployment supplies for a template's parameters, checked as CloudFormation checks
 * them when it creates the change set (so the refusal comes before anything is created, with the
 * parameter's line): every supplied name is declared, every declared parameter has a value (given
 * or Default), and each given value keeps the parameter's constraints.
 */
public final class ParameterCheck {

  /** CloudFormation's quota on one parameter value. */
  public static final int MAX_VALUE_BYTES = 4096;

  private ParameterCheck() {}

  /** Every problem, as errors located at the parameter ({@code Parameters.<name>}). */
  public static List<TemplateProblem> problems(Template template, Map<String, String> supplied) {
    List<TemplateProblem> problems = new ArrayList<>();
    Map<String, Parameter> declared = template.parameters();
    supplied.forEach(
        (name, value) -> {
          if (!declared.containsKey(name)) {
            problems.add(
                new TemplateProblem(
                    "Parameters",
                    "a value is supplied for parameter "
                        + shown(name)
                        + ", which the template does not declare"
                        + (declared.isEmpty()
                            ? " (it declares none)"
                            : " (it declares " + String.join(", ", declared.keySet()) + ")")));
          }
        });
    for (Parameter p : declared.values()) {
      if (!supplied.containsKey(p.name()) && p.defaultValue() == null) {
        problems.add(
            new TemplateProblem(
                "Parameters." + p.name(),
                "parameter " + p.name() + " has no Default and no value was supplied"));
      }
    }
    problems.addAll(valueProblems(template, supplied));
    return problems;
  }

  /**
   * Only the constraints of the declared parameters that have a value in {@code supplied} (for a
   * caller that reports undeclared and missing names its own way, such as bootstrap).
   */
  public static List<TemplateProblem> valueProblems(
      Template template, Map<String, String> supplied) {
    List<TemplateProblem> problems = new ArrayList<>();
    for (Parameter p : template.parameters().values()) {
      String value = supplied.get(p.name());
      if (value != null) {
        check(p, value, problems);
      }
    }
    return problems;
  }

  private static void check(Parameter p, String value, List<TemplateProblem> problems) {
    String at = "Parameters." + p.name();
    // NoEcho values are secrets: a message must not repeat them.
    String shownValue = p.noEcho() ? "(NoEcho value)" : "'" + shown(value) + "'";
    String subject = "parameter " + p.name() + " = " + shownValue;
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_VALUE_BYTES) {
      problems.add(
          new TemplateProblem(
              at,
              "the value of parameter "
                  + p.name()
                  + " is "
                  + bytes
                  + " bytes; CloudFormation allows at most "
                  + MAX_VALUE_BYTES));
      return;
    }
    if (!p.allowedValues().isEmpty()) {
      List<String> allowed = p.allowedValues().stream().map(ParameterCheck::text).toList();
      if (!allowed.contains(value)) {
        problems.add(
            new TemplateProblem(
                at + ".AllowedValues", subject + " is not one of " + allowed + why(p)));
        return;
      }
    }
    switch (p.type()) {
      case Parameter.NUMBER -> number(p, at, subject, value, problems);
      case Parameter.NUMBER_LIST -> {
        for (String item : value.split(",", -1)) {
          if (parse(item) == null) {
            problems.add(
                new TemplateProblem(
                    at, subject + ": list item '" + shown(item) + "' is not a number"));
            return;
          }
        }
      }
      case Parameter.STRING -> text(p, at, subject, value, problems);
      default -> {}
    }
  }

  private static void number(
      Parameter p, String at, String subject, String value, List<TemplateProblem> problems) {
    BigDecimal number = parse(value);
    if (number == null) {
      problems.add(new TemplateProblem(at, subject + " is not a number"));
      return;
    }
    if (p.minValue() != null && number.compareTo(new BigDecimal(p.minValue().toString())) < 0) {
      problems.add(
          new TemplateProblem(
              at + ".MinValue", subject + " is below MinValue " + text(p.minValue()) + why(p)));
    }
    if (p.maxValue() != null && number.compareTo(new BigDecimal(p.maxValue().toString())) > 0) {
      problems.add(
          new TemplateProblem(
              at + ".MaxValue", subject + " is above MaxValue " + text(p.maxValue()) + why(p)));
    }
  }

  private static void text(
      Parameter p, String at, String subject, String value, List<TemplateProblem> problems) {
    int length = value.codePointCount(0, value.length());
    if (p.minLength() != null && length < p.minLength()) {
      problems.add(
          new TemplateProblem(
              at + ".MinLength",
              subject + " is shorter than MinLength " + p.minLength() + why(p)));
    }
    if (p.maxLength() != null && length > p.maxLength()) {
      problems.add(
          new TemplateProblem(
              at + ".MaxLength", subject + " is longer than MaxLength " + p.maxLength() + why(p)));
    }
    if (p.allowedPattern() != null) {
      try {
        if (!Pattern.compile(p.allowedPattern()).matcher(value).matches()) {
          problems.add(
              new TemplateProblem(
                  at + ".AllowedPattern",
                  subject + " does not match AllowedPattern " + p.allowedPattern() + why(p)));
        }
      } catch (PatternSyntaxException e) {
        // The template's own problem, which Template.validate reports at the pattern.
      }
    }
  }

  private static BigDecimal parse(String value) {
    try {
      return new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String why(Parameter p) {
    String description = p.constraintDescription();
    return description == null || description.isBlank() ? "" : " (" + description + ")";
  }

  /** A scalar as CloudFormation's API would carry it: 1.50 stays "1.50", true is "true". */
  static String text(Object value) {
    return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
  }

  private static String shown(String s) {
    return CallerText.shown(s, 80);
  }
}
