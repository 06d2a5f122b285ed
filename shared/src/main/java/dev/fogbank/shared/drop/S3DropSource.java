package dev.fogbank.shared.drop;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.template.TemplateLimits;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads dropped objects from S3, refusing anything over CloudFormation's template limit (a
 * manifest is held to the same limit): refused before reading it all.
 */
public final class S3DropSource implements DropSource {
  private final S3Client s3;

  public S3DropSource(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Needs {@code s3:ListBucket} on the bucket as well as {@code s3:GetObject}: without it S3
   * answers a missing key with 403 instead of 404, and a template dropped without a manifest would
   * be rejected as unreadable.
   */
  @Override
  public Optional<DropFile> latest(String bucket, String key) {
    try {
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
        GetObjectResponse response = in.response();
        Long length = response.contentLength();
        if (length != null && length > TemplateLimits.MAX_TEMPLATE_BYTES) {
          in.abort();
          throw tooLarge(key, length);
        }
        byte[] bytes = in.readNBytes(TemplateLimits.MAX_TEMPLATE_BYTES + 1);
        if (bytes.length > TemplateLimits.MAX_TEMPLATE_BYTES) {
          throw tooLarge(key, bytes.length);
        }
        return Optional.of(new DropFile(key, version(response), bytes));
      }
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (DeploymentException e) {
      throw e;
    } catch (SdkException e) {
      // A refusal (no s3:GetObject, a KMS key the control plane may not use) will meet every retry:
      // the drop is rejected with AWS's reason, for the uploader or an operator to fix.
      throw AwsFailures.failure(
          "S3 GetObject of s3://" + bucket + "/" + key, e, ErrorCode.INVALID_REQUEST);
    } catch (IOException e) {
      // The connection broke while reading the body: the next attempt may well succeed.
      throw new AwsUnavailableException("reading s3://" + bucket + "/" + key + " failed", e);
    }
  }

  /** S3 answers "null" as the version of an object written before versioning was enabled. */
  private static String version(GetObjectResponse response) {
    String versionId = response.versionId();
    if (versionId != null && !versionId.isBlank() && !"null".equals(versionId)) {
      return versionId;
    }
    return "etag:" + response.eTag() + "@" + response.lastModified();
  }

  private static DeploymentException tooLarge(String key, long size) {
    return new DeploymentException(
        ErrorCode.TEMPLATE_TOO_LARGE,
        key
            + " is "
            + size
            + " bytes; CloudFormation accepts templates up to "
            + TemplateLimits.MAX_TEMPLATE_BYTES
            + " bytes");
  }
}
