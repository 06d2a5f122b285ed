package dev.fogbank.shared.rules.bench;

import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The full validation of a template as the Validate step runs it (read with positions, check
 * against the resource schemas, run the security rules) over a generated 500-resource template, for
 * {@code ./scripts/bench}: writes the template to the given file (so that cfn-lint reads the same
 * one), then times the first validation in a fresh JVM and {@code runs} warm ones after as many
 * warm-up rounds (none with {@code runs} 0). Prints one JSON line. Each group's queue has no
 * customer managed key, so the rules report (LOW) findings as they would on a real stack.
 *
 * <p>Usage: {@code java -cp ... dev.fogbank.shared.rules.bench.ValidateBenchmark FILE [runs]}
 */
public final class ValidateBenchmark {

  private ValidateBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Files.writeString(file, template(50));
    byte[] bytes = Files.readAllBytes(file);
    long start = System.nanoTime();
    int findings = validate(bytes);
    double firstMs = (System.nanoTime() - start) / 1e6;
    if (runs == 0) {
      // One validation in a fresh JVM: what a `validate` command costs, timed from outside.
      System.out.printf("{\"first_ms\": %.2f, \"findings\": %d}%n", firstMs, findings);
      return;
    }
    for (int i = 0; i < runs; i++) {
      validate(bytes);
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      validate(bytes);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "{\"first_ms\": %.2f, \"warm_p50_ms\": %.3f, \"warm_p95_ms\": %.3f, \"runs\": %d,"
            + " \"bytes\": %d, \"resources\": %d, \"findings\": %d}%n",
        firstMs,
        ms[runs / 2],
        ms[(int) Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)],
        runs,
        bytes.length,
        TemplateReader.read(bytes).resources().size(),
        findings);
  }

  private static int validate(byte[] bytes) {
    SourceTemplate source = TemplateReader.readSource(bytes);
    source.requireValid(ResourceSchemas.bundled());
    List<Finding> findings = SecurityRules.standard().check(source, Map.of());
    return findings.size();
  }

  /** {@code groups} groups of ten resources of ten types, with the properties real stacks set. */
  static String template(int groups) {
    StringBuilder y = new StringBuilder();
    y.append("AWSTemplateFormatVersion: '2010-09-09'\n")
        .append("Description: generated for fogbank's validation benchmark\n")
        .append("Parameters:\n  Stage:\n    Type: String\n    AllowedValues: [dev, prod]\n")
        .append("    Default: dev\n  OfficeCidr:\n    Type: String\n    Default: 203.0.113.0/24\n")
        .append("Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n")
        .append("Resources:\n");
    for (int i = 0; i < groups; i++) {
      String n = String.valueOf(i);
      y.append(
          """
            Key%1$s:
              Type: AWS::KMS::Key
              DeletionPolicy: Retain
              UpdateReplacePolicy: Retain
              Properties:
                Description: key %1$s
                EnableKeyRotation: true
                KeyPolicy:
                  Version: '2012-10-17'
                  Statement:
                    - Sid: Root
                      Effect: Allow
                      Principal:
                        AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root
                      Action: kms:*
                      Resource: '*'
            Bucket%1$s:
              Type: AWS::S3::Bucket
              DeletionPolicy: Retain
              UpdateReplacePolicy: Retain
              Properties:
                BucketName: !Sub app-${Stage}-data-%1$s-${AWS::AccountId}
                VersioningConfiguration:
                  Status: Enabled
                BucketEncryption:
                  ServerSideEncryptionConfiguration:
                    - ServerSideEncryptionByDefault:
                        SSEAlgorithm: aws:kms
                        KMSMasterKeyID: !GetAtt Key%1$s.Arn
                PublicAccessBlockConfiguration:
                  BlockPublicAcls: true
                  BlockPublicPolicy: true
                  IgnorePublicAcls: true
                  RestrictPublicBuckets: true
                Tags:
                  - Key: stage
                    Value: !Ref Stage
            BucketPolicy%1$s:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: !Ref Bucket%1$s
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Deny
                      Principal: '*'
                      Action: 's3:*'
                      Resource:
                        - !GetAtt Bucket%1$s.Arn
                        - !Sub '${Bucket%1$s.Arn}/*'
                      Condition:
                        Bool:
                          aws:SecureTransport: false
            Queue%1$s:
              Type: AWS::SQS::Queue
              Properties:
                VisibilityTimeout: 120
                MessageRetentionPeriod: 1209600
            Topic%1$s:
              Type: AWS::SNS::Topic
              Properties:
                KmsMasterKeyId: !Ref Key%1$s
                DisplayName: !Sub events ${Stage} %1$s
            Table%1$s:
              Type: AWS::DynamoDB::Table
              DeletionPolicy: Retain
              UpdateReplacePolicy: Retain
              Properties:
                BillingMode: PAY_PER_REQUEST
                AttributeDefinitions:
                  - AttributeName: pk
                    AttributeType: S
                  - AttributeName: sk
                    AttributeType: S
                KeySchema:
                  - AttributeName: pk
                    KeyType: HASH
                  - AttributeName: sk
                    KeyType: RANGE
                SSESpecification:
                  SSEEnabled: true
                  SSEType: KMS
                  KMSMasterKeyId: !Ref Key%1$s
                PointInTimeRecoverySpecification:
                  PointInTimeRecoveryEnabled: !If [IsProd, true, false]
            Role%1$s:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal:
                        Service: lambda.amazonaws.com
                      Action: sts:AssumeRole
                ManagedPolicyArns:
                  - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
                Policies:
                  - PolicyName: data
                    PolicyDocument:
                      Version: '2012-10-17'
                      Statement:
                        - Effect: Allow
                          Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
                          Resource: !GetAtt Table%1$s.Arn
                        - Effect: Allow
                          Action: [sqs:SendMessage]
                          Resource: !GetAtt Queue%1$s.Arn
                        - Effect: Allow
                          Action: [s3:GetObject, s3:PutObject]
                          Resource: !Sub '${Bucket%1$s.Arn}/*'
            Logs%1$s:
              Type: AWS::Logs::LogGroup
              Properties:
                LogGroupName: !Sub /aws/lambda/app-${Stage}-%1$s
                RetentionInDays: 30
            Function%1$s:
              Type: AWS::Lambda::Function
              DependsOn: Logs%1$s
              Properties:
                FunctionName: !Sub app-${Stage}-%1$s
                Runtime: java21
                Handler: dev.example.Handler::handleRequest
                MemorySize: 1024
                Timeout: 30
                Role: !GetAtt Role%1$s.Arn
                Code:
                  S3Bucket: !Ref Bucket%1$s
                  S3Key: function.zip
                Environment:
                  Variables:
                    TABLE: !Ref Table%1$s
                    QUEUE_URL: !Ref Queue%1$s
                    STAGE: !Ref Stage
            Group%1$s:
              Type: AWS::EC2::SecurityGroup
              Properties:
                GroupDescription: app %1$s
                VpcId: vpc-0123456789abcdef0
                SecurityGroupIngress:
                  - IpProtocol: tcp
                    FromPort: 443
                    ToPort: 443
                    CidrIp: !Ref OfficeCidr
                    Description: office
          """
              .formatted(n));
    }
    return y.toString();
  }
}
