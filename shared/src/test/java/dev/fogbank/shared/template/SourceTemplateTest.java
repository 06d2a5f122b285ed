package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Validate step's check: the one reader, the resource schemas and the dependency graph, with
 * every refusal placed at its line and column, and what CloudFormation accepts accepted.
 */
class SourceTemplateTest {

  private static SourceTemplate read(String text) {
    return TemplateReader.readSource(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<TemplateProblem> check(String text) {
    return read(text).requireValid(ResourceSchemas.bundled());
  }

  private static TemplateException refused(String text) {
    return assertThrows(TemplateException.class, () -> check(text));
  }

  // ---- Refused, with resource, property path, line and column ----

  @Test
  void requireValid_whenPropertyMisspelt_thenTemplateInvalidNamingResourcePropertyLineAndColumn() {
    TemplateException e =
        refused(
            """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketNme: drops
            """);

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertInstanceOf(TemplateInvalidException.class, e);
    TemplateProblem p = e.problems().get(0);
    assertEquals("Resources.Bucket.Properties.BucketNme", p.location());
    assertTrue(p.message().contains("unknown property BucketNme"), p.message());
    assertTrue(p.message().contains("did you mean BucketName?"), p.message());
    assertTrue(p.message().endsWith("(line 5, column 7)"), p.message());
  }

  @Test
  void requireValid_whenNestedPropertyMisspeltInJson_thenLineAndColumnOfTheKey() {
    TemplateException e =
        refused(
            "{\"Resources\": {\"Bucket\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\n"
                + "  \"VersioningConfiguration\": {\"Stat\": \"Enabled\"}}}}}");

    TemplateProblem p = e.problems().get(0);
    assertEquals("Resources.Bucket.Properties.VersioningConfiguration.Stat", p.location());
    assertTrue(p.message().endsWith("(line 2, column 31)"), p.message());
  }

  static Stream<Arguments> danglingReferences() {
    return Stream.of(
        Arguments.of(
            "a Ref to nothing",
            "      QueueName: !Ref Nowhere\n",
            "Ref to Nowhere, which is not a parameter or resource",
            "line 5, column 18"),
        Arguments.of(
            "a short-form GetAtt of nothing",
            "      QueueName: !GetAtt Nowhere.Arn\n",
            "GetAtt names unknown resource Nowhere",
            "line 5, column 18"),
        Arguments.of(
            "a long-form GetAtt of nothing",
            "      QueueName:\n        Fn::GetAtt: [Nowhere, Arn]\n",
            "GetAtt names unknown resource Nowhere",
            "line 6, column 9"),
        Arguments.of(
            "a GetAtt of an attribute the type does not have",
            "      QueueName: !GetAtt Topic.Nothing\n  Topic:\n    Type: AWS::SNS::Topic\n",
            "AWS::SNS::Topic has no attribute Nothing",
            "line 5, column 18"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("danglingReferences")
  void requireValid_whenReferenceDangles_thenRefusedWithLineAndColumn(
      String what, String property, String reason, String position) {
    TemplateException e =
        refused("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n" + property);

    TemplateProblem p = e.problems().get(0);
    assertTrue(p.message().contains(reason), p.message());
    assertTrue(p.message().endsWith("(" + position + ")"), p.message());
  }

  @Test
  void requireValid_whenSeveralProblems_thenAllReportedTogetherEachWithItsLine() {
    TemplateException e =
        refused(
            """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketNme: drops
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  DelaySeconds: !Ref Missing
            """);

    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("(line 5, column 7)"), e.getMessage());
    assertTrue(e.getMessage().contains("(line 9, column 21)"), e.getMessage());
  }

  @Test
  void requireValid_whenFnIfChoosesWholePropertiesWithAMisspeltOne_thenThatBranchRefused() {
    TemplateException e =
        refused(
            """
            Conditions:
              Prod: !Equals [!Ref AWS::Region, eu-west-1]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties: !If
                  - Prod
                  - {DelaySeconds: 5}
                  - {DelaySecond: 0}
            """);

    TemplateProblem p = e.problems().get(0);
    assertEquals("Resources.Queue.Properties.Fn::If[2].DelaySecond", p.location());
    assertTrue(p.message().contains("(line 9, column 10)"), p.message());
  }

  @Test
  void readSource_whenOverOneMiB_thenTooLargeCodeBeforeParsing() {
    byte[] big = new byte[TemplateLimits.MAX_TEMPLATE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '#');

    TemplateException e =
        assertThrows(TemplateException.class, () -> TemplateReader.readSource(big));

    assertEquals(ErrorCode.TEMPLATE_TOO_LARGE, e.code());
  }

  @Test
  void readSource_whenExactlyOneMiB_thenAccepted() {
    String head = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
    String text = head + "#".repeat(TemplateLimits.MAX_TEMPLATE_BYTES - head.length());

    assertEquals(TemplateLimits.MAX_TEMPLATE_BYTES, read(text).sizeBytes());
  }

  @Test
  void readSource_whenNestedTenThousandLevels_thenRefusedWithoutStackOverflow() {
    String yaml = "Metadata:\n  X: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    String json = "{\"Metadata\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    for (String text : List.of(yaml, json)) {
      TemplateException e = assertThrows(TemplateException.class, () -> read(text));
      assertTrue(e.getMessage().contains("nested deeper than 100 levels"), e.getMessage());
    }
  }

  @Test
  void readSource_whenProblem_thenOneDeploymentExceptionFamilyWithoutThirdPartyCause() {
    DeploymentException e = assertThrows(DeploymentException.class, () -> read("Resources: [\n"));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertEquals(null, e.getCause());
  }

  static Stream<Arguments> formatErrors() {
    String topic = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n";
    return Stream.of(
        Arguments.of(
            "a type name of the wrong shape",
            "Resources:\n  T:\n    Type: AWS::SNS\n",
            "Resources.T.Type",
            "is not a resource type name"),
        Arguments.of(
            "another AWSTemplateFormatVersion",
            "AWSTemplateFormatVersion: 2012-01-01\n" + topic,
            "AWSTemplateFormatVersion",
            "must be \"2010-09-09\""),
        Arguments.of(
            "a Description over 1024 bytes",
            "Description: " + "é".repeat(513) + "\n" + topic,
            "Description",
            "1026 bytes; CloudFormation allows at most 1024"),
        Arguments.of(
            "Version on a resource that is not custom",
            topic + "    Version: \"1.0\"\n",
            "Resources.T.Version",
            "unknown resource attribute Version"),
        Arguments.of(
            "a logical ID that is not alphanumeric",
            "Resources:\n  My-Topic:\n    Type: AWS::SNS::Topic\n",
            "Resources.My-Topic",
            "invalid logical ID"),
        Arguments.of(
            "DependsOn an undeclared resource",
            topic + "    DependsOn: Nothing\n",
            "Resources.T.DependsOn",
            "DependsOn names unknown resource Nothing"),
        Arguments.of(
            "an undeclared Condition",
            topic + "    Condition: Nothing\n",
            "Resources.T.Condition",
            "unknown condition Nothing"),
        Arguments.of(
            "no resources", "Description: nothing\n", "Resources", "at least one resource"),
        Arguments.of(
            "501 resources",
            "Resources:\n"
                + "  T%d: {Type: AWS::SNS::Topic}\n"
                    .repeat(501)
                    .formatted(java.util.stream.IntStream.range(0, 501).boxed().toArray()),
            "Resources",
            "501 entries; CloudFormation allows at most 500"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formatErrors")
  void requireValid_whenCloudFormationWouldRefuseTheFormat_thenRefused(
      String what, String text, String location, String reason) {
    TemplateException e =
        assertThrows(TemplateException.class, () -> check(text), () -> "accepted " + what);

    assertTrue(
        e.problems().stream()
            .anyMatch(p -> p.location().equals(location) && p.message().contains(reason)),
        e.getMessage());
  }

  // ---- Accepted: what CloudFormation accepts ----

  static Stream<Arguments> validTemplates() {
    return Stream.of(
        Arguments.of(
            "SAM types and Globals under the SAM transform",
            """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Timeout: 3, Runtime: python3.12}
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Connectors:
                  Out: {Properties: {Destination: {Id: Queue}, Permissions: [Write]}}
                Properties: {Handler: app.handler, CodeUri: src/}
              Queue:
                Type: AWS::SQS::Queue
            Outputs:
              Role: {Value: !GetAtt FnRole.Arn}
            """),
        Arguments.of(
            "Fn::ForEach and an intrinsic DeletionPolicy under AWS::LanguageExtensions",
            """
            Transform: AWS::LanguageExtensions
            Parameters:
              Policy: {Type: String, Default: Retain}
            Resources:
              Fn::ForEach::Topics:
                - Name
                - [A, B]
                - Topic${Name}:
                    Type: AWS::SNS::Topic
                    DeletionPolicy: !Ref Policy
            Outputs:
              Fn::ForEach::Arns:
                - Name
                - [A, B]
                - Arn${Name}:
                    Value: !GetAtt [!Sub "Topic${Name}", TopicArn]
            """),
        Arguments.of(
            "a macro's own section and attribute",
            """
            Transform: [Count]
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Count: 3
            """),
        Arguments.of(
            "Version on a custom resource",
            """
            Resources:
              Lookup:
                Type: Custom::Lookup
                Version: "1.0"
                Properties: {ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f}
            """),
        Arguments.of(
            "Fn::If as the whole Properties value",
            """
            Conditions:
              Prod: !Equals [!Ref AWS::Region, eu-west-1]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties: !If [Prod, {DelaySeconds: 5}, !Ref AWS::NoValue]
            """),
        Arguments.of(
            "functions where a string, a number or a list is expected",
            """
            Parameters:
              Delay: {Type: Number}
              Subnets: {Type: List<AWS::EC2::Subnet::Id>}
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Role: arn:aws:iam::123456789012:role/r
                  Runtime: python3.12
                  Handler: index.handler
                  Code:
                    ZipFile: !Join ["\\n", ["def handler(e, c):", "  return 1"]]
                  VpcConfig: {SubnetIds: !Ref Subnets, SecurityGroupIds: [sg-1]}
              Queue:
                Type: AWS::SQS::Queue
                Properties: {DelaySeconds: !Ref Delay}
              Server:
                Type: AWS::EC2::Instance
                Properties:
                  ImageId: ami-12345678
                  AvailabilityZone:
                    Fn::Select:
                      - 0
                      - Fn::GetAZs:
            """),
        Arguments.of(
            "a Hooks section",
            """
            Transform: [AWS::CodeDeployBlueGreen]
            Hooks:
              CodeDeployBlueGreenHook:
                Type: AWS::CodeDeploy::BlueGreen
                Properties: {TrafficRoutingConfig: {Type: AllAtOnce}}
            Resources:
              Topic: {Type: AWS::SNS::Topic}
            """),
        Arguments.of(
            "a module and a private registry type",
            """
            Resources:
              Network:
                Type: Acme::Network::Vpc::MODULE
                Properties: {CidrBlock: 10.0.0.0/16}
              Thing:
                Type: Acme::Widgets::Widget
                Properties: {Size: 3}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validTemplates")
  void requireValid_whenCloudFormationAcceptsIt_thenNoErrors(String what, String text) {
    List<TemplateProblem> warnings = check(text);

    assertTrue(warnings.stream().noneMatch(TemplateProblem::isError), warnings.toString());
  }

  @Test
  void requireValid_whenTransform_thenWarningSaysTheRawFormIsNotSchemaChecked() {
    List<TemplateProblem> warnings =
        check(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {Handlr: typo-the-transform-will-judge}
            """);

    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals("Transform", warnings.get(0).location());
    assertTrue(warnings.get(0).message().contains("not checked"), warnings.get(0).message());
  }

  @Test
  void requireValid_whenTypeUnknownToTheSchemas_thenWarningWithLineNotARefusal() {
    List<TemplateProblem> warnings =
        check("Resources:\n  Network:\n    Type: Acme::Network::Vpc::MODULE\n");

    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals(TemplateProblem.Severity.WARNING, warnings.get(0).severity());
    assertTrue(warnings.get(0).message().endsWith("(line 3, column 5)"), warnings.toString());
  }

  @Test
  void readSource_whenLoopWithoutLanguageExtensions_thenRefused() {
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () ->
                read(
                    "Resources:\n"
                        + "  Fn::ForEach::T: [N, [A], {\"T${N}\": {Type: AWS::SNS::Topic}}]\n"));

    assertTrue(e.getMessage().contains("needs Transform: AWS::LanguageExtensions"), e.getMessage());
  }
}
