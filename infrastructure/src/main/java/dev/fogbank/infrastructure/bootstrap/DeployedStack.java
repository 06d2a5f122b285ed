package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.stack.StackState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stack as CloudFormation describes it now: its state, parameter values and outputs. */
public record DeployedStack(
    StackState state, Map<String, String> parameters, Map<String, String> outputs) {

  public DeployedStack {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  public String status() {
    return state.status();
  }

  public String stackId() {
    return state.stackId();
  }
}
