package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateReaderTest {

  /** The value of property V of resource R in a YAML template with {@code yaml} as that value. */
  private static Object yamlValue(String yaml) {
    return property(
        TemplateReader.read(
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: "
                + yaml
                + "\n"));
  }

  private static Object jsonValue(String json) {
    return property(
        TemplateReader.read(
            "{\"Resources\": {\"R\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"V\": "
                + json
                + "}}}}"));
  }

  private static Object property(Template t) {
    return t.resources().get("R").properties().get("V");
  }

  static Stream<Arguments> intrinsics() {
    return Stream.of(
        Arguments.of("!Ref Bucket", "{\"Ref\": \"Bucket\"}", Fn.ref("Bucket")),
        Arguments.of(
            "!GetAtt Db.Endpoint.Address",
            "{\"Fn::GetAtt\": [\"Db\", \"Endpoint.Address\"]}",
            Fn.getAtt("Db", "Endpoint.Address")),
        Arguments.of(
            "!GetAtt [Db, Arn]", "{\"Fn::GetAtt\": [\"Db\", \"Arn\"]}", Fn.getAtt("Db", "Arn")),
        Arguments.of(
            "!GetAtt [Res, !Ref AttributeName]",
            "{\"Fn::GetAtt\": [\"Res\", {\"Ref\": \"AttributeName\"}]}",
            new Intrinsic.Other("Fn::GetAtt", List.of("Res", Fn.ref("AttributeName")))),
        Arguments.of(
            "!Sub '${AWS::StackName}-logs'",
            "{\"Fn::Sub\": \"${AWS::StackName}-logs\"}",
            Fn.sub("${AWS::StackName}-logs")),
        Arguments.of(
            "!Sub ['${Name}.${Domain}', {Name: www, Domain: !Ref Domain}]",
            "{\"Fn::Sub\": [\"${Name}.${Domain}\", {\"Name\": \"www\", \"Domain\": {\"Ref\":"
                + " \"Domain\"}}]}",
            Fn.sub("${Name}.${Domain}", "Name", "www", "Domain", Fn.ref("Domain"))),
        Arguments.of(
            "!Join [',', [a, !Ref B]]",
            "{\"Fn::Join\": [\",\", [\"a\", {\"Ref\": \"B\"}]]}",
            Fn.join(",", "a", Fn.ref("B"))),
        Arguments.of(
            "!Join ['', !Ref Parts]",
            "{\"Fn::Join\": [\"\", {\"Ref\": \"Parts\"}]}",
            Fn.join("", Fn.ref("Parts"))),
        Arguments.of(
            "!Select [1, !GetAZs '']",
            "{\"Fn::Select\": [1, {\"Fn::GetAZs\": \"\"}]}",
            Fn.select(1, Fn.getAZs(""))),
        Arguments.of(
            "!Split [',', !Ref List]",
            "{\"Fn::Split\": [\",\", {\"Ref\": \"List\"}]}",
            Fn.split(",", Fn.ref("List"))),
        Arguments.of(
            "!If [IsProd, big, !Ref AWS::NoValue]",
            "{\"Fn::If\": [\"IsProd\", \"big\", {\"Ref\": \"AWS::NoValue\"}]}",
            Fn.ifThen("IsProd", "big", Fn.NO_VALUE)),
        Arguments.of(
            "!Equals [!Ref Env, prod]",
            "{\"Fn::Equals\": [{\"Ref\": \"Env\"}, \"prod\"]}",
            Fn.equalTo(Fn.ref("Env"), "prod")),
        Arguments.of(
            "!FindInMap [Sizes, !Ref AWS::Region, Type]",
            "{\"Fn::FindInMap\": [\"Sizes\", {\"Ref\": \"AWS::Region\"}, \"Type\"]}",
            Fn.findInMap("Sizes", Fn.REGION, "Type")),
        Arguments.of(
            "!ImportValue shared-VpcId",
            "{\"Fn::ImportValue\": \"shared-VpcId\"}",
            Fn.importValue("shared-VpcId")),
        Arguments.of(
            "!ImportValue {\"Fn::Sub\": \"${Net}-VpcId\"}",
            "{\"Fn::ImportValue\": {\"Fn::Sub\": \"${Net}-VpcId\"}}",
            Fn.importValue(Fn.sub("${Net}-VpcId"))),
        Arguments.of("!GetAZs ''", "{\"Fn::GetAZs\": \"\"}", Fn.getAZs("")),
        Arguments.of("!GetAZs", "{\"Fn::GetAZs\": \"\"}", Fn.getAZs("")),
        Arguments.of("!Base64 hello", "{\"Fn::Base64\": \"hello\"}", Fn.base64("hello")),
        Arguments.of(
            "!Cidr [10.0.0.0/16, 4, 8]",
            "{\"Fn::Cidr\": [\"10.0.0.0/16\", 4, 8]}",
            Fn.cidr("10.0.0.0/16", 4, 8)),
        Arguments.of(
            "!Length [1, 2]",
            "{\"Fn::Length\": [1, 2]}",
            new Intrinsic.Other("Fn::Length", List.of(1, 2))),
        Arguments.of(
            "!FindInMap [M, a, b, {DefaultValue: x}]",
            "{\"Fn::FindInMap\": [\"M\", \"a\", \"b\", {\"DefaultValue\": \"x\"}]}",
            new Intrinsic.Other(
                "Fn::FindInMap", List.of("M", "a", "b", Map.of("DefaultValue", "x")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("intrinsics")
  @DisplayName("Each intrinsic reads to the same record in short form, long form and JSON")
  void shortAndLongFormsReadTheSame(String shortForm, String longForm, Intrinsic expected) {
    assertEquals(expected, yamlValue(shortForm));
    assertEquals(expected, yamlValue(longForm));
    assertEquals(expected, jsonValue(longForm));
  }

  @Test
  @DisplayName("Condition expressions read the same in short and long form, with ConditionRefs")
  void conditionExpressions() {
    Template t =
        TemplateReader.read(
            """
            Conditions:
              A: !Equals [a, b]
              Short: !And [!Condition A, !Or [!Condition A, !Not [!Condition A]]]
              Long:
                Fn::And:
                  - Condition: A
                  - Fn::Or:
                      - {Condition: A}
                      - {"Fn::Not": [{"Condition": "A"}]}
            """);
    Intrinsic expected =
        Fn.and(Fn.condition("A"), Fn.or(Fn.condition("A"), Fn.not(Fn.condition("A"))));
    assertEquals(expected, t.conditions().get("Short"));
    assertEquals(expected, t.conditions().get("Long"));
    assertEquals(Fn.equalTo("a", "b"), t.conditions().get("A"));
  }

  @Test
  @DisplayName("{Condition: ...} outside a condition expression stays a plain map (IAM, Fn::If)")
  void conditionMapOutsideConditionsIsAMap() {
    Template t =
        TemplateReader.read(
            """
            Resources:
              Policy:
                Type: AWS::IAM::ManagedPolicy
                Condition: IsProd
                Properties:
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Deny
                        Action: s3:*
                        Resource: "*"
                        Condition:
                          Bool:
                            aws:SecureTransport: "false"
                  Marker: {Condition: IsProd}
                  Chosen: !If [IsProd, {Condition: Other}, x]
            """);
    ResourceDefinition<?> policy = t.resources().get("Policy");
    assertEquals("IsProd", policy.conditionName());
    Map<?, ?> document = (Map<?, ?>) policy.properties().get("PolicyDocument");
    Map<?, ?> statement = (Map<?, ?>) ((List<?>) document.get("Statement")).get(0);
    assertEquals(
        Map.of("Bool", Map.of("aws:SecureTransport", "false")), statement.get("Condition"));
    assertEquals(Map.of("Condition", "IsProd"), policy.properties().get("Marker"));
    assertEquals(
        Fn.ifThen("IsProd", Map.of("Condition", "Other"), "x"), policy.properties().get("Chosen"));
  }

  @Test
  @DisplayName("Plain scalars are typed as YAML 1.1 does, without guessing at octal, hex or dates")
  void scalarTypes() {
    List<?> values =
        (List<?>)
            yamlValue(
                "[yes, 'yes', On, false, 42, -7, 12345678901, 1.10, 0123, 0x1F, 1_000, 2010-09-09,"
                    + " !!str 12, 'it''s', \"tab\\tstop\"]");
    assertEquals(
        List.of(
            true,
            "yes",
            true,
            false,
            42,
            -7,
            12345678901L,
            new BigDecimal("1.10"),
            "0123",
            "0x1F",
            "1_000",
            "2010-09-09",
            "12",
            "it's",
            "tab\tstop"),
        values);
    assertInstanceOf(Integer.class, values.get(4));
    assertEquals("1.10", values.get(7).toString());
  }

  @Test
  @DisplayName("Every section is read into the model")
  void sections() {
    Template t =
        TemplateReader.read(
            """
            AWSTemplateFormatVersion: 2010-09-09
            Description: All sections
            Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
            Metadata:
              Owner: platform
            Parameters:
              Name:
                Type: String
                Description: A name
                Default: abc
                AllowedValues: [abc, def]
                AllowedPattern: '[a-z]+'
                MinLength: "3"
                MaxLength: 3
                ConstraintDescription: three letters
                NoEcho: "true"
              Count:
                Type: Number
                MinValue: 1
                MaxValue: "2.5"
            Rules:
              R1:
                Assertions:
                  - Assert: !Equals [!Ref Name, abc]
            Mappings:
              Accounts:
                "012345678901":
                  Env: prod
                  Size: 3
            Conditions:
              IsAbc: !Equals [!Ref Name, abc]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Condition: IsAbc
                DependsOn: Queue
                Metadata: {Note: n}
                Properties:
                  DisplayName: !Ref Name
                CreationPolicy: {ResourceSignal: {Count: 1}}
                UpdatePolicy:
                  AutoScalingScheduledAction: {IgnoreUnmodifiedGroupSizeProperties: true}
                DeletionPolicy: Retain
                UpdateReplacePolicy: Snapshot
              Queue:
                Type: AWS::SQS::Queue
                DependsOn: [A, B]
            Outputs:
              TopicArn:
                Description: The topic
                Condition: IsAbc
                Value: !Ref Topic
                Export:
                  Name: !Sub ${AWS::StackName}-TopicArn
            """);
    assertEquals("2010-09-09", t.formatVersion());
    assertEquals("All sections", t.description());
    assertEquals(List.of("AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"), t.transforms());
    assertEquals(Map.of("Owner", "platform"), t.metadata());

    Parameter name = t.parameters().get("Name");
    assertEquals("String", name.type());
    assertEquals("A name", name.description());
    assertEquals("abc", name.defaultValue());
    assertEquals(List.of("abc", "def"), name.allowedValues());
    assertEquals("[a-z]+", name.allowedPattern());
    assertEquals(3, name.minLength());
    assertEquals(3, name.maxLength());
    assertEquals("three letters", name.constraintDescription());
    assertTrue(name.noEcho());
    assertEquals(1, t.parameters().get("Count").minValue());
    assertEquals(new BigDecimal("2.5"), t.parameters().get("Count").maxValue());

    assertEquals(
        Map.of("Assertions", List.of(Map.of("Assert", Fn.equalTo(Fn.ref("Name"), "abc")))),
        t.rules().get("R1"));
    assertEquals(
        Map.of("Env", "prod", "Size", 3), t.mappings().get("Accounts").get("012345678901"));
    assertEquals(Fn.equalTo(Fn.ref("Name"), "abc"), t.conditions().get("IsAbc"));

    ResourceDefinition<?> topic = t.resources().get("Topic");
    assertEquals("AWS::SNS::Topic", topic.type());
    assertEquals("IsAbc", topic.conditionName());
    assertEquals(List.of("Queue"), topic.dependsOnIds());
    assertEquals(Map.of("Note", "n"), topic.metadata());
    assertEquals(Map.of("DisplayName", Fn.ref("Name")), topic.properties());
    assertEquals(Map.of("ResourceSignal", Map.of("Count", 1)), topic.creationPolicyValue());
    assertEquals(
        Map.of("AutoScalingScheduledAction", Map.of("IgnoreUnmodifiedGroupSizeProperties", true)),
        topic.updatePolicyValue());
    assertEquals(ResourceDefinition.Policy.Retain, topic.deletionPolicyValue());
    assertEquals(ResourceDefinition.Policy.Snapshot, topic.updateReplacePolicyValue());
    assertEquals(List.of("A", "B"), t.resources().get("Queue").dependsOnIds());

    Output out = t.outputs().get("TopicArn");
    assertEquals("The topic", out.description());
    assertEquals("IsAbc", out.conditionName());
    assertEquals(Fn.ref("Topic"), out.value());
    assertEquals(Fn.sub("${AWS::StackName}-TopicArn"), out.exportName());
  }

  @Test
  @DisplayName("A template without AWSTemplateFormatVersion reads back without one")
  void noFormatVersion() {
    Template t = TemplateReader.read("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");
    assertNull(t.formatVersion());
    assertEquals("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", TemplateWriter.yaml(t));
  }

  @Test
  @DisplayName("A byte order mark and JSON after leading white space are accepted")
  void bomAndLeadingSpace() {
    byte[] bom =
        "\uFEFFResources: {Topic: {Type: AWS::SNS::Topic}}\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("AWS::SNS::Topic", TemplateReader.read(bom).resources().get("Topic").type());
    Template json =
        TemplateReader.read("\n  {\"Resources\": {\"Topic\": {\"Type\": \"AWS::SNS::Topic\"}}}");
    assertEquals("AWS::SNS::Topic", json.resources().get("Topic").type());
  }

  private static final String R = "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n";

  static Stream<Arguments> badTemplates() {
    return Stream.of(
        Arguments.of(
            "a YAML syntax error", R + "      V: [a, b\n", "line 6, column 1", "not valid YAML"),
        Arguments.of("a tab for indentation", "Resources:\n\tR: {}\n", "line 2, column 1", "TAB"),
        Arguments.of("a list at the top level", "- a\n- b\n", "template", "must be a mapping"),
        Arguments.of("a string at the top level", "just words\n", "template", "must be a mapping"),
        Arguments.of(
            "an unknown section",
            "Resource:\n  R: {Type: AWS::SNS::Topic}\n",
            "Resource",
            "unknown top-level section Resource"),
        Arguments.of(
            "the SAM Globals section without the SAM transform",
            "Globals: {Function: {Timeout: 3}}\n",
            "Globals",
            "needs Transform: AWS::Serverless-2016-10-31"),
        Arguments.of(
            "a resource without Type",
            "Resources:\n  R:\n    Properties: {}\n",
            "Resources.R",
            "resource R has no Type"),
        Arguments.of(
            "a loop without the LanguageExtensions transform",
            "Resources:\n"
                + "  Fn::ForEach::Topics: [T, [A, B], {\"Topic${T}\": {Type: AWS::SNS::Topic}}]\n",
            "Resources.Fn::ForEach::Topics",
            "needs Transform: AWS::LanguageExtensions"),
        Arguments.of(
            "an unknown resource attribute",
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Propertes: {}\n",
            "Resources.R.Propertes",
            "unknown resource attribute Propertes"),
        Arguments.of(
            "an unknown deletion policy",
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    DeletionPolicy: Keep\n",
            "Resources.R.DeletionPolicy",
            "unknown policy Keep"),
        Arguments.of(
            "Properties that are not a mapping",
            "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties: [a]\n",
            "Resources.R.Properties",
            "expected a mapping, found a list"),
        Arguments.of(
            "!Select with one argument",
            R + "      V: !Select [1]\n",
            "Resources.R.Properties.V.Fn::Select",
            "Fn::Select takes 2 arguments"),
        Arguments.of(
            "!GetAtt without a dot",
            R + "      V: !GetAtt NoDot\n",
            "Resources.R.Properties.V.Fn::GetAtt",
            "!GetAtt needs Resource.Attribute"),
        Arguments.of(
            "!If with two arguments",
            R + "      V: !If [c, a]\n",
            "Resources.R.Properties.V.Fn::If",
            "Fn::If takes 3 arguments"),
        Arguments.of(
            "Fn::If in long form with a map",
            R + "      V: {\"Fn::If\": {a: b}}\n",
            "Resources.R.Properties.V.Fn::If",
            "Fn::If takes a list"),
        Arguments.of(
            "!Sub with a one-item list",
            R + "      V: !Sub [abc]\n",
            "Resources.R.Properties.V.Fn::Sub",
            "Fn::Sub takes 2 arguments"),
        Arguments.of(
            "!Ref of a list",
            R + "      V: !Ref [a]\n",
            "Resources.R.Properties.V.Ref",
            "Ref takes the name of a parameter or resource"),
        Arguments.of(
            "!Base64 of a list",
            R + "      V: !Base64 [a]\n",
            "Resources.R.Properties.V.Fn::Base64",
            "Fn::Base64 takes"),
        Arguments.of(
            "an unknown short tag",
            R + "      V: !Reff x\n",
            "Resources.R.Properties.V",
            "unknown tag !Reff"),
        Arguments.of(
            "!Condition outside a condition expression",
            R + "      V: !Condition IsProd\n",
            "Resources.R.Properties.V",
            "!Condition"),
        Arguments.of(
            "Fn::And with one condition",
            "Conditions:\n  C: !And [!Condition D]\n  D: !Equals [a, b]\n",
            "Conditions.C.Fn::And",
            "Fn::And takes 2 to 10 arguments"),
        Arguments.of(
            "a condition that is not an expression",
            "Conditions:\n  C: yes\n",
            "Conditions.C",
            "a condition is an Fn::Equals"),
        Arguments.of(
            "a duplicate key",
            R + "      A: 1\n      A: 2\n",
            "Resources.R.Properties.A",
            "duplicate key A"),
        Arguments.of(
            "a duplicate key in JSON",
            "{\"Resources\": {\"R\": {\"Type\": \"AWS::SNS::Topic\", \"Type\": \"x\"}}}",
            "Resources.R.Type",
            "duplicate key Type"),
        Arguments.of(
            "a null value",
            R + "      Tags:\n        - Key: a\n          Value:\n",
            "Resources.R.Properties.Tags[0].Value",
            "null value"),
        Arguments.of(
            "a parameter without Type",
            "Parameters:\n  P: {Default: x}\n",
            "Parameters.P",
            "parameter P has no Type"),
        Arguments.of(
            "an unknown parameter key",
            "Parameters:\n  P: {Type: String, Defaults: x}\n",
            "Parameters.P.Defaults",
            "unknown parameter Defaults"),
        Arguments.of(
            "a MinLength that is not a number",
            "Parameters:\n  P: {Type: String, MinLength: three}\n",
            "Parameters.P.MinLength",
            "expected a number"),
        Arguments.of(
            "an output without Value",
            "Outputs:\n  O: {Description: d}\n",
            "Outputs.O",
            "output O has no Value"),
        Arguments.of(
            "an Export with an unknown key",
            "Outputs:\n  O: {Value: v, Export: {Name: n, Prefix: p}}\n",
            "Outputs.O.Export.Prefix",
            "unknown Export key Prefix"),
        Arguments.of(
            "a JSON syntax error",
            "{\"Resources\": {\"R\": {\"Type\": \"AWS::SNS::Topic\",}}}",
            "line 1, column 48",
            "not valid JSON"),
        Arguments.of(
            "text after the JSON template",
            "{\"Resources\": {}} trailing",
            "line 1, column 19",
            "more content after"),
        Arguments.of(
            "a mapping as a key", "? {a: b}\n: c\n", "template", "mapping keys must be strings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTemplates")
  @DisplayName("Bad input is refused with the place and a reason")
  void badInput(String what, String text, String location, String reason) {
    TemplateException e = assertThrows(TemplateException.class, () -> TemplateReader.read(text));
    TemplateProblem problem = e.problems().get(0);
    assertEquals(location, problem.location(), e.getMessage());
    assertTrue(problem.message().contains(reason), problem.message());
    assertNull(e.getCause());
  }

  @Test
  @DisplayName("Problems in several entries are all reported, each with its line")
  void severalProblems() {
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () ->
                TemplateReader.read(
                    """
                    Resources:
                      A:
                        Type: AWS::SNS::Topic
                        Properties:
                          DisplayName: !Select [1]
                      B:
                        Properties: {}
                    Outputs:
                      O: {Description: d}
                    """));
    assertEquals(
        List.of("Resources.A.Properties.DisplayName.Fn::Select", "Resources.B", "Outputs.O"),
        e.problems().stream().map(TemplateProblem::location).toList());
    assertTrue(e.problems().get(0).message().endsWith("(line 5, column 20)"), e.getMessage());
  }
}
