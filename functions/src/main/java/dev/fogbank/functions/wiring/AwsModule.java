package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.TemplateUrls;
import dev.fogbank.shared.drop.S3DropSource;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Clients and adapters every function group shares; each is built once per container. The table
 * adapters are in {@link TableModule}.
 */
@Module
public final class AwsModule {
  private AwsModule() {}

  @Provides
  @Singleton
  static FunctionEnvironment environment() {
    return FunctionEnvironment.fromEnv();
  }

  @Provides
  @Singleton
  static AwsClientFactory clients(FunctionEnvironment env) {
    return AwsClientFactory.create(env.awsSettings());
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  static TemplateStore templates(AwsClientFactory aws, FunctionEnvironment env) {
    return new S3TemplateStore(aws.s3(), env.artifactsBucket());
  }

  /**
   * {@code templateUrl}s: objects of the control plane's artifacts bucket and of the buckets in
   * {@code FOGBANK_TEMPLATE_BUCKETS}.
   */
  @Provides
  @Singleton
  static TemplateUrls templateUrls(AwsClientFactory aws, FunctionEnvironment env) {
    return new TemplateUrls(
        new S3DropSource(aws.s3()), templateBuckets(env.artifactsBucket(), System.getenv()));
  }

  /** The buckets {@code templateUrl} may name; a malformed variable stops the function's start. */
  public static java.util.List<String> templateBuckets(
      String artifactsBucket, java.util.Map<String, String> env) {
    String variable = dev.fogbank.shared.controlplane.ControlPlaneEnvironment.TEMPLATE_BUCKETS;
    try {
      return TemplateUrls.buckets(artifactsBucket, env.get(variable));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "environment variable " + variable + ": " + e.getMessage(), e);
    }
  }

  /** {@code POST /templates/uploads}: presigned PUTs into the artifacts bucket's uploads/. */
  @Provides
  @Singleton
  static dev.fogbank.shared.template.TemplateUploads templateUploads(
      AwsClientFactory aws, FunctionEnvironment env) {
    return dev.fogbank.shared.template.S3PresignedTemplateUploads.of(aws, env.artifactsBucket());
  }
}
