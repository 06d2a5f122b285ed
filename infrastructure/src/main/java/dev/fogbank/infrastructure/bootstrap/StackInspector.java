package dev.fogbank.infrastructure.bootstrap;

import java.util.List;
import java.util.Optional;

/**
 * What bootstrap needs of CloudFormation beyond the change sets {@link
 * dev.fogbank.shared.stack.StackGateway} makes: reading a stack's template, parameters, outputs and
 * resources, and clearing what an interrupted run left behind.
 */
public interface StackInspector {

  /** The stack, or empty when there is none (or only a deleted one). */
  Optional<DeployedStack> describe(String stackNameOrId);

  /** The template the stack was last deployed with, as submitted (YAML or JSON). */
  String template(String stackName);

  /** The stack's resources, in CloudFormation's order. */
  List<DeployedResource> resources(String stackName);

  /** The stack's change sets (of this stack id only). */
  List<PendingChangeSet> changeSets(String stackId);

  void deleteChangeSet(String changeSetId);

  /** Deletes the stack by id (never a newer stack of the same name). */
  void deleteStack(String stackId);
}
