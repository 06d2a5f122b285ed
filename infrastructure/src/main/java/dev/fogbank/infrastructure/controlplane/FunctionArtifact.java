package dev.fogbank.infrastructure.controlplane;

/**
 * The Lambda deployment packages of the control plane: one shaded jar per function group (built by
 * the {@code functions} module with this classifier), uploaded under a content-addressed key that
 * the control-plane template takes as a parameter; and {@link #CONSOLE_ASSETS}, no function's
 * code: the files the console function serves {@code /api} (Swagger UI) from.
 */
public enum FunctionArtifact {
  API("api", "ApiCodeKey"),
  CONSOLE("console", "ConsoleCodeKey"),
  DROP("drop", "DropCodeKey"),
  STEPS_LEDGER("steps-ledger", "StepsLedgerCodeKey"),
  STEPS_STACK("steps-stack", "StepsStackCodeKey"),
  SLACK("slack", "SlackCodeKey"),
  EVENTS("events", "EventsCodeKey"),
  SCANS("scans", "ScansCodeKey"),
  /**
   * Swagger UI's bundle and stylesheet from its WebJar, its page and the OpenAPI document: the
   * console function reads this jar from the artifacts bucket (its own has no room for them).
   */
  CONSOLE_ASSETS("console-assets", "ConsoleAssetsKey");

  private final String classifier;
  private final String parameterName;

  FunctionArtifact(String classifier, String parameterName) {
    this.classifier = classifier;
    this.parameterName = parameterName;
  }

  /** The shade classifier: the jar is {@code functions-<version>-<classifier>.jar}. */
  public String classifier() {
    return classifier;
  }

  /** The template parameter holding the artifact's S3 key in the artifacts bucket. */
  public String parameterName() {
    return parameterName;
  }

  /** The jar's file name in {@code functions/target} for a project version. */
  public String jarFileName(String projectVersion) {
    return "functions-" + projectVersion + "-" + classifier + ".jar";
  }
}
