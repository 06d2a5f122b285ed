package dev.fogbank.shared.aws;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the AWS clients talk to: a region and, outside AWS, an endpoint override (moto_server,
 * LocalStack). Without an endpoint the SDK resolves the real regional endpoints.
 */
public record AwsSettings(String region, Optional<URI> endpoint) {

  public AwsSettings {
    Objects.requireNonNull(region, "region");
    if (region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
    endpoint = endpoint == null ? Optional.empty() : endpoint;
  }

  /** Real AWS in {@code region}. */
  public static AwsSettings of(String region) {
    return new AwsSettings(region, Optional.empty());
  }

  /** An emulator or proxy at {@code endpoint}, signing requests for {@code region}. */
  public static AwsSettings of(String region, URI endpoint) {
    return new AwsSettings(region, Optional.of(Objects.requireNonNull(endpoint, "endpoint")));
  }
}
