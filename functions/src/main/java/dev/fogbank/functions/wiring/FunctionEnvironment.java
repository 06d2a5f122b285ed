package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.deploy.DeploymentOptions;
import java.net.URI;
import java.util.Map;

/**
 * The control plane's settings as the template hands them to every function (environment
 * variables set by the control-plane stack, named in {@link ControlPlaneEnvironment}).
 */
public record FunctionEnvironment(
    String region,
    String account,
    String tableName,
    String artifactsBucket,
    String stateMachineArn,
    String topicArn,
    String deploymentRoleArn,
    String awsEndpoint,
    String requiredTags) {

  public static FunctionEnvironment fromEnv() {
    return from(System.getenv());
  }

  static FunctionEnvironment from(Map<String, String> env) {
    return new FunctionEnvironment(
        region(env),
        required(env, ControlPlaneEnvironment.ACCOUNT),
        required(env, ControlPlaneEnvironment.TABLE),
        env.get(ControlPlaneEnvironment.ARTIFACTS_BUCKET),
        env.get(ControlPlaneEnvironment.STATE_MACHINE_ARN),
        env.get(ControlPlaneEnvironment.TOPIC_ARN),
        env.get(ControlPlaneEnvironment.DEPLOYMENT_ROLE_ARN),
        env.get(ControlPlaneEnvironment.AWS_ENDPOINT),
        env.get(ControlPlaneEnvironment.REQUIRED_TAGS));
  }

  AwsSettings awsSettings() {
    return awsSettings(region, awsEndpoint);
  }

  /**
   * The AWS endpoint a function talks to, for the functions that need no more of this
   * environment (the slack function).
   */
  static AwsSettings awsSettings(Map<String, String> env) {
    return awsSettings(region(env), env.get(ControlPlaneEnvironment.AWS_ENDPOINT));
  }

  private static AwsSettings awsSettings(String region, String awsEndpoint) {
    return awsEndpoint == null || awsEndpoint.isBlank()
        ? AwsSettings.of(region)
        : AwsSettings.of(region, URI.create(awsEndpoint));
  }

  private static String region(Map<String, String> env) {
    return env.getOrDefault(ControlPlaneEnvironment.AWS_REGION, "us-east-1");
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
