package dev.fogbank.infrastructure;

/** Names the control plane's resources share between the template engine and local mode. */
public final class ControlPlaneNames {
  public static final String TABLE = "fogbank";
  public static final String DEPLOY_STATE_MACHINE = "fogbank-deploy";
  public static final String LOCAL_DROP_BUCKET = "fogbank-local-drop";
  public static final String LOCAL_ARTIFACTS_BUCKET = "fogbank-local-artifacts";

  private ControlPlaneNames() {}
}
