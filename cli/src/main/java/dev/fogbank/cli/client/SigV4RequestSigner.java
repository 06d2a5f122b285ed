package dev.fogbank.cli.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Signs API requests with SigV4 for API Gateway (service {@code execute-api}) with the AWS SDK's
 * own signer and its default credential chain (environment, {@code AWS_PROFILE} and {@code
 * ~/.aws}, SSO, web identity, container and instance roles). The only CLI class that touches the
 * SDK's auth classes: it is loaded when a target signs, so token commands start without them.
 */
final class SigV4RequestSigner implements RequestSigner {
  static final String SERVICE = "execute-api";

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  private SigV4RequestSigner(URI endpoint, String region, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  /**
   * For {@code target}: its region (from the host or the profile), else the SDK's region settings
   * ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the {@code AWS_PROFILE}'s region in {@code
   * ~/.aws/config}); not the instance metadata service, which a laptop would wait seconds for.
   */
  static SigV4RequestSigner create(ApiTarget target) {
    String region = target.region();
    if (region == null) {
      try {
        region =
            new AwsRegionProviderChain(
                    new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                .getRegion()
                .id();
      } catch (SdkClientException e) {
        throw ApiException.unconfigured(
            "SigV4 signing for " + target.endpoint() + " needs a region and none is set: use an"
                + " execute-api endpoint (https://ID.execute-api.REGION.amazonaws.com), set"
                + " 'region:' in the profile, or set AWS_REGION");
      }
    }
    return new SigV4RequestSigner(
        target.endpoint(), region, DefaultCredentialsProvider.builder().build());
  }

  String region() {
    return region;
  }

  @Override
  public Map<String, String> sign(
      String method, URI uri, Map<String, String> headers, byte[] body) {
    AwsCredentialsIdentity identity = credentials();
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(unsigned::putHeader);
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(identity)
                    .request(unsigned.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    // The signature's headers (Authorization, X-Amz-Date, X-Amz-Security-Token); not Host, which
    // the HTTP connection sends itself, with the same value the signer used (the URI's host:port).
    Map<String, String> added = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Host")
          && headers.keySet().stream().noneMatch(h.getKey()::equalsIgnoreCase)) {
        added.put(h.getKey(), h.getValue().get(0));
      }
    }
    return added;
  }

  private AwsCredentialsIdentity credentials() {
    try {
      return credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw ApiException.noCredentials(
          "no AWS credentials to sign requests to " + endpoint + " with (SigV4): set"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary"
              + " ones), or AWS_PROFILE naming a profile in ~/.aws/credentials or ~/.aws/config"
              + " ('aws configure', 'aws sso login'); or pass --auth token to send a bearer token"
              + " instead");
    }
  }
}
