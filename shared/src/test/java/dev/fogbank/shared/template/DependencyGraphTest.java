package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  private static Template template(Resource... resources) {
    Template t = Template.create();
    for (Resource r : resources) {
      t.add(r);
    }
    return t;
  }

  private static List<String> problems(Template t) {
    return t.validate(ResourceTypeCheck.NONE).stream().map(TemplateProblem::toString).toList();
  }

  @Test
  @DisplayName("Ref, GetAtt, Sub placeholders and DependsOn all make edges")
  void edgesFromEveryKindOfReference() {
    Template t =
        template(
            Resource.of("Bucket", "AWS::S3::Bucket"),
            Resource.of("Topic", "AWS::SNS::Topic"),
            Resource.of("Queue", "AWS::SQS::Queue"),
            Resource.of("Table", "AWS::DynamoDB::Table"),
            Resource.of("Fn", "AWS::Lambda::Function")
                .property("A", Fn.ref("Bucket"))
                .property("B", Fn.map("Nested", List.of(Fn.getAtt("Topic", "TopicName"))))
                .property("C", Fn.sub("${Queue.Arn}/x/${AWS::Region}"))
                .dependsOn("Table"));
    DependencyGraph graph = DependencyGraph.of(t);
    assertEquals(List.of(), graph.problems());
    assertEquals(Set.of("Bucket", "Topic", "Queue", "Table"), graph.dependenciesOf("Fn"));
    assertEquals(Set.of("Fn"), graph.dependentsOf("Queue"));
    List<String> order = graph.creationOrder();
    assertTrue(order.indexOf("Queue") < order.indexOf("Fn"));
    assertTrue(order.indexOf("Table") < order.indexOf("Fn"));
  }

  @Test
  @DisplayName("A Ref to a missing resource names the reference and where it is")
  void danglingRef() {
    Template t =
        template(Resource.of("Fn", "AWS::Lambda::Function").property("Role", Fn.ref("Missing")));
    assertEquals(
        List.of(
            "Resources.Fn.Properties.Role.Ref: Ref to Missing, which is not a parameter or"
                + " resource"),
        problems(t));
  }

  @Test
  @DisplayName("GetAtt or DependsOn of a missing resource, an unknown pseudo parameter")
  void otherDanglingReferences() {
    Template t =
        template(
            Resource.of("Fn", "AWS::Lambda::Function")
                .property("Role", Fn.getAtt("NoRole", "Arn"))
                .property("Region", Fn.ref("AWS::Regoin"))
                .dependsOn("Nothing"));
    List<String> problems = problems(t);
    assertTrue(
        problems.contains("Resources.Fn.DependsOn: DependsOn names unknown resource Nothing"));
    assertTrue(
        problems.contains(
            "Resources.Fn.Properties.Role.Fn::GetAtt: GetAtt names unknown resource NoRole"));
    assertTrue(
        problems.contains(
            "Resources.Fn.Properties.Region.Ref: unknown pseudo parameter AWS::Regoin"));
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  @DisplayName("A Sub with an unknown variable is an error; Sub variables, ${!Literal} are not")
  void subVariables() {
    Template t =
        template(
            Resource.of("Bucket", "AWS::S3::Bucket")
                .property(
                    "Good", Fn.sub("${Local}-${!NotAVariable}-${AWS::AccountId}", "Local", 1))
                .property("Bad", Fn.sub("prefix-${Nope}")));
    assertEquals(
        List.of(
            "Resources.Bucket.Properties.Bad.Fn::Sub: Sub variable ${Nope} is not a parameter,"
                + " resource, pseudo parameter or Sub variable"),
        problems(t));
  }

  @Test
  @DisplayName("A Sub ${Resource.Attribute} of a missing resource is an error")
  void subAttributeOfMissingResource() {
    Template t =
        template(Resource.of("Bucket", "AWS::S3::Bucket").property("X", Fn.sub("${Gone.Arn}")));
    assertEquals(
        List.of(
            "Resources.Bucket.Properties.X.Fn::Sub: Sub variable ${Gone.Arn} names unknown"
                + " resource Gone"),
        problems(t));
  }

  @Test
  @DisplayName("A cycle names every resource in it, in order")
  void cycle() {
    Template t =
        template(
            Resource.of("A", "AWS::SNS::Topic").property("X", Fn.ref("B")),
            Resource.of("B", "AWS::SNS::Topic").property("X", Fn.getAtt("C", "TopicArn")),
            Resource.of("C", "AWS::SNS::Topic").dependsOn("A"),
            Resource.of("D", "AWS::SNS::Topic").property("X", Fn.ref("A")));
    List<String> problems = problems(t);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("Resources.A: dependency cycle between resources: "));
    String cycle = problems.get(0);
    assertTrue(
        cycle.contains("A -> B -> C -> A")
            || cycle.contains("B -> C -> A -> B")
            || cycle.contains("C -> A -> B -> C"),
        cycle);
    assertThrows(TemplateException.class, () -> DependencyGraph.of(t).creationOrder());
  }

  @Test
  @DisplayName("A resource that refers to itself is a cycle")
  void selfReference() {
    Template t = template(Resource.of("A", "AWS::SNS::Topic").property("X", Fn.ref("A")));
    assertEquals(
        List.of("Resources.A: dependency cycle between resources: A -> A"), problems(t));
  }

  @Test
  @DisplayName("Conditions: unknown names in If, Condition attributes and Condition refs; cycles")
  void conditions() {
    Template t = Template.create();
    t.parameter(Parameter.string("Env").allowedValues("prod", "dev").defaultValue("dev"));
    t.condition("IsProd", Fn.equalTo(Fn.ref("Env"), "prod"));
    t.condition("Loop1", Fn.not(Fn.condition("Loop2")));
    t.condition("Loop2", Fn.and(Fn.condition("Loop1"), Fn.condition("IsProd")));
    t.add(
        Resource.of("Bucket", "AWS::S3::Bucket")
            .condition("IsProdd")
            .property("X", Fn.ifThen("Missing", "a", Fn.NO_VALUE))
            .property("Y", Fn.ifThen("IsProd", "a", Fn.NO_VALUE)));
    List<String> problems = problems(t);
    assertTrue(
        problems.contains("Resources.Bucket.Condition: unknown condition IsProdd"),
        problems.toString());
    assertTrue(problems.contains("Resources.Bucket.Properties.X.Fn::If: unknown condition Missing"));
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("dependency cycle between conditions")),
        problems.toString());
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  @DisplayName("FindInMap checks the mapping and literal keys")
  void findInMap() {
    Template t = Template.create();
    t.mapping("Sizes", Map.of("prod", Map.of("Memory", 1024)));
    t.add(
        Resource.of("Fn", "AWS::Lambda::Function")
            .property("Ok", Fn.findInMap("Sizes", "prod", "Memory"))
            .property("Dynamic", Fn.findInMap("Sizes", Fn.ref("AWS::Region"), "Memory"))
            .property("NoMap", Fn.findInMap("Size", "prod", "Memory"))
            .property("NoTop", Fn.findInMap("Sizes", "dev", "Memory"))
            .property("NoKey", Fn.findInMap("Sizes", "prod", "Cpu")));
    assertEquals(
        List.of(
            "Resources.Fn.Properties.NoMap.Fn::FindInMap: unknown mapping Size",
            "Resources.Fn.Properties.NoTop.Fn::FindInMap: mapping Sizes has no key dev",
            "Resources.Fn.Properties.NoKey.Fn::FindInMap: mapping Sizes.prod has no key Cpu"),
        problems(t));
  }

  @Test
  @DisplayName("Outputs are checked for references and conditions too")
  void outputs() {
    Template t = template(Resource.of("Bucket", "AWS::S3::Bucket"));
    t.output(Output.of("Url", Fn.getAtt("Buckett", "WebsiteURL")).condition("Nope"));
    t.output(
        Output.of("Name", Fn.ref("Bucket")).exportName(Fn.sub("${AWS::StackName}-${Missing}")));
    List<String> problems = problems(t);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.contains("Outputs.Url.Condition: unknown condition Nope"));
  }
}
