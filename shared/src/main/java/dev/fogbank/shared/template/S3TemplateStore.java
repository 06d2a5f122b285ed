package dev.fogbank.shared.template;

import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link TemplateStore} in the artifacts bucket: {@code templates/<sha256>.template}. The key is
 * the content's hash, so storing is idempotent and a stored template never changes; the https URL
 * is what CloudFormation's TemplateURL needs for templates over 51,200 bytes. The bucket stays
 * private: CloudFormation reads the object with the permissions of whoever calls it.
 */
public final class S3TemplateStore implements TemplateStore {

  static final String PREFIX = "templates/";
  static final String SUFFIX = ".template";
  private static final Pattern LOCATION = Pattern.compile("s3://([^/]+)/(.+)");
  private static final Pattern CONTENT_KEY =
      Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{64})" + Pattern.quote(SUFFIX));

  private final S3Client s3;
  private final String bucket;
  private final S3Utilities urls;

  public S3TemplateStore(S3Client s3, String bucket) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    // The URL is for CloudFormation, which fetches it from its side: it must be S3's own public
    // form for the region, never the client's endpoint override. Emulators (moto, LocalStack)
    // map that form onto their S3 and cannot fetch their own http://127.0.0.1 address.
    this.urls = S3Utilities.builder().region(s3.serviceClientConfiguration().region()).build();
  }

  @Override
  public StoredTemplate put(byte[] body) {
    String sha256 = sha256(body);
    String key = PREFIX + sha256 + SUFFIX;
    if (!exists(key)) {
      try {
        s3.putObject(
            r -> r.bucket(bucket).key(key).contentType("text/plain; charset=utf-8"),
            RequestBody.fromBytes(body));
      } catch (SdkException e) {
        throw AwsFailures.failure("S3 PutObject of " + location(key), e, ErrorCode.INTERNAL);
      }
    }
    String url = urls.getUrl(r -> r.bucket(bucket).key(key)).toExternalForm();
    return new StoredTemplate(sha256, location(key), url);
  }

  @Override
  public byte[] get(String location) {
    Matcher m = location == null ? null : LOCATION.matcher(location);
    if (m == null || !m.matches()) {
      throw new InvalidRequestException(
          "template location must look like s3://bucket/key, got '" + location + "'");
    }
    String fromBucket = m.group(1);
    String key = m.group(2);
    byte[] body;
    try {
      body = s3.getObjectAsBytes(r -> r.bucket(fromBucket).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("template " + location + " does not exist", e);
    } catch (SdkException e) {
      throw AwsFailures.failure("S3 GetObject of " + location, e, ErrorCode.INTERNAL);
    }
    Matcher content = CONTENT_KEY.matcher(key);
    if (content.matches() && !content.group(1).equals(sha256(body))) {
      // History and rollback trust these bytes to be what was deployed: refuse altered ones.
      throw new DeploymentException(
          ErrorCode.INTERNAL, "template " + location + " does not match its sha256 name");
    }
    return body;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (AwsServiceException e) {
      // HEAD has no body, so a missing key is a bare 404; and without s3:ListBucket S3 answers
      // 403 for a missing key. Either way uploading is safe: the key names the content.
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return false;
      }
      throw AwsFailures.failure("S3 HeadObject of " + location(key), e, ErrorCode.INTERNAL);
    } catch (SdkException e) {
      throw AwsFailures.failure("S3 HeadObject of " + location(key), e, ErrorCode.INTERNAL);
    }
  }

  private String location(String key) {
    return "s3://" + bucket + "/" + key;
  }

  static String sha256(byte[] body) {
    return Sha256.hex(body);
  }
}
