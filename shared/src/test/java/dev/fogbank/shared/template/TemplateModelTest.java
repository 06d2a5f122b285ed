package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TemplateModelTest {

  @Test
  @DisplayName("Duplicate logical IDs are refused when added, naming both types")
  void duplicateLogicalIds() {
    Template t = Template.create();
    t.add(Resource.of("Queue", "AWS::SQS::Queue"));
    TemplateException e =
        assertThrows(TemplateException.class, () -> t.add(Resource.of("Queue", "AWS::SNS::Topic")));
    assertEquals(
        "invalid template: Resources.Queue: duplicate logical ID Queue (already used by"
            + " AWS::SQS::Queue, now for AWS::SNS::Topic)",
        e.getMessage());
    assertThrows(TemplateException.class, () -> t.parameter(Parameter.string("Queue")));
    t.parameter(Parameter.string("Env"));
    assertThrows(TemplateException.class, () -> t.add(Resource.of("Env", "AWS::SQS::Queue")));
    t.output(Output.of("Out", "x"));
    assertThrows(TemplateException.class, () -> t.output(Output.of("Out", "y")));
    t.condition("C", Fn.equalTo("a", "b"));
    assertThrows(TemplateException.class, () -> t.condition("C", Fn.equalTo("a", "c")));
  }

  @Test
  @DisplayName("Invalid logical IDs are errors naming the ID and the rule")
  void invalidLogicalIds() {
    Template t = Template.create();
    t.add(Resource.of("my-bucket", "AWS::S3::Bucket"));
    t.add(Resource.of("Ok1", "AWS::S3::Bucket"));
    t.add(Resource.of("x".repeat(256), "AWS::S3::Bucket"));
    t.parameter(Parameter.string("Bad_Param"));
    List<TemplateProblem> problems = t.validate(ResourceTypeCheck.NONE);
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("Resources.my-bucket", problems.get(1).location());
    assertTrue(problems.get(1).message().startsWith("invalid logical ID \"my-bucket\""));
    assertEquals("Parameters.Bad_Param", problems.get(0).location());
    assertTrue(Template.isValidLogicalId("Ok1"));
    assertFalse(Template.isValidLogicalId(""));
    assertFalse(Template.isValidLogicalId("Über"));
  }

  @Test
  @DisplayName("Parameter types and constraints are checked")
  void parameterChecks() {
    Template t = Template.create();
    t.add(Resource.of("Q", "AWS::SQS::Queue"));
    t.parameter(Parameter.of("Vpc", "AWS::EC2::VPC::Id"));
    t.parameter(Parameter.of("Subnets", "List<AWS::EC2::Subnet::Id>"));
    t.parameter(Parameter.of("Ami", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"));
    t.parameter(Parameter.of("Weird", "Strin"));
    t.parameter(Parameter.number("Count").minLength(2));
    t.parameter(Parameter.string("Name").minValue(1));
    t.parameter(Parameter.string("Env").allowedValues("a", "b").defaultValue("c"));
    t.parameter(Parameter.number("Range").minValue(5).maxValue(1));
    t.parameter(Parameter.string("Pattern").allowedPattern("[a-"));
    List<String> problems =
        t.validate(ResourceTypeCheck.NONE).stream().map(TemplateProblem::toString).toList();
    assertEquals(
        List.of(
            "Parameters.Weird.Type: unknown parameter type Strin",
            "Parameters.Count: MinLength/MaxLength apply to String parameters only",
            "Parameters.Name: MinValue/MaxValue apply to Number parameters only",
            "Parameters.Env.Default: default is not one of AllowedValues",
            "Parameters.Range: MinValue is greater than MaxValue",
            "Parameters.Pattern.AllowedPattern: not a valid regular expression"),
        problems);
  }

  @Test
  @DisplayName("A template without resources, or over the quotas, is invalid")
  void quotas() {
    assertEquals(
        List.of(new TemplateProblem("Resources", "a template needs at least one resource")),
        Template.create().validate(ResourceTypeCheck.NONE));
    Template big = Template.create();
    for (int i = 0; i < 501; i++) {
      big.add(Resource.of("Q" + i, "AWS::SQS::Queue"));
    }
    assertEquals(
        List.of(new TemplateProblem("Resources", "501 entries; CloudFormation allows at most 500")),
        big.validate(ResourceTypeCheck.NONE));
  }

  @Test
  @DisplayName("The type check sees every resource and judges every GetAtt attribute")
  void typeCheckIsConsulted() {
    Template t = Template.create();
    t.add(Resource.of("Q", "AWS::SQS::Queue"));
    t.add(
        Resource.of("T", "AWS::SNS::Topic")
            .property("A", Fn.getAtt("Q", "Arn"))
            .property("B", Fn.sub("${Q.Nope}")));
    ResourceTypeCheck check =
        new ResourceTypeCheck() {
          @Override
          public List<TemplateProblem> check(ResourceDefinition<?> resource) {
            return resource.type().equals("AWS::SNS::Topic")
                ? List.of(new TemplateProblem("Resources." + resource.logicalId(), "seen"))
                : List.of();
          }

          @Override
          public Optional<String> checkAttribute(String type, String attribute) {
            return attribute.equals("Arn")
                ? Optional.empty()
                : Optional.of(type + " has no attribute " + attribute);
          }
        };
    assertEquals(
        List.of(
            new TemplateProblem("Resources.T", "seen"),
            new TemplateProblem(
                "Resources.T.Properties.B.Fn::Sub", "AWS::SQS::Queue has no attribute Nope")),
        t.validate(check));
    TemplateException e = assertThrows(TemplateException.class, () -> t.requireValid(check));
    assertEquals(2, e.problems().size());
  }

  @Test
  @DisplayName("Unordered maps (Map.of, HashMap) are copied sorted; ordered maps keep their order")
  void orderIndependentOfHashing() {
    Template t = Template.create();
    t.mapping("M", Map.of("zeta", Map.of("b", 1, "a", 2), "alpha", Map.of("y", 1, "x", 2)));
    assertEquals(List.of("alpha", "zeta"), List.copyOf(t.mappings().get("M").keySet()));
    assertEquals(List.of("a", "b"), List.copyOf(t.mappings().get("M").get("zeta").keySet()));
    assertEquals(
        List.of("Z", "A"), List.copyOf(Fn.sub("${Z}${A}", "Z", 1, "A", 2).variables().keySet()));
    assertEquals(
        List.of("A", "Z"),
        List.copyOf(Fn.sub("${Z}${A}", Map.<String, Object>of("Z", 1, "A", 2)).variables().keySet()));
  }

  @Test
  @DisplayName("Intrinsics are values: equal when their arguments are equal")
  void intrinsicsAreValues() {
    assertEquals(Fn.sub("${A}", "A", 1), Fn.sub("${A}", Map.of("A", 1)));
    assertEquals(
        Fn.join(",", "a", Fn.ref("B")), new Intrinsic.Join(",", List.of("a", Fn.ref("B"))));
    assertEquals("Fn::Cidr", Fn.cidr("10.0.0.0/16", 4, 8).functionName());
    assertEquals("Condition", Fn.condition("C").functionName());
    assertTrue(Fn.REGION.isPseudo());
    assertThrows(IllegalArgumentException.class, () -> Fn.map("a", 1, "a", 2));
    assertThrows(IllegalArgumentException.class, () -> Fn.map("odd"));
    assertThrows(NullPointerException.class, () -> Fn.getAtt("A", null));
  }
}
