package dev.fogbank.shared.deploy;

import java.util.Locale;

/** Where a deployment request came from; serialised in lower case (drop, api, rollback). */
public enum DeploymentSource {
  DROP,
  API,
  ROLLBACK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentSource fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
