package dev.fogbank.shared.drop;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.NotFoundException;
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

  @Override
  public byte[] read(String bucket, String key, String versionId) {
    try {
      GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
      if (versionId != null) {
        request.versionId(versionId);
      }
      try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build())) {
        Long length = in.response().contentLength();
        if (length != null && length > MAX_OBJECT_BYTES) {
          in.abort();
          throw tooLarge(key, length);
        }
        byte[] bytes = in.readNBytes((int) MAX_OBJECT_BYTES + 1);
        if (bytes.length > MAX_OBJECT_BYTES) {
          throw tooLarge(key, bytes.length);
        }
        return bytes;
      }
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("s3://" + bucket + "/" + key + " no longer exists");
    } catch (DeploymentException e) {
      throw e;
    } catch (SdkException | IOException e) {
      throw new AwsUnavailableException("reading s3://" + bucket + "/" + key + " failed", e);
    }
  }

  @Override
  public Optional<byte[]> readIfPresent(String bucket, String key) {
    try {
      return Optional.of(read(bucket, key, null));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static DeploymentException tooLarge(String key, long size) {
    return new DeploymentException(
        ErrorCode.TEMPLATE_TOO_LARGE,
        key + " is " + size + " bytes; CloudFormation accepts templates up to 1,048,576 bytes");
  }
}
