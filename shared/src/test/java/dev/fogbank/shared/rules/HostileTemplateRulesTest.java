package dev.fogbank.shared.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Templates built to break the rules: every one the reader accepts gets findings or a clean result,
 * never an exception; the reader's own refusals are a TemplateException with a reason.
 */
class HostileTemplateRulesTest {

  private static String nested(int depth) {
    // The reader allows 100 levels in all; the property sits 6 levels down already.
    return "Resources:\n  Function:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        + "      Environment:\n        Variables:\n          Deep: "
        + "[".repeat(depth)
        + "x"
        + "]".repeat(depth)
        + "\n";
  }

  private static String nestedIf(int depth) {
    String value = "true";
    for (int i = 0; i < depth; i++) {
      value = "{\"Fn::If\": [\"C\", " + value + ", false]}";
    }
    return "{\"Conditions\": {\"C\": {\"Fn::Equals\": [\"a\", \"b\"]}}, \"Resources\": {\"Db\":"
        + " {\"Type\": \"AWS::RDS::DBInstance\", \"Properties\": {\"PubliclyAccessible\": "
        + value
        + "}}}}";
  }

  private static String megabyteString() {
    return "Resources:\n  Function:\n    Type: AWS::Lambda::Function\n    Properties:\n"
        + "      Environment:\n        Variables:\n          PASSWORD: '"
        + "a*".repeat(500_000)
        + "'\n";
  }

  private static String megabyteAction() {
    return "Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n"
        + "      PolicyDocument:\n        Statement:\n          - Effect: Allow\n"
        + "            Resource: '*'\n            Action: '"
        + "*a".repeat(500_000)
        + "'\n";
  }

  private static String manyResources() {
    StringBuilder yaml = new StringBuilder("Resources:\n");
    for (int i = 0; i < 500; i++) {
      yaml.append("  Group")
          .append(i)
          .append(":\n    Type: AWS::EC2::SecurityGroup\n")
          .append("    DependsOn: Group")
          .append((i + 1) % 500)
          .append('\n')
          .append("    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n")
          .append("        - {IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 0.0.0.0/0}\n");
    }
    return yaml.toString();
  }

  /** The reader refuses the text (a TemplateException with its reason). */
  private static final String REFUSED = "refused";

