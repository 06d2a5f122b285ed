package dev.fogbank.shared.testing;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The AWS endpoint an integration test talks to, injected by {@link AwsEndpointExtension}.
 *
 * @param kind which emulator (or other endpoint) answers; some AWS behaviours differ by kind
 * @param resetHook forgets all emulator state; a no-op where the endpoint cannot be reset
 */
public record AwsEndpoint(URI endpoint, String region, Kind kind, Runnable resetHook) {

  public enum Kind {
    /** moto_server started by the extension (or found at FOGBANK_TEST_AWS_ENDPOINT). */
    MOTO,
    /** LocalStack in a Testcontainers container. */
    LOCALSTACK,
    /** Whatever FOGBANK_TEST_AWS_ENDPOINT points at. */
    EXTERNAL
  }

  public AwsEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resetHook, "resetHook");
  }

  /** Forgets every resource (where the endpoint supports it). */
  public void reset() {
    resetHook.run();
  }

  public AwsSettings settings() {
    return AwsSettings.of(region, endpoint);
  }

  /** A client factory for this endpoint; the caller closes it. */
  public AwsClientFactory clients(ExecutionInterceptor... interceptors) {
    return AwsClientFactory.create(settings(), List.of(interceptors));
  }
}
