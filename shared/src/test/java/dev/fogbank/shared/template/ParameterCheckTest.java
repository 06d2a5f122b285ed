package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCheckTest {
  private static final String TEMPLATE =
      """
      Parameters:
        Env:
          Type: String
          AllowedValues: [dev, prod]
        Name:
          Type: String
          MinLength: 3
          MaxLength: 8
          AllowedPattern: "[a-z]+"
          ConstraintDescription: lower-case letters
          Default: web
        Size:
          Type: Number
          MinValue: 1
          MaxValue: 10
          Default: 2
        Ports:
          Type: List<Number>
          Default: "80"
        Password:
          Type: String
          NoEcho: true
          MinLength: 12
          Default: long-enough-default
      Resources:
        Queue:
          Type: AWS::SQS::Queue
      """;

  private static SourceTemplate read() {
    return TemplateReader.readSource(TEMPLATE.getBytes(StandardCharsets.UTF_8));
  }

  private static List<TemplateProblem> problems(Map<String, String> values) {
    return ParameterCheck.problems(read().template(), values);
  }

  @Test
  void problems_whenEveryValueKeepsItsConstraints_thenNone() {
    assertEquals(
        List.of(),
        problems(Map.of("Env", "prod", "Name", "abc", "Size", "10", "Ports", "80,443")));
  }

  @Test
  void problems_whenParameterHasNoDefaultAndNoValue_thenNamed() {
    List<TemplateProblem> found = problems(Map.of());
    assertEquals(1, found.size(), found::toString);
    assertEquals("Parameters.Env", found.get(0).location());
    assertTrue(found.get(0).message().contains("no Default and no value"), found::toString);
  }

  @Test
  void problems_whenValueIsNotDeclared_thenRefusedListingTheDeclaredOnes() {
    List<TemplateProblem> found = problems(Map.of("Env", "dev", "Enviroment", "dev"));
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).message().contains("Enviroment"), found::toString);
    assertTrue(found.get(0).message().contains("Env, Name, Size"), found::toString);
  }

  @Test
  void problems_whenEachConstraintIsBroken_thenOneProblemEachAtTheConstraint() {
    List<TemplateProblem> found =
        problems(Map.of("Env", "test", "Name", "AB", "Size", "11", "Ports", "80,http"));
    List<String> locations = found.stream().map(TemplateProblem::location).toList();
    assertEquals(
        List.of(
            "Parameters.Env.AllowedValues",
            "Parameters.Name.MinLength",
            "Parameters.Name.AllowedPattern",
            "Parameters.Size.MaxValue",
            "Parameters.Ports"),
        locations,
        found::toString);
    assertTrue(found.get(2).message().contains("(lower-case letters)"), found::toString);
  }

  @Test
  void problems_whenNumberIsNotANumberOrBelowMin_thenRefused() {
    assertTrue(
        problems(Map.of("Env", "dev", "Size", "ten")).get(0).message().contains("not a number"));
    assertEquals(
        "Parameters.Size.MinValue",
        problems(Map.of("Env", "dev", "Size", "0")).get(0).location());
  }

  @Test
  void problems_whenNoEchoValueIsRefused_thenMessageDoesNotRepeatIt() {
    List<TemplateProblem> found = problems(Map.of("Env", "dev", "Password", "hunter2"));
    assertEquals(1, found.size(), found::toString);
    assertFalse(found.get(0).message().contains("hunter2"), found::toString);
  }

  @Test
  void problems_whenValueOverCloudFormationsFourKiB_thenRefused() {
    List<TemplateProblem> found = problems(Map.of("Env", "dev", "Name", "a".repeat(5000)));
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).message().contains("at most 4096"), found::toString);
  }

  @Test
  void requireValid_withParameters_thenTemplateInvalidWithTheParametersLine() {
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> read().requireValid(ResourceSchemas.bundled(), Map.of("Env", "qa")));
    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().contains("(line 4, column 5)"), e::getMessage);
  }

  @Test
  void requireValid_withoutParameters_thenValuesNotChecked() {
    assertEquals(List.of(), read().requireValid(ResourceSchemas.bundled()));
  }

  @Test
  void valueProblems_whenAllowedValuesAreNumbers_thenComparedAsTheTextCloudFormationGets() {
    Template t =
        TemplateReader.read(
            "Parameters:\n  Days: {Type: Number, Default: 30, AllowedValues: [7, 14, 30]}\n"
                .concat("Resources:\n  T: {Type: AWS::SNS::Topic}\n")
                .getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of(), ParameterCheck.valueProblems(t, Map.of("Days", "14", "Other", "x")));
    assertEquals(
        "parameter Days = '5' is not one of [7, 14, 30]",
        ParameterCheck.valueProblems(t, Map.of("Days", "5")).get(0).message());
  }
}
