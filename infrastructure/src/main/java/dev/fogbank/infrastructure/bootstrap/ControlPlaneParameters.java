package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.template.ParameterCheck;
import dev.fogbank.shared.template.TemplateProblem;
import dev.fogbank.shared.template.TemplateReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The control-plane stack's parameter values: which ones a caller may set, which value each gets
 * (base, then deployed, then given), and that together with the artifacts they fill the template.
 */
final class ControlPlaneParameters {

  private final ControlPlaneLayout layout;
  private final Map<String, String> baseParameters;

  /**
   * @param baseParameters starting values (an emulator's), under those the stack and caller set
   */
  ControlPlaneParameters(ControlPlaneLayout layout, Map<String, String> baseParameters) {
    this.layout = layout;
    this.baseParameters = Map.copyOf(baseParameters);
  }

  /** Parameters the caller sets must be declared, and not ones bootstrap sets itself. */
  void requireSettable(
      ControlPlaneTemplate template, ArtifactSet artifacts, Map<String, String> given) {
    Map<String, Optional<String>> declared = template.parameters();
    List<String> problems = new ArrayList<>();
    for (String name : given.keySet()) {
      if (managed(name, artifacts)) {
        problems.add("parameter " + name + " is set by bootstrap itself");
      } else if (!declared.containsKey(name)) {
        problems.add(
            "the control-plane template has no parameter "
                + name
                + " (it takes "
                + String.join(", ", settable(declared.keySet(), artifacts))
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidInput(String.join("; ", problems));
    }
  }

  /**
   * The values of the parameters bootstrap does not manage: the base values (an emulator's),
   * overridden by those the deployed stack has (so a value set by an earlier run stays), overridden
   * by those given now.
   */
  Map<String, String> choose(
      ControlPlaneTemplate template,
      ArtifactSet artifacts,
      Optional<StackState> existing,
      Map<String, String> given) {
    Set<String> declared = template.parameters().keySet();
    Map<String, String> chosen = new LinkedHashMap<>();
    baseParameters.forEach(
        (name, value) -> {
          if (declared.contains(name)) {
            chosen.put(name, value);
          }
        });
    existing
        .filter(s -> !s.inReview() && !s.needsDeleteBeforeCreate())
        .ifPresent(
            s ->
                s.parameters()
                    .forEach(
                        (name, value) -> {
                          // A NoEcho value comes back masked; carrying "****" would overwrite it.
                          if (declared.contains(name)
                              && !managed(name, artifacts)
                              && !StackState.MASKED.equals(value)) {
                            chosen.put(name, value);
                          }
                        }));
    chosen.putAll(given);
    return chosen;
  }

  /**
   * Every parameter the template declares gets a value (from bootstrap or its Default), and every
   * artifact goes to a parameter the template declares.
   */
  void requireComplete(
      ControlPlaneTemplate template, ArtifactSet artifacts, Map<String, String> chosen) {
    List<String> invalid =
        ParameterCheck.valueProblems(TemplateReader.read(template.bytes()), chosen).stream()
            .map(TemplateProblem::message)
            .toList();
    if (!invalid.isEmpty()) {
      throw BootstrapException.invalidInput(String.join("; ", invalid));
    }
    Set<String> supplied = new HashSet<>(chosen.keySet());
    supplied.add(layout.artifactsBucketParameter());
    Map<String, Optional<String>> declared = template.parameters();
    List<String> problems = new ArrayList<>();
    for (Artifact artifact : artifacts.artifacts()) {
      if (!declared.containsKey(artifact.parameterName())) {
        problems.add(
            "the template declares no parameter "
                + artifact.parameterName()
                + " for "
                + artifact.name());
      }
    }
    for (String name : supplied) {
      if (!declared.containsKey(name)) {
        problems.add("the template declares no parameter " + name);
      }
    }
    declared.forEach(
        (name, defaultValue) -> {
          boolean given = supplied.contains(name) || artifacts.parameters().containsKey(name);
          if (!given && defaultValue.isEmpty()) {
            problems.add(
                "template parameter " + name + " has no Default and bootstrap has no value for it");
          }
        });
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidInput(
          "control-plane template and artifacts do not match: " + String.join("; ", problems));
    }
  }

  /** The chosen values with the artifacts bucket, which bootstrap itself sets. */
  Map<String, String> withArtifactsBucket(Map<String, String> chosen, String bucket) {
    Map<String, String> parameters = new LinkedHashMap<>(chosen);
    parameters.put(layout.artifactsBucketParameter(), bucket);
    return parameters;
  }

  private List<String> settable(Set<String> declared, ArtifactSet artifacts) {
    return declared.stream().filter(n -> !managed(n, artifacts)).toList();
  }

  private boolean managed(String name, ArtifactSet artifacts) {
    return name.equals(layout.artifactsBucketParameter())
        || artifacts.parameters().containsKey(name);
  }
}
