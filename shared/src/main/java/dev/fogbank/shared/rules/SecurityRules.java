package dev.fogbank.shared.rules;

import static dev.fogbank.shared.rules.Severity.CRITICAL;
import static dev.fogbank.shared.rules.Severity.HIGH;
import static dev.fogbank.shared.rules.Severity.LOW;
import static dev.fogbank.shared.rules.Severity.MEDIUM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fogbank's standard security and hygiene rules, and their catalogue.
 *
 * <p>Severity follows exposure: something the template explicitly opens (a public ACL, {@code
 * Principal: *}, 0.0.0.0/0 on an admin port, an admin policy, a privilege escalation path) is
 * CRITICAL or HIGH and blocks by default; hardening that is missing where AWS's own default is
 * already safe (SQS, SNS and DynamoDB encrypt at rest without a customer key, new buckets block
 * public access) is MEDIUM or LOW and only warns.
 */
public final class SecurityRules {

  private static final List<RuleDescription> CATALOGUE =
      List.of(
          rule(
              "FB-S3-001", CRITICAL, "S3 bucket with a public read-write ACL", "F14", "CKV_AWS_57"),
          rule(
              "FB-S3-002",
              HIGH,
              "S3 bucket with a public read ACL (PublicRead, AuthenticatedRead)",
              "W31",
              "CKV_AWS_20"),
          rule(
              "FB-S3-003",
              CRITICAL,
              "S3 bucket policy allowing Principal * without a condition",
              "F16",
              null),
          rule(
              "FB-S3-004",
              HIGH,
              "S3 bucket public access block with a setting switched off",
              null,
              "CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56"),
          rule(
              "FB-S3-005",
              LOW,
              "S3 bucket without an explicit public access block (AWS blocks by default)",
              null,
              "CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56"),
          rule(
              "FB-S3-006",
              LOW,
              "S3 bucket without explicit default encryption (AWS applies SSE-S3 by default)",
              "W41",
              "CKV_AWS_19"),
          rule(
              "FB-S3-007",
              MEDIUM,
              "S3 bucket without a policy denying requests that do not use TLS",
              null,
              null),
          rule(
              "FB-EC2-001",
              CRITICAL,
              "Security group ingress from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389)",
              "W2",
              "CKV_AWS_24, CKV_AWS_25"),
          rule(
              "FB-EC2-002",
              HIGH,
              "Security group ingress from 0.0.0.0/0 or ::/0 to a database port",
              "W2",
              null),
          rule(
              "FB-EC2-003",
              HIGH,
              "Security group ingress from 0.0.0.0/0 or ::/0 on all ports or all protocols",
              "W2, W42",
              null),
          rule("FB-EC2-004", MEDIUM, "EBS volume without encryption", "F1", "CKV_AWS_3"),
          rule(
              "FB-IAM-001",
              CRITICAL,
              "IAM statement allowing every action (Action: *)",
              "F3, F4, F5",
              "CKV_AWS_62, CKV_AWS_63"),
          rule(
              "FB-IAM-002",
              MEDIUM,
              "IAM statement allowing write actions on every resource (Resource: *)",
              "W11, W12, W13",
              "CKV_AWS_111"),
          rule(
              "FB-IAM-003",
              HIGH,
              "IAM statement combining Allow with NotAction",
              "W14, W15, W16, W17",
              null),
          rule(
              "FB-IAM-004",
              HIGH,
              "IAM statement combining Allow with NotResource",
              "W21, W22, W23",
              null),
          rule(
              "FB-IAM-005",
              CRITICAL,
              "AdministratorAccess or IAMFullAccess managed policy attached",
              "W43, W44",
              null),
          rule(
              "FB-IAM-006",
              CRITICAL,
              "IAM statement allowing iam:PassRole on every resource",
              "F38, F39, F40",
              "CKV_AWS_110"),
          rule(
              "FB-IAM-007",
              HIGH,
              "IAM statement allowing a privilege escalation action (iam:CreatePolicyVersion,"
                  + " iam:Attach*Policy, iam:Put*Policy, ...) on a wildcard resource",
              null,
              "CKV_AWS_110"),
          rule(
              "FB-IAM-008",
              HIGH,
              "IAM statement allowing sts:AssumeRole on every resource",
              null,
              null),
          rule(
              "FB-IAM-009",
              CRITICAL,
              "IAM role trust policy letting any principal (*) assume the role",
              null,
              "CKV_AWS_60"),
          rule("FB-RDS-001", HIGH, "RDS DB instance publicly accessible", "F22", "CKV_AWS_17"),
          rule(
              "FB-RDS-002",
              MEDIUM,
              "RDS DB instance or cluster without storage encryption",
              "F26, F27",
              "CKV_AWS_16"),
          rule("FB-EFS-001", MEDIUM, "EFS file system without encryption", "F32", "CKV_AWS_42"),
          rule(
              "FB-SQS-001",
              LOW,
              "SQS queue without a customer managed KMS key",
              "W48",
              "CKV_AWS_27"),
          rule(
              "FB-SQS-002",
              CRITICAL,
              "SQS queue policy allowing Principal * without a condition",
              "F21",
              null),
          rule(
              "FB-SNS-001",
              LOW,
              "SNS topic without a customer managed KMS key",
              "W47",
              "CKV_AWS_26"),
          rule(
              "FB-SNS-002",
              CRITICAL,
              "SNS topic policy allowing Principal * without a condition",
              "F18",
              null),
          rule(
              "FB-DDB-001",
              LOW,
              "DynamoDB table without a KMS key (encrypted with an AWS owned key)",
              "W74",
              "CKV_AWS_119"),
          rule(
              "FB-KINESIS-001",
              MEDIUM,
              "Kinesis stream without server-side encryption",
              "W49",
              "CKV_AWS_43"),
          rule(
              "FB-REDSHIFT-001",
              MEDIUM,
              "Redshift cluster without encryption",
              "F28",
              "CKV_AWS_64"),
          rule(
              "FB-KMS-001",
              MEDIUM,
              "Symmetric KMS key without automatic rotation",
              "F19",
              "CKV_AWS_7"),
          rule(
              "FB-KMS-002",
              CRITICAL,
              "KMS key policy allowing Principal * without a condition",
              "F76",
              "CKV_AWS_33"),
          rule(
              "FB-LAMBDA-001",
              HIGH,
              "Lambda function URL with AuthType NONE (anyone on the internet can invoke it)",
              null,
              "CKV_AWS_258"),
          rule(
              "FB-LAMBDA-002",
              HIGH,
              "Lambda permission for Principal * without SourceArn, SourceAccount or"
                  + " PrincipalOrgID",
              "F13",
              null),
          rule(
              "FB-SECRET-001",
              HIGH,
              "Secret-looking parameter with a plain-text Default",
              null,
              null),
          rule(
              "FB-SECRET-002", MEDIUM, "Secret-looking parameter without NoEcho: true", null, null),
          rule(
              "FB-SECRET-003",
              HIGH,
              "Plain-text secret in a Lambda or ECS container environment variable",
              null,
              "CKV_AWS_45"),
          rule(
              "FB-SECRET-004",
              HIGH,
              "Password property given as plain text (or a parameter with a Default and no"
                  + " NoEcho) instead of a dynamic reference",
              "F23, F34, F35, F51",
              null),
          rule(
              "FB-LOGS-001",
              LOW,
              "CloudWatch Logs log group without RetentionInDays (kept forever)",
              "W86",
              "CKV_AWS_66"),
          rule(
              "FB-CT-001",
              MEDIUM,
              "CloudTrail trail without log file validation",
              null,
              "CKV_AWS_36"),
          rule(
              "FB-APIGW-001",
              MEDIUM,
              "API Gateway method or route without authorization",
              "W59",
              "CKV_AWS_59"),
          rule(
              "FB-ELB-001",
              MEDIUM,
              "Load balancer listener on plain HTTP that does not redirect to HTTPS",
              "W56",
              "CKV_AWS_2"),
          rule(
              "FB-DATA-001",
              LOW,
              "Stateful resource without DeletionPolicy (its data goes with the stack)",
              null,
              null),
          rule(
              "FB-DATA-002",
              LOW,
              "Stateful resource without UpdateReplacePolicy (a replacement deletes its data)",
              null,
              null),
          rule(
              "FB-META-001",
              HIGH,
              "Suppression without a justification (Metadata.fogbank.suppress[].reason)",
              null,
              null),
          rule("FB-META-002", LOW, "Suppression of a rule id fogbank does not have", null, null));

  private static final Map<String, RuleDescription> BY_ID = index();

  private SecurityRules() {}

  /** The standard rule set, every rule of {@link #catalogue()}. Stateless; thread-safe. */
  public static TemplateRules standard() {
    return (template, parameters) -> new Inspection(template, parameters).run();
  }

  /** Every rule, in id order by area, as documented in docs/rules.md. */
  public static List<RuleDescription> catalogue() {
    return CATALOGUE;
  }

  /** The rule with this id, or null. */
  public static RuleDescription describe(String ruleId) {
    return BY_ID.get(ruleId);
  }

  private static RuleDescription rule(
      String id, Severity severity, String title, String cfnNag, String checkov) {
    return new RuleDescription(id, severity, title, cfnNag, checkov);
  }

  private static Map<String, RuleDescription> index() {
    Map<String, RuleDescription> byId = new LinkedHashMap<>();
    for (RuleDescription d : CATALOGUE) {
      if (byId.put(d.id(), d) != null) {
        throw new IllegalStateException("duplicate rule id " + d.id());
      }
    }
    return Map.copyOf(byId);
  }
}
