package dev.fogbank.functions.wiring;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import java.util.Map;

/**
 * The scan functions' own settings, beside {@link FunctionEnvironment}: {@code FOGBANK_COST_DAYS}
 * (optional, default 7) — how many complete days each cost scan reads.
 */
public record ScansSettings(int costDays) {
  public static final int DEFAULT_COST_DAYS = 7;
  static final int MAX_COST_DAYS = 365;

  public static ScansSettings fromEnv() {
    return from(System.getenv());
  }

  public static ScansSettings from(Map<String, String> env) {
    String days = env.get(ControlPlaneEnvironment.COST_DAYS);
    if (days == null || days.isBlank()) {
      return new ScansSettings(DEFAULT_COST_DAYS);
    }
    int n;
    try {
      n = Integer.parseInt(days.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_COST_DAYS) {
      throw new IllegalStateException(
          "environment variable "
              + ControlPlaneEnvironment.COST_DAYS
              + " must be a whole number of days from 1 to "
              + MAX_COST_DAYS
              + ", not '"
              + days
              + "'");
    }
    return new ScansSettings(n);
  }
}
