package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import java.net.URI;
import java.util.Map;

/**
 * The control plane's settings as the template hands them to every function (environment
 * variables set by the control-plane stack).
 */
public record FunctionEnvironment(
    String region,
    String account,
    String tableName,
    String artifactsBucket,
    String stateMachineArn,
    String topicArn,
    String deploymentRoleArn,
    String awsEndpoint) {

  public static FunctionEnvironment fromEnv() {
    return from(System.getenv());
  }

  static FunctionEnvironment from(Map<String, String> env) {
    return new FunctionEnvironment(
        env.getOrDefault("AWS_REGION", "us-east-1"),
        required(env, "FOGBANK_ACCOUNT"),
        required(env, "FOGBANK_TABLE"),
        env.get("FOGBANK_ARTIFACTS_BUCKET"),
        env.get("FOGBANK_STATE_MACHINE_ARN"),
        env.get("FOGBANK_TOPIC_ARN"),
        env.get("FOGBANK_DEPLOYMENT_ROLE_ARN"),
        // Unset in AWS; set to run the same artifact against an emulator (LocalStack, moto).
        env.get("FOGBANK_AWS_ENDPOINT"));
  }

  AwsSettings awsSettings() {
    return awsEndpoint == null || awsEndpoint.isBlank()
        ? AwsSettings.of(region)
        : AwsSettings.of(region, URI.create(awsEndpoint));
  }

  DeploymentOptions options() {
    return DeploymentOptions.defaults();
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "environment variable " + name + " is not set (the control-plane stack sets it)");
    }
    return value;
  }
}
