package dev.fogbank.infrastructure.controlplane;

/**
 * The control plane's state machine definitions ({@code statemachines/*.asl.json}, on the
 * classpath under {@code /statemachines/}), uploaded under a content-addressed key that the
 * template takes as a parameter and reads through DefinitionS3Location.
 */
public enum StateMachineDefinition {
  DEPLOY("deploy.asl.json", "DeployDefinitionKey"),
  DRIFT_SCAN("drift-scan.asl.json", "DriftScanDefinitionKey");

  private final String fileName;
  private final String parameterName;

  StateMachineDefinition(String fileName, String parameterName) {
    this.fileName = fileName;
    this.parameterName = parameterName;
  }

  public String fileName() {
    return fileName;
  }

  /** The classpath resource holding the definition. */
  public String resourcePath() {
    return "/statemachines/" + fileName;
  }

  public String parameterName() {
    return parameterName;
  }
}
