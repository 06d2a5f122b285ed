package dev.fogbank.shared.template;

import dev.fogbank.shared.aws.AwsClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Uploads as presigned S3 PUT URLs into the control plane's bucket, under {@code uploads/<stack>/}:
 * the caller needs no S3 permission of their own, and {@code templateUrl} then names an object in
 * the one bucket {@link TemplateUrls} always accepts. Signing is local (no call to S3); the URL is
 * signed with the control plane's credentials, so it also lapses when they do.
 */
public final class S3PresignedTemplateUploads implements TemplateUploads {
  /** Long enough to PUT a megabyte from a slow link, short enough not to linger. */
  static final Duration VALID_FOR = Duration.ofMinutes(15);

  static final String PREFIX = "uploads/";

  private final S3Presigner presigner;
  private final S3Utilities urls;
  private final String bucket;
  private final Clock clock;

  S3PresignedTemplateUploads(S3Presigner presigner, Region region, String bucket, Clock clock) {
    this.presigner = presigner;
    // The templateUrl is S3's own https URL (as S3TemplateStore's), which TemplateUrls parses;
    // the upload URL is the configured endpoint's (an emulator's locally).
    this.urls = S3Utilities.builder().region(region).build();
    this.bucket = bucket;
    this.clock = clock;
  }

  /** Uploads into {@code bucket}, signed with {@code aws}'s region, endpoint and credentials. */
  public static S3PresignedTemplateUploads of(AwsClientFactory aws, String bucket) {
    Region region = Region.of(aws.settings().region());
    S3Presigner.Builder presigner =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(aws.credentialsProvider())
            // An emulator's endpoint takes path-style URLs only, as AwsClientFactory's S3 client.
            .serviceConfiguration(
                S3Configuration.builder()
                    .pathStyleAccessEnabled(aws.settings().endpoint().isPresent())
                    .build());
    aws.settings().endpoint().ifPresent(presigner::endpointOverride);
    return new S3PresignedTemplateUploads(presigner.build(), region, bucket, Clock.systemUTC());
  }

  @Override
  public TemplateUpload create(String stackName, String sha256) {
    String key =
        PREFIX + stackName + "/" + (sha256 == null ? UUID.randomUUID() : sha256) + ".template";
    Instant now = clock.instant();
    PresignedPutObjectRequest put =
        presigner.presignPutObject(
            r -> r.signatureDuration(VALID_FOR).putObjectRequest(o -> o.bucket(bucket).key(key)));
    return new TemplateUpload(
        put.url().toExternalForm(),
        urls.getUrl(r -> r.bucket(bucket).key(key)).toExternalForm(),
        now.plus(VALID_FOR));
  }
}
