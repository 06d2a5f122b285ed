package dev.fogbank.shared.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SecurityRulesTest {

  static Stream<String> ruleIds() {
    return SecurityRules.catalogue().stream().map(RuleDescription::id);
  }

  private static List<Finding> check(String yaml) {
    return check(yaml, Map.of());
  }

  private static List<Finding> check(String yaml, Map<String, String> parameters) {
    return check(yaml.getBytes(StandardCharsets.UTF_8), parameters);
  }

  private static List<Finding> check(byte[] yaml, Map<String, String> parameters) {
    SourceTemplate source = TemplateReader.readSource(yaml);
    return SecurityRules.standard().check(source, parameters);
  }

  private static List<Finding> of(List<Finding> findings, String ruleId) {
    return findings.stream().filter(f -> f.ruleId().equals(ruleId)).toList();
  }

  @Test
  void catalogue_whenListed_thenAtLeastThirtyRulesWithStableIds() {
    List<RuleDescription> rules = SecurityRules.catalogue();
    assertTrue(rules.size() >= 30, "rules: " + rules.size());
    for (RuleDescription r : rules) {
      assertTrue(r.id().matches("FB-[A-Z0-9]+-\\d{3}"), r.id());
      assertEquals(r, SecurityRules.describe(r.id()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleIds")
  void check_whenRuleFailSnippet_thenRaisesThatRuleWithLine(String ruleId) {
    byte[] fail = RuleSnippets.fail(ruleId);
    assertNotNull(fail, "no rules/" + ruleId + "/fail.yaml");
    List<Finding> raised = of(check(fail, Map.of()), ruleId);
    assertFalse(raised.isEmpty(), ruleId + " not raised by its fail snippet");
    for (Finding f : raised) {
      assertEquals(SecurityRules.describe(ruleId).severity(), f.severity());
      assertNotNull(f.position(), "no line for " + f);
      assertTrue(f.position().line() > 1, "line of the template's start for " + f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleIds")
  void check_whenRulePassSnippet_thenDoesNotRaiseThatRule(String ruleId) {
    byte[] pass = RuleSnippets.pass(ruleId);
    assertNotNull(pass, "no rules/" + ruleId + "/pass.yaml");
    assertEquals(List.of(), of(check(pass, Map.of()), ruleId));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleIds")
  void check_whenFailSnippetAgainstPassSnippet_thenOnlyThatRuleDiffers(String ruleId) {
    java.util.Set<String> raised = new java.util.TreeSet<>();
    check(RuleSnippets.fail(ruleId), Map.of()).forEach(f -> raised.add(f.ruleId()));
    check(RuleSnippets.pass(ruleId), Map.of()).forEach(f -> raised.remove(f.ruleId()));
    assertEquals(java.util.Set.of(ruleId), raised);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleIds")
  void requireValid_whenRuleSnippet_thenCloudFormationWouldAcceptIt(String ruleId) {
    for (byte[] snippet : List.of(RuleSnippets.fail(ruleId), RuleSnippets.pass(ruleId))) {
      TemplateReader.readSource(snippet).requireValid(ResourceSchemas.bundled());
    }
  }

  @Test
  void check_whenOrdinaryTemplate_thenNothingBlocks() {
    String yaml =
        """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault:
                      SSEAlgorithm: AES256
          Topic:
            Type: AWS::SNS::Topic
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
              KeySchema: [{AttributeName: pk, KeyType: HASH}]
        """;
    List<Finding> findings = check(yaml);
    assertFalse(findings.isEmpty(), "hardening warnings expected");
    assertTrue(
        findings.stream().noneMatch(f -> f.severity().atLeast(Severity.HIGH)), findings.toString());
  }

  @Test
  void check_whenPublicBucket_thenCriticalFindingNamesResourceAndLine() {
    String yaml =
        """
        Resources:
          Uploads:
            Type: AWS::S3::Bucket
            Properties:
              AccessControl: PublicReadWrite
        """;
    Finding f = of(check(yaml), "FB-S3-001").get(0);
    assertEquals("Uploads", f.resource());
    assertEquals("Resources.Uploads.Properties.AccessControl", f.path());
    assertEquals(5, f.position().line());
    assertTrue(f.message().contains("Uploads") && f.message().contains("remove"), f.message());
    assertEquals(Severity.CRITICAL, check(yaml).get(0).severity(), "worst first");
  }

  private static final String PORT_FROM_PARAMETER =
      """
      Parameters:
        Source:
          Type: String
          Default: 10.0.0.0/8
      Resources:
        Group:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: ssh
            SecurityGroupIngress:
              - IpProtocol: tcp
                FromPort: 22
                ToPort: 22
                CidrIp: !Ref Source
      """;

  @Test
  void check_whenRefToParameter_thenSuppliedValueOrDefaultDecides() {
    assertEquals(List.of(), of(check(PORT_FROM_PARAMETER), "FB-EC2-001"));
    List<Finding> open =
        of(check(PORT_FROM_PARAMETER, Map.of("Source", "0.0.0.0/0")), "FB-EC2-001");
    assertEquals(1, open.size());
    assertEquals(14, open.get(0).position().line());
  }

  @Test
  void check_whenValueUnknownUntilDeploy_thenNoFinding() {
    String yaml =
        """
        Parameters:
          Acl:
            Type: String
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              AccessControl: !Ref Acl
          Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ssh
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: !ImportValue shared-cidr
        """;
    List<Finding> findings = check(yaml);
    assertTrue(
        findings.stream().noneMatch(f -> f.severity().atLeast(Severity.HIGH)), findings.toString());
  }

  @Test
  void check_whenOneBranchOfFnIfIsBad_thenFindingSaysSo() {
    String yaml =
        """
        Conditions:
          Public: !Equals [!Ref 'AWS::Region', eu-west-1]
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DBInstanceClass: db.t4g.micro
              StorageEncrypted: true
              PubliclyAccessible: !If [Public, true, false]
        """;
    List<Finding> raised = of(check(yaml), "FB-RDS-001");
    assertEquals(1, raised.size());
    assertTrue(raised.get(0).message().contains("one branch of its Fn::If"), raised.toString());
    assertEquals(10, raised.get(0).position().line());
  }

  @Test
  void check_whenJustifiedSuppression_thenFindingKeptAndMarked() {
    List<Finding> findings = check(RuleSnippets.pass("FB-META-001"), Map.of());
    Finding acl = of(findings, "FB-S3-002").get(0);
    assertTrue(acl.suppressed());
    assertEquals("public website bucket, approved in SEC-1234", acl.suppression().justification());
    assertEquals(List.of(), of(findings, "FB-META-001"));
  }

  @Test
  void check_whenSuppressionHasNoReason_thenMetaFindingAndNothingSuppressed() {
    List<Finding> findings = check(RuleSnippets.fail("FB-META-001"), Map.of());
    Finding meta = of(findings, "FB-META-001").get(0);
    assertEquals("Resources.Website.Metadata.fogbank.suppress[0]", meta.path());
    assertEquals(Severity.HIGH, meta.severity());
    assertFalse(of(findings, "FB-S3-002").get(0).suppressed());
  }

  @Test
  void check_whenSuppressionNamesUnknownRule_thenLowMetaFinding() {
    List<Finding> findings = check(RuleSnippets.fail("FB-META-002"), Map.of());
    Finding meta = of(findings, "FB-META-002").get(0);
    assertTrue(meta.message().contains("FB-SNS-01"), meta.message());
    assertFalse(of(findings, "FB-SNS-001").get(0).suppressed());
  }

  @Test
  void check_whenTemplateMetadataSuppressesParameterRule_thenParameterFindingSuppressed() {
    String yaml =
        """
        Metadata:
          fogbank:
            suppress:
              - rule: FB-SECRET-002
                reason: the token is a public demo key
        Parameters:
          ApiToken:
            Type: String
        Resources:
          Topic:
            Type: AWS::SNS::Topic
        """;
    Finding f = of(check(yaml), "FB-SECRET-002").get(0);
    assertNull(f.resource());
    assertTrue(f.suppressed());
  }

  @Test
  void check_whenFindInMapSelectsPublicAcl_thenFinding() {
    String yaml =
        """
        Mappings:
          Stages:
            prod: {Acl: PublicRead}
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              AccessControl: !FindInMap [Stages, prod, Acl]
        """;
    assertEquals(1, of(check(yaml), "FB-S3-002").size());
  }

  @Test
  void check_whenAdminPolicyArnJoinedWithPartition_thenFinding() {
    String yaml =
        """
        Resources:
          Admins:
            Type: AWS::IAM::Group
            Properties:
              ManagedPolicyArns:
                - !Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::aws:policy/AdministratorAccess']]
        """;
    Finding f = of(check(yaml), "FB-IAM-005").get(0);
    assertEquals("Resources.Admins.Properties.ManagedPolicyArns[0]", f.path());
  }

  @Test
  void check_whenPortRangeCoversSsh_thenAdminPortFindingNotAllPorts() {
    String yaml =
        """
        Resources:
          Ingress:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: sg-0123456789abcdef0
              IpProtocol: tcp
              FromPort: 0
              ToPort: 1024
              CidrIp: 0.0.0.0/0
        """;
    List<Finding> findings = check(yaml);
    assertEquals(1, of(findings, "FB-EC2-001").size());
    assertEquals(List.of(), of(findings, "FB-EC2-003"));
  }

  @Test
  void check_whenWildcardActionCoversPassRole_thenPassRoleFinding() {
    String yaml =
        """
        Resources:
          Policy:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: iam:Pass*
                    Resource: '*'
        """;
    assertEquals(1, of(check(yaml), "FB-IAM-006").size());
  }

  @Test
  void check_whenCredentialInEcsEnvironment_thenSecretFindingAtThatValue() {
    String yaml =
        """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  Image: nginx
                  Environment:
                    - Name: REGION
                      Value: eu-west-1
                    - Name: AWS_KEY
                      Value: AKIAIOSFODNN7EXAMPLE
        """;
    Finding f = of(check(yaml), "FB-SECRET-003").get(0);
    assertEquals(
        "Resources.Task.Properties.ContainerDefinitions[0].Environment[1].Value", f.path());
    assertEquals(12, f.position().line());
  }
}
