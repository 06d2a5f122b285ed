package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The caller's account from STS GetCallerIdentity (which needs no permission). Asked once per run,
 * so the client lives for that one call.
 */
public final class StsAccountLookup implements AccountLookup {

  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;

  public StsAccountLookup(AwsSettings settings, AwsCredentialsProvider credentials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The caller's ARN (user, root, or assumed-role session): who bootstraps. */
  public String callerArn() {
    try (StsClient sts = client()) {
      return sts.getCallerIdentity().arn();
    } catch (SdkException e) {
      throw AwsFailures.failure("STS GetCallerIdentity (who bootstraps)", e, ErrorCode.UNAUTHORIZED);
    }
  }

  private StsClient client() {
    StsClientBuilder builder =
        StsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public String accountId() {
    try (StsClient sts = client()) {
      return sts.getCallerIdentity().account();
    } catch (SdkException e) {
      // A 4xx here is the credentials themselves (expired, unknown, not allowed): no retry helps.
      throw AwsFailures.failure(
          "STS GetCallerIdentity (which account to bootstrap)", e, ErrorCode.UNAUTHORIZED);
    }
  }
}
