package dev.fogbank.infrastructure.controlplane;

import dev.fogbank.shared.template.Fn;
import java.util.List;
import java.util.Map;

/**
 * The key policy of the notification topic's KMS key. In a key policy {@code "Resource": "*"}
 * means this key only. Every action is named (no {@code kms:*}):
 *
 * <ul>
 *   <li>the account (through IAM) administers the key: enough for CloudFormation to update its
 *       policy, rotate it and schedule its deletion, never to use it directly;
 *   <li>principals of this account may encrypt and decrypt through SNS only ({@code
 *       kms:ViaService}), as the AWS managed {@code aws/sns} key allows: the functions that publish
 *       need no KMS permission of their own;
 *   <li>AWS Budgets, Cost Anomaly Detection ({@code costalerts}) and CloudWatch alarms may make the
 *       data keys SNS needs to take their messages (what AWS documents for an encrypted topic they
 *       publish to); the topic policy limits Budgets and Cost Anomaly Detection to this account.
 * </ul>
 */
final class TopicKeyPolicy {
  /** Administration, named: PutKeyPolicy keeps CloudFormation's lockout safety check satisfied. */
  static final List<String> ADMINISTRATION =
      List.of(
          "kms:DescribeKey",
          "kms:GetKeyPolicy",
          "kms:PutKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:EnableKeyRotation",
          "kms:DisableKeyRotation",
          "kms:UpdateKeyDescription",
          "kms:EnableKey",
          "kms:DisableKey",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:ListResourceTags",
          "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion");

  /** What SNS needs of the key to take and deliver a message. */
  static final List<String> USE = List.of("kms:GenerateDataKey", "kms:Decrypt");

  /** The services that publish to the topic themselves. */
  static final List<String> PUBLISHING_SERVICES =
      List.of("budgets.amazonaws.com", "costalerts.amazonaws.com", "cloudwatch.amazonaws.com");

  private TopicKeyPolicy() {}

  static Map<String, Object> document() {
    Object account = Fn.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root");
    return PolicyDocument.of(
        Fn.map(
            "Sid", "KeyAdministration",
            "Effect", "Allow",
            "Principal", Fn.map("AWS", account),
            "Action", ADMINISTRATION,
            "Resource", "*"),
        Fn.map(
            "Sid", "PublishThroughSnsFromThisAccount",
            "Effect", "Allow",
            "Principal", Fn.map("AWS", "*"),
            "Action", USE,
            "Resource", "*",
            "Condition",
                Fn.map(
                    "StringEquals",
                    Fn.map(
                        "kms:CallerAccount", Fn.sub("${AWS::AccountId}"),
                        "kms:ViaService", Fn.sub("sns.${AWS::Region}.amazonaws.com")))),
        Fn.map(
            "Sid", "ServicesPublishToTheTopic",
            "Effect", "Allow",
            "Principal", Fn.map("Service", PUBLISHING_SERVICES),
            "Action", USE,
            "Resource", "*"));
  }
}
