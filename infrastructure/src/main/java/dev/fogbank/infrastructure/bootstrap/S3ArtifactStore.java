package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * {@link ArtifactStore} over S3. A refusal by S3 (a 4xx that is not throttling: a missing
 * permission, a bucket policy, a bucket name S3 will not take) is INVALID_REQUEST with S3's own
 * reason: the operator's credentials or bucket must change, and bootstrapping again will not help.
 */
public final class S3ArtifactStore implements ArtifactStore {

  private final S3Client s3;
  private final String region;
  private final boolean tlsOnly;

  /**
   * @param tlsOnly give the bucket a policy denying requests without TLS; false only for an
   *     endpoint reached over plain HTTP (an emulator), which such a policy would lock out (moto
   *     enforces it)
   */
  public S3ArtifactStore(S3Client s3, String region, boolean tlsOnly) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.region = Objects.requireNonNull(region, "region");
    this.tlsOnly = tlsOnly;
  }

  @Override
  public boolean ensureBucket(String bucket) {
    boolean created = false;
    if (!bucketExists(bucket)) {
      created = create(bucket);
    }
    secure(bucket);
    return created;
  }

  /** Whether the bucket exists (and these credentials may use it). */
  private boolean bucketExists(String bucket) {
    try {
      s3.headBucket(r -> r.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (AwsServiceException e) {
      // HEAD has no body: S3 answers a bare status.
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 403) {
        throw new BootstrapException(
            ErrorCode.INVALID_REQUEST,
            "bucket '"
                + bucket
                + "' exists but these credentials may not use it (another account owns it, or"
                + " s3:ListBucket is missing)",
            e);
      }
      if (e.statusCode() == 301) {
        throw new BootstrapException(
            ErrorCode.INVALID_REQUEST,
            "bucket '" + bucket + "' exists in another region than " + region,
            e);
      }
      throw AwsFailures.failure(
          "S3 HeadBucket for bucket '" + bucket + "'", e, ErrorCode.INVALID_REQUEST);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 HeadBucket for bucket '" + bucket + "'", e, ErrorCode.INVALID_REQUEST);
    }
  }

  private boolean create(String bucket) {
    try {
      s3.createBucket(BootstrapTranslator.createBucket(bucket, region));
      return true;
    } catch (BucketAlreadyOwnedByYouException e) {
      return false; // created meanwhile by another run of ours
    } catch (BucketAlreadyExistsException e) {
      throw new BootstrapException(
          ErrorCode.INVALID_REQUEST,
          "bucket name '" + bucket + "' is taken by another AWS account; bucket names are global",
          e);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 CreateBucket for bucket '" + bucket + "'", e, ErrorCode.INVALID_REQUEST);
    }
  }

  private void secure(String bucket) {
    String call = "S3 bucket settings for '" + bucket + "'";
    try {
      s3.putBucketVersioning(BootstrapTranslator.versioning(bucket));
      s3.putBucketEncryption(BootstrapTranslator.defaultEncryption(bucket));
      s3.putPublicAccessBlock(BootstrapTranslator.publicAccessBlock(bucket));
      if (tlsOnly) {
        s3.putBucketPolicy(BootstrapTranslator.tlsOnlyPolicy(bucket, region));
      }
    } catch (SdkException e) {
      throw AwsFailures.failure(call, e, ErrorCode.INVALID_REQUEST);
    }
  }

  @Override
  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (AwsServiceException e) {
      // A missing key is a bare 404; without s3:ListBucket S3 says 403 instead. Uploading is safe
      // either way: the key names the content.
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return false;
      }
      throw AwsFailures.failure(
          "S3 HeadObject of " + location(bucket, key), e, ErrorCode.INVALID_REQUEST);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 HeadObject of " + location(bucket, key), e, ErrorCode.INVALID_REQUEST);
    }
  }

  @Override
  public void upload(String bucket, Artifact artifact) {
    RequestBody body =
        switch (artifact.source()) {
          case Artifact.FileSource file -> RequestBody.fromFile(file.path());
          case Artifact.BytesSource bytes -> RequestBody.fromBytes(bytes.bytes());
        };
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(artifact.key()).contentType(artifact.contentType()), body);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 PutObject of " + artifact.name() + " to " + location(bucket, artifact.key()),
          e,
          ErrorCode.INVALID_REQUEST);
    }
  }

  @Override
  public Optional<String> put(String bucket, String key, byte[] body, String contentType) {
    try {
      PutObjectResponse response =
          s3.putObject(
              r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
      return Optional.ofNullable(response.versionId())
          .filter(v -> !v.isBlank() && !v.equals("null"));
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 PutObject of " + location(bucket, key), e, ErrorCode.INVALID_REQUEST);
    }
  }

  @Override
  public Optional<byte[]> read(String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "S3 GetObject of " + location(bucket, key), e, ErrorCode.INVALID_REQUEST);
    }
  }

  @Override
  public StoredTemplate putTemplate(String bucket, byte[] body) {
    return new S3TemplateStore(s3, bucket).put(body);
  }

  private static String location(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }
}
