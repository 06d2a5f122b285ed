package dev.fogbank.infrastructure.bootstrap;

import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutPublicAccessBlockRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The one place where bootstrap's records meet S3's shapes (CloudFormation's are shared.stack's
 * translator's). Nothing here calls AWS.
 */
final class BootstrapTranslator {

  private BootstrapTranslator() {}

  // --- S3: the artifacts bucket, set up as CDK's bootstrap sets up its own -----------------

  static CreateBucketRequest createBucket(String bucket, String region) {
    CreateBucketRequest.Builder builder = CreateBucketRequest.builder().bucket(bucket);
    // us-east-1 is S3's default location and must not be named as a constraint.
    if (!region.equals("us-east-1")) {
      builder.createBucketConfiguration(
          c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
    }
    return builder.build();
  }

  static PutBucketVersioningRequest versioning(String bucket) {
    return PutBucketVersioningRequest.builder()
        .bucket(bucket)
        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))
        .build();
  }

  static PutBucketEncryptionRequest defaultEncryption(String bucket) {
    return PutBucketEncryptionRequest.builder()
        .bucket(bucket)
        .serverSideEncryptionConfiguration(
            c ->
                c.rules(
                    r ->
                        r.applyServerSideEncryptionByDefault(
                            d -> d.sseAlgorithm(ServerSideEncryption.AES256))))
        .build();
  }

  static PutPublicAccessBlockRequest publicAccessBlock(String bucket) {
    return PutPublicAccessBlockRequest.builder()
        .bucket(bucket)
        .publicAccessBlockConfiguration(
            c ->
                c.blockPublicAcls(true)
                    .ignorePublicAcls(true)
                    .blockPublicPolicy(true)
                    .restrictPublicBuckets(true))
        .build();
  }

  static PutBucketPolicyRequest tlsOnlyPolicy(String bucket, String region) {
    return PutBucketPolicyRequest.builder()
        .bucket(bucket)
        .policy(tlsOnlyPolicyJson(bucket, region))
        .build();
  }

  /** Denies every request that does not arrive over TLS. */
  static String tlsOnlyPolicyJson(String bucket, String region) {
    String arn = "arn:" + partition(region) + ":s3:::" + bucket;
    return """
    {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny",\
    "Principal":"*","Action":"s3:*","Resource":["%s","%s/*"],\
    "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}\
    """
        .formatted(arn, arn);
  }

  static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }
}
