package dev.fogbank.shared.review;

import dev.fogbank.shared.stack.ChangeSet;
import java.util.Map;
import java.util.Objects;

/**
 * What a review looks at.
 *
 * @param changeSet the READY change set, with its rows
 * @param deployedTemplate the stack's deployed template (GetTemplate, Original stage); null for a
 *     new stack
 * @param newTemplate the template being deployed
 * @param deployedParameters the stack's parameter values (DescribeStacks); empty for a new stack
 * @param newParameters the values this deployment passes; a parameter not passed takes its Default
 * @param stackPolicy the stack policy that will apply during the update; null for none
 */
public record ReviewRequest(
    ChangeSet changeSet,
    String deployedTemplate,
    String newTemplate,
    Map<String, String> deployedParameters,
    Map<String, String> newParameters,
    StackPolicy stackPolicy) {

  public ReviewRequest {
    Objects.requireNonNull(changeSet, "changeSet");
    deployedParameters = deployedParameters == null ? Map.of() : Map.copyOf(deployedParameters);
    newParameters = newParameters == null ? Map.of() : Map.copyOf(newParameters);
  }
}
