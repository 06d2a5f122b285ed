package dev.fogbank.infrastructure.controlplane;

import dev.fogbank.shared.template.Fn;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource kinds the deployment role may manage by default, and what drift detection reads
 * of them. A stack with another kind needs {@code DeploymentPolicyArns} (or
 * {@code DeploymentRoleAdministrator=true}); its drift shows as not checked unless the drift role
 * is given the reads too. Every action is named (no wildcard), every resource is this account's
 * and region's ARN of that kind (S3 bucket ARNs carry neither: any bucket name).
 */
final class DeploymentPolicies {
  /** One kind: the ARN pattern of its resources, what reads it, what changes it. */
  record Kind(String name, String arn, List<String> reads, List<String> writes) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind(
              "S3 buckets",
              "arn:${AWS::Partition}:s3:::*",
              List.of(
                  "s3:GetBucketLocation",
                  "s3:GetBucketTagging",
                  "s3:GetBucketVersioning",
                  "s3:GetEncryptionConfiguration",
                  "s3:GetBucketPublicAccessBlock",
                  "s3:GetBucketPolicy",
                  "s3:GetLifecycleConfiguration",
                  "s3:GetBucketOwnershipControls"),
              List.of(
                  "s3:CreateBucket",
                  "s3:DeleteBucket",
                  "s3:PutBucketTagging",
                  "s3:PutBucketVersioning",
                  "s3:PutEncryptionConfiguration",
                  "s3:PutBucketPublicAccessBlock",
                  "s3:PutBucketPolicy",
                  "s3:DeleteBucketPolicy",
                  "s3:PutLifecycleConfiguration",
                  "s3:PutBucketOwnershipControls")),
          new Kind(
              "SNS topics",
              "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*",
              List.of("sns:GetTopicAttributes", "sns:ListTagsForResource"),
              List.of(
                  "sns:CreateTopic",
                  "sns:DeleteTopic",
                  "sns:SetTopicAttributes",
                  "sns:TagResource",
                  "sns:UntagResource")),
          new Kind(
              "SQS queues",
              "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*",
              List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"),
              List.of(
                  "sqs:CreateQueue",
                  "sqs:DeleteQueue",
                  "sqs:SetQueueAttributes",
                  "sqs:TagQueue",
                  "sqs:UntagQueue")),
          new Kind(
              "DynamoDB tables",
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*",
              List.of(
                  "dynamodb:DescribeTable",
                  "dynamodb:DescribeTimeToLive",
                  "dynamodb:DescribeContinuousBackups",
                  "dynamodb:ListTagsOfResource"),
              List.of(
                  "dynamodb:CreateTable",
                  "dynamodb:DeleteTable",
                  "dynamodb:UpdateTable",
                  "dynamodb:UpdateTimeToLive",
                  "dynamodb:UpdateContinuousBackups",
                  "dynamodb:TagResource",
                  "dynamodb:UntagResource")),
          new Kind(
              "CloudWatch Logs log groups",
              "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*",
              List.of("logs:DescribeLogGroups", "logs:ListTagsForResource"),
              List.of(
                  "logs:CreateLogGroup",
                  "logs:DeleteLogGroup",
                  "logs:PutRetentionPolicy",
                  "logs:DeleteRetentionPolicy",
                  "logs:TagResource",
                  "logs:UntagResource")));

  private DeploymentPolicies() {}

  /** The deployment role's default: read and change each kind, in this account and region. */
  static PolicyDocument narrowDefault() {
    PolicyDocument policy = PolicyDocument.create();
    for (Kind kind : KINDS) {
      List<String> actions = new ArrayList<>(kind.reads());
      actions.addAll(kind.writes());
      policy.allow(actions, Fn.sub(kind.arn()));
    }
    return policy;
  }

  /** What drift detection reads of each kind, added to the drift scan's own policy. */
  static PolicyDocument driftReads(PolicyDocument policy) {
    for (Kind kind : KINDS) {
      policy.allow(kind.reads(), Fn.sub(kind.arn()));
    }
    return policy;
  }
}
