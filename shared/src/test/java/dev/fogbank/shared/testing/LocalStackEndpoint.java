package dev.fogbank.shared.testing;

/**
 * LocalStack through Testcontainers, kept apart so that a module whose test classpath lacks
 * Testcontainers can still use {@link AwsEndpointExtension} (it then falls back to moto).
 */
final class LocalStackEndpoint {

  /** Pinned: LocalStack's floating tags have moved to images that need an account. */
  static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

  static final String IMAGE_VARIABLE = "FOGBANK_TEST_LOCALSTACK_IMAGE";

  private LocalStackEndpoint() {}

  static boolean dockerAvailable() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    return Docker.available();
  }

  static AwsEndpoint start() {
    return Docker.start();
  }

  /** Touches Testcontainers classes only once they are known to be on the classpath. */
  private static final class Docker {
    static boolean available() {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    static AwsEndpoint start() {
      String image = System.getenv().getOrDefault(IMAGE_VARIABLE, DEFAULT_IMAGE);
      var container =
          new org.testcontainers.localstack.LocalStackContainer(
                  org.testcontainers.utility.DockerImageName.parse(image)
                      .asCompatibleSubstituteFor("localstack/localstack"))
              .withServices("cloudformation", "s3", "sns", "sqs", "stepfunctions", "dynamodb");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
      // No reset: LocalStack's state reset is not in every edition; tests use unique names.
      return new AwsEndpoint(
          container.getEndpoint(), container.getRegion(), AwsEndpoint.Kind.LOCALSTACK, () -> {});
    }
  }
}
