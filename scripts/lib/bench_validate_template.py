"""Writes a generated CloudFormation template of N resources (default 500) for bench-validate.sh.

A realistic mix with references between resources: encrypted buckets, queues with dead-letter
queues, topics with SQS subscriptions, tables, log groups, and roles reading a queue.
"""
import sys

n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
out = ["AWSTemplateFormatVersion: \"2010-09-09\"",
       "Description: generated for fogbank's validation benchmark",
       "Parameters:",
       "  Env:",
       "    Type: String",
       "    AllowedValues: [dev, prod]",
       "    Default: dev",
       "Resources:"]
count = 0
i = 0
while count < n:
    group = [
        f"""  Bucket{i}:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {{SSEAlgorithm: AES256}}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      Tags:
        - {{Key: env, Value: !Ref Env}}""",
        f"""  DeadLetter{i}:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
      SqsManagedSseEnabled: true""",
        f"""  Queue{i}:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      SqsManagedSseEnabled: true
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt DeadLetter{i}.Arn
        maxReceiveCount: 5""",
        f"""  Topic{i}:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${{AWS::StackName}}-topic-{i}"
      KmsMasterKeyId: alias/aws/sns""",
        f"""  Subscription{i}:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: sqs
      TopicArn: !Ref Topic{i}
      Endpoint: !GetAtt Queue{i}.Arn""",
        f"""  Table{i}:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {{AttributeName: pk, AttributeType: S}}
      KeySchema:
        - {{AttributeName: pk, KeyType: HASH}}
      SSESpecification: {{SSEEnabled: true}}""",
        f"""  Logs{i}:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30""",
        f"""  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-queue
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage]
                Resource: !GetAtt Queue{i}.Arn
              - Effect: Allow
                Action: [dynamodb:GetItem]
                Resource: !GetAtt Table{i}.Arn""",
    ]
    for g in group:
        if count < n:
            out.append(g)
            count += 1
    i += 1
out.append("Outputs:")
out.append("  FirstQueue:")
out.append("    Value: !GetAtt Queue0.Arn")
with open(sys.argv[1], "w") as f:
    f.write("\n".join(out) + "\n")
