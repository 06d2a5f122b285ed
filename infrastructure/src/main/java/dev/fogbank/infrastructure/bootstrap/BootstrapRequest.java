package dev.fogbank.infrastructure.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of bootstrap.
 *
 * @param stackName the control-plane stack
 * @param functionsDir the functions module's build folder holding the function jars
 * @param parameters template parameter values to set (not the artifacts bucket or keys, which
 *     bootstrap sets); a parameter given neither here nor before keeps the template's Default, one
 *     set by an earlier run keeps that value
 * @param timeout how long to wait for a busy stack, a change set, and the stack operation, each
 * @param force self-upgrade only: skip the preview and the guard
 */
public record BootstrapRequest(
    String stackName,
    Path functionsDir,
    Map<String, String> parameters,
    Duration timeout,
    boolean force) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  public BootstrapRequest {
    Objects.requireNonNull(stackName, "stackName");
    Objects.requireNonNull(functionsDir, "functionsDir");
    parameters =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw BootstrapException.invalidInput("timeout must be positive, got " + timeout);
    }
  }

  public static BootstrapRequest of(String stackName, Path functionsDir) {
    return new BootstrapRequest(stackName, functionsDir, Map.of(), DEFAULT_TIMEOUT, false);
  }

  public BootstrapRequest withParameters(Map<String, String> values) {
    return new BootstrapRequest(stackName, functionsDir, values, timeout, force);
  }

  public BootstrapRequest withTimeout(Duration value) {
    return new BootstrapRequest(stackName, functionsDir, parameters, value, force);
  }

  public BootstrapRequest withForce(boolean value) {
    return new BootstrapRequest(stackName, functionsDir, parameters, timeout, value);
  }
}
