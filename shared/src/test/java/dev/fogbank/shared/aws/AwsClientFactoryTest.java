package dev.fogbank.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.api.RetryStrategy;

class AwsClientFactoryTest {

  private static final AwsSettings EMULATOR =
      AwsSettings.of("us-east-1", URI.create("http://127.0.0.1:1"));

  @Test
  void credentials_whenEndpointAndNoCredentialsInEnvironment_thenEmulatorTestKeys() {
    try (AwsClientFactory factory = AwsClientFactory.create(EMULATOR, Map.of())) {
      var provider =
          assertInstanceOf(StaticCredentialsProvider.class, factory.credentialsProvider());
      assertEquals("test", provider.resolveCredentials().accessKeyId());
      assertEquals("test", provider.resolveCredentials().secretAccessKey());
    }
  }

  @Test
  void credentials_whenEnvironmentHasOnlyAnAccessKeyId_thenDefaultChain() {
    try (AwsClientFactory factory =
        AwsClientFactory.create(EMULATOR, Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"))) {
      assertInstanceOf(DefaultCredentialsProvider.class, factory.credentialsProvider());
    }
  }

  @Test
  void credentials_whenEnvironmentHasKeyAndSecret_thenEnvironmentProviderWithoutTheChain() {
    Map<String, String> lambda =
        Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "AWS_SESSION_TOKEN", "token");
    try (AwsClientFactory real = AwsClientFactory.create(AwsSettings.of("eu-west-1"), lambda);
        AwsClientFactory emulator = AwsClientFactory.create(EMULATOR, lambda)) {
      assertInstanceOf(
          EnvironmentVariableCredentialsProvider.class, real.credentialsProvider());
      assertInstanceOf(
          EnvironmentVariableCredentialsProvider.class, emulator.credentialsProvider());
    }
  }

  @Test
  void credentials_whenSnapStartContainerCredentials_thenDefaultChain() {
    // SnapStart functions get no access key variables, a container credentials endpoint instead.
    Map<String, String> snapStart =
        Map.of(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token");
    try (AwsClientFactory factory =
        AwsClientFactory.create(AwsSettings.of("eu-west-1"), snapStart)) {
      assertInstanceOf(DefaultCredentialsProvider.class, factory.credentialsProvider());
    }
  }

  @Test
  void credentials_whenNoEndpoint_thenDefaultChain() {
    try (AwsClientFactory factory =
        AwsClientFactory.create(AwsSettings.of("eu-west-1"), Map.of())) {
      assertInstanceOf(DefaultCredentialsProvider.class, factory.credentialsProvider());
    }
  }

  @Test
  void clients_whenAskedTwice_thenSameInstance() {
    try (AwsClientFactory factory = AwsClientFactory.create(EMULATOR, Map.of())) {
      assertSame(factory.cloudFormation(), factory.cloudFormation());
      assertSame(factory.s3(), factory.s3());
    }
  }

  @Test
  void retries_whenCloudFormation_thenMoreAttemptsThanOtherServices() {
    try (AwsClientFactory factory = AwsClientFactory.create(EMULATOR, Map.of())) {
      assertEquals(8, maxAttempts(factory.cloudFormation().serviceClientConfiguration()));
      assertEquals(3, maxAttempts(factory.sfn().serviceClientConfiguration()));
    }
  }

  @Test
  void clients_whenFactoryClosed_thenRefused() {
    AwsClientFactory factory = AwsClientFactory.create(EMULATOR, Map.of());
    factory.sns();
    factory.close();

    assertThrows(IllegalStateException.class, factory::sns);
  }

  private static int maxAttempts(
      software.amazon.awssdk.awscore.AwsServiceClientConfiguration configuration) {
    RetryStrategy strategy = configuration.overrideConfiguration().retryStrategy().orElseThrow();
    return strategy.maxAttempts();
  }
}
