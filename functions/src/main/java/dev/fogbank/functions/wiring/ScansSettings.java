package dev.fogbank.functions.wiring;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.cost.CostAnomalyRule;
import dev.fogbank.shared.drift.DriftScanLimits;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The scan functions' own settings, beside {@link FunctionEnvironment}, all optional: {@code
 * FOGBANK_COST_DAYS} (default 7) — how many complete days each cost scan judges for anomalies;
 * {@code FOGBANK_COST_ANOMALY_MULTIPLIER} (default 2) and {@code FOGBANK_COST_ANOMALY_MIN_EXCESS}
 * (default 10) — a day is an anomaly above multiplier × its trailing 7-day average and more than
 * the minimum excess over it.
 */
public record ScansSettings(
    int costDays,
    CostAnomalyRule anomalyRule,
    DriftScanLimits driftLimits,
    dev.fogbank.shared.drift.DriftScanScope driftScope,
    List<String> driftDiscover) {
  public static final int DEFAULT_COST_DAYS = 7;
  static final int MAX_COST_DAYS = 365;
  public static final String ANOMALY_MULTIPLIER = "FOGBANK_COST_ANOMALY_MULTIPLIER";
  public static final String ANOMALY_MIN_EXCESS = "FOGBANK_COST_ANOMALY_MIN_EXCESS";

  public ScansSettings {
    driftDiscover = List.copyOf(driftDiscover);
  }

  public ScansSettings(
      int costDays,
      CostAnomalyRule anomalyRule,
      DriftScanLimits driftLimits,
      dev.fogbank.shared.drift.DriftScanScope driftScope) {
    this(costDays, anomalyRule, driftLimits, driftScope, List.of());
  }

  public ScansSettings(int costDays) {
    this(costDays, CostAnomalyRule.defaults());
  }

  public ScansSettings(int costDays, CostAnomalyRule anomalyRule) {
    this(costDays, anomalyRule, DriftScanLimits.defaults());
  }

  public ScansSettings(int costDays, CostAnomalyRule anomalyRule, DriftScanLimits driftLimits) {
    this(costDays, anomalyRule, driftLimits, dev.fogbank.shared.drift.DriftScanScope.all());
  }

  public static ScansSettings fromEnv() {
    return from(System.getenv());
  }

  public static ScansSettings from(Map<String, String> env) {
    return new ScansSettings(
        costDays(env), anomalyRule(env), driftLimits(env), driftScope(env), driftDiscover(env));
  }

  /**
   * {@code FOGBANK_DRIFT_DISCOVER}: patterns of existing stacks (ListStacks) a scan of every stack
   * detects beside those with fogbank history; none by default.
   */
  public static List<String> driftDiscover(Map<String, String> env) {
    try {
      return dev.fogbank.shared.drift.DriftScanScope.patterns(
          env.get(ControlPlaneEnvironment.DRIFT_DISCOVER), "discover");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "environment variable " + ControlPlaneEnvironment.DRIFT_DISCOVER + ": " + e.getMessage(),
          e);
    }
  }

  /** {@code FOGBANK_DRIFT_INCLUDE} / {@code FOGBANK_DRIFT_EXCLUDE}: which stacks a scan detects. */
  static dev.fogbank.shared.drift.DriftScanScope driftScope(Map<String, String> env) {
    try {
      return dev.fogbank.shared.drift.DriftScanScope.parse(
          env.get(ControlPlaneEnvironment.DRIFT_INCLUDE),
          env.get(ControlPlaneEnvironment.DRIFT_EXCLUDE));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "environment variables " + ControlPlaneEnvironment.DRIFT_INCLUDE + "/"
              + ControlPlaneEnvironment.DRIFT_EXCLUDE + ": " + e.getMessage(),
          e);
    }
  }

  private static int costDays(Map<String, String> env) {
    String days = env.get(ControlPlaneEnvironment.COST_DAYS);
    if (days == null || days.isBlank()) {
      return DEFAULT_COST_DAYS;
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
    return n;
  }

  /** {@code FOGBANK_DRIFT_CONCURRENCY}: detections at once, 1 to 40 (default 5). */
  private static DriftScanLimits driftLimits(Map<String, String> env) {
    String value = env.get(ControlPlaneEnvironment.DRIFT_CONCURRENCY);
    if (value == null || value.isBlank()) {
      return DriftScanLimits.defaults();
    }
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > DriftScanLimits.MAX_CONCURRENCY) {
      throw new IllegalStateException(
          "environment variable "
              + ControlPlaneEnvironment.DRIFT_CONCURRENCY
              + " must be a whole number from 1 to "
              + DriftScanLimits.MAX_CONCURRENCY
              + ", not '"
              + value
              + "'");
    }
    return DriftScanLimits.withConcurrency(n);
  }

  /**
   * {@code FOGBANK_COST_ANOMALY_MULTIPLIER} (above 1, default 2) and {@code
   * FOGBANK_COST_ANOMALY_MIN_EXCESS} (0 or more, default 10): the cost scan's anomaly rule, for the
   * cost-scan function and {@code fogbank local} alike.
   *
   * @throws IllegalStateException naming the variable whose value is not such a number
   */
  public static CostAnomalyRule anomalyRule(Map<String, String> env) {
    CostAnomalyRule defaults = CostAnomalyRule.defaults();
    BigDecimal multiplier = decimal(env, ANOMALY_MULTIPLIER, defaults.multiplier(), "above 1");
    BigDecimal excess = decimal(env, ANOMALY_MIN_EXCESS, defaults.minimumExcess(), "0 or more");
    if (multiplier.compareTo(BigDecimal.ONE) <= 0) {
      throw invalid(ANOMALY_MULTIPLIER, env.get(ANOMALY_MULTIPLIER), "above 1");
    }
    if (excess.signum() < 0) {
      throw invalid(ANOMALY_MIN_EXCESS, env.get(ANOMALY_MIN_EXCESS), "0 or more");
    }
    return new CostAnomalyRule(multiplier, excess, defaults.trailingDays());
  }

  private static BigDecimal decimal(
      Map<String, String> env, String name, BigDecimal fallback, String expected) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, value, expected);
    }
  }

  private static IllegalStateException invalid(String name, String value, String expected) {
    return new IllegalStateException(
        "environment variable " + name + " must be a number " + expected + ", not '" + value + "'");
  }
}
