package dev.fogbank.shared.drop;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads dropped objects from S3, refusing anything over CloudFormation's template limit. */
public final class S3DropSource implements DropSource {
  /** Bigger than any template or manifest can be: refuse before reading it all. */
  static final long MAX_OBJECT_BYTES = 1_048_576;

  private final S3Client s3;

  public S3DropSource(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Needs {@code s3:ListBucket} on the bucket as well as {@code s3:GetObject}: without it S3
   * answers a missing key with 403 instead of 404, and a missing manifest would look like an
   * outage.
   */
  @Override
  public Optional<DropFile> latest(String bucket, String key) {
    try {
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
        GetObjectResponse response = in.response();
        Long length = response.contentLength();
        if (length != null && length > MAX_OBJECT_BYTES) {
          in.abort();
          throw tooLarge(key, length);
        }
        byte[] bytes = in.readNBytes((int) MAX_OBJECT_BYTES + 1);
        if (bytes.length > MAX_OBJECT_BYTES) {
          throw tooLarge(key, bytes.length);
        }
        return Optional.of(new DropFile(key, version(response), bytes));
      }
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (DeploymentException e) {
      throw e;
    } catch (SdkException | IOException e) {
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
        key + " is " + size + " bytes; CloudFormation accepts templates up to 1,048,576 bytes");
  }
}