  /** Read and checked; no particular rule expected. */
  private static final String NONE = "none";

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("nesting just inside the reader's limit", nested(92), NONE),
        Arguments.of("nesting beyond the reader's limit", nested(150), REFUSED),
        Arguments.of("30 nested Fn::If", nestedIf(30), "FB-RDS-001"),
        Arguments.of("a 1 MB secret-looking value", megabyteString(), "FB-SECRET-003"),
        Arguments.of("a 1 MB wildcard action", megabyteAction(), "FB-IAM-002"),
        Arguments.of(
            "unicode logical id",
            "Resources:\n  Bücket名:\n    Type: AWS::S3::Bucket\n",
            "FB-S3-005"),
        Arguments.of(
            "unicode everywhere else",
            "Parameters:\n"
                + "  Pässwörd:\n"
                + "    Type: String\n"
                + "    Default: 秘密\n"
                + "Resources:\n"
                + "  Bucket:\n"
                + "    Type: AWS::S3::Bucket\n"
                + "    Metadata:\n"
                + "      fogbank:\n"
                + "        suppress:\n"
                + "          - rule: FB-S3-00\u0661\n"
                + "            reason: '\u202e'\n"
                + "    Properties:\n"
                + "      AccessControl: PublicRead\u200b\n",
            "FB-META-002"),
        Arguments.of(
            "invalid intrinsics",
            """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  AccessControl: !Select [7, !Split [',', !GetAtt Nowhere.Arn]]
                  BucketName: !FindInMap [NoMap, !Ref Missing, !Ref 'AWS::Region']
                  PublicAccessBlockConfiguration: !Join ['', !Ref Nothing]
              Policy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Sub '${Undefined}'
                  PolicyDocument: !Base64 not-a-policy
            """,
            "FB-S3-006"),
        Arguments.of(
            "self-referencing Fn::Sub",
            """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: {AWS: !Sub ['${A}', {A: !Sub '${A}'}]}
                        Action: sts:AssumeRole
                  ManagedPolicyArns: [!Sub '${Role.Arn}']
            """,
            NONE),
        Arguments.of("a DependsOn cycle over 500 resources", manyResources(), "FB-EC2-003"),
        Arguments.of(
            "wrong shapes where rules look",
            """
            Metadata:
              fogbank: {suppress: not-a-list}
            Parameters:
              Token: {Type: String, Default: 42}
            Resources:
              Group:
                Type: AWS::EC2::SecurityGroup
                Metadata:
                  fogbank:
                    suppress: [7, {rule: [a]}, {rule: FB-EC2-003, reason: {x: 1}}]
                Properties:
                  SecurityGroupIngress: just-a-string
              Ingress:
                Type: AWS::EC2::SecurityGroupIngress
                Properties: {IpProtocol: tcp, FromPort: abc, ToPort: [1], CidrIp: 0.0.0.0/0}
              Policy:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyDocument:
                    Statement: [a-string, {Effect: [Allow], Action: {x: y}, Principal: 5}]
              Key:
                Type: AWS::KMS::Key
                Properties: {KeyPolicy: {Statement: {Effect: Allow, Principal: {AWS: [[ '*' ]]}}}}
              Function:
                Type: AWS::Lambda::Function
                Properties:
                  Environment: {Variables: [PASSWORD, x]}
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions: [{Environment: [{Name: 5, Value: x}, {Name: SECRET}]}]
            """,
            "FB-META-002"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void check_whenHostileTemplate_thenFindingsOrRefusalNeverACrash(
      String name, String text, String expected) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (expected.equals(REFUSED)) {
      TemplateException refused =
          assertThrows(TemplateException.class, () -> TemplateReader.readSource(bytes), name);
      assertFalse(refused.getMessage().isBlank(), name);
      return;
    }
    SourceTemplate source = TemplateReader.readSource(bytes);
    List<Finding> findings =
        assertDoesNotThrow(() -> SecurityRules.standard().check(source, Map.of()), name);
    if (!expected.equals(NONE)) {
      assertTrue(
          findings.stream().anyMatch(f -> f.ruleId().equals(expected)),
          name + ": " + expected + " expected in " + findings.stream().limit(5).toList());
    }
  }

  /** Values of every shape a rule might not expect where it reads a scalar, list or map. */
  private static final List<String> ODD_VALUES =
      List.of(
          "[a, 7]",
          "{x: 1}",
          "7",
          "''",
          "'*'",
          "!GetAtt Other.Arn",
          "!If [C, [1, {y: 2}], !Ref 'AWS::NoValue']",
          "!Sub '${AWS::Region}-${Missing}'",
          "!Join [',', !Ref Missing]");

  static Stream<Arguments> mutatedSnippets() {
    Stream.Builder<Arguments> out = Stream.builder();
    for (RuleDescription rule : SecurityRules.catalogue()) {
      for (String kind : List.of("fail", "pass")) {
        String text = new String(RuleSnippets.bytes(rule.id(), kind), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          int colon = line.indexOf(": ");
          if (colon < 0 || line.strip().startsWith("Type:")) {
            continue;
          }
          for (String odd : ODD_VALUES) {
            List<String> mutated = new java.util.ArrayList<>(lines);
            mutated.set(i, line.substring(0, colon + 2) + odd);
            out.add(
                Arguments.of(
                    rule.id() + "/" + kind + " line " + (i + 1) + " = " + odd,
                    "Conditions:\n  C: !Equals [a, b]\n" + String.join("\n", mutated) + "\n"));
          }
        }
      }
    }
    return out.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutatedSnippets")
  void check_whenAnySnippetValueHasAnOddShape_thenNoException(String name, String text) {
    SourceTemplate source;
    try {
      source = TemplateReader.readSource(text.getBytes(StandardCharsets.UTF_8));
    } catch (TemplateException refused) {
      return; // the reader's refusal is a clear error already (e.g. a list where a name goes)
    }
    assertDoesNotThrow(() -> SecurityRules.standard().check(source, Map.of()), name);
  }
}
