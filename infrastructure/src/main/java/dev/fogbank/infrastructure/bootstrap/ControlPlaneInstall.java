package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackResource;
import dev.fogbank.shared.stack.StackState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates or updates the control-plane stack directly: checks the input, uploads the artifacts,
 * then goes through a change set and waits for the stack.
 */
final class ControlPlaneInstall {

  private final ControlPlane controlPlane;
  private final ControlPlaneParameters parameters;
  private final ArtifactUploads uploads;
  private final StackSettling settling;
  private final StackGateway gateway;
  private final Clock clock;
  private final Consumer<String> progress;

  ControlPlaneInstall(
      ControlPlane controlPlane,
      ControlPlaneParameters parameters,
      ArtifactUploads uploads,
      StackSettling settling,
      StackGateway gateway,
      Clock clock,
      Consumer<String> progress) {
    this.controlPlane = controlPlane;
    this.parameters = parameters;
    this.uploads = uploads;
    this.settling = settling;
    this.gateway = gateway;
    this.clock = clock;
    this.progress = progress;
  }

  BootstrapResult run(BootstrapRequest request) {
    String stackName = ControlPlaneNames.controlPlaneStackName(request.stackName());
    Duration timeout = request.timeout();
    // Everything that can be wrong with the input, before anything is uploaded.
    ArtifactSet artifacts = ArtifactSet.load(request.functionsDir());
    ControlPlaneTemplate template = controlPlane.template().render(Map.of());
    parameters.requireSettable(template, artifacts, request.parameters());
    Optional<StackState> existing = settling.settle(stackName, timeout);
    // A stack CloudFormation cannot update until someone repairs it: say so before uploading.
    existing.ifPresent(StackState::requireUpdatable);
    Map<String, String> chosen =
        parameters.choose(template, artifacts, existing, request.parameters());
    parameters.requireComplete(template, artifacts, chosen);

    ArtifactUploads.Published published = uploads.publish(artifacts);
    Map<String, String> values = parameters.withArtifactsBucket(chosen, published.bucket());
    values.putAll(artifacts.parameters());
    existing = settling.tidy(stackName, existing, timeout);
    ChangeSet changeSet =
        gateway.awaitChangeSet(
            gateway.createChangeSet(
                uploads.changeSetRequest(
                    published.bucket(),
                    template,
                    stackName,
                    ControlPlaneNames.changeSetName(ControlPlaneNames.CHANGE_SET_PREFIX, clock),
                    values,
                    "fogbank bootstrap")),
            timeout);
    if (changeSet.status() == ChangeSet.Status.FAILED) {
      throw new BootstrapException(
          ErrorCode.CHANGE_SET_FAILED,
          "change set "
              + changeSet.name()
              + " for stack '"
              + stackName
              + "' failed: "
              + changeSet.reason());
    }
    List<ResourceChange> changes = new ArrayList<>(changeSet.changes());
    if (changeSet.status() == ChangeSet.Status.READY
        && changes.isEmpty()
        && changeSet.type() == ChangeSet.Type.UPDATE
        && existing.isPresent()) {
      // Some endpoints (moto) accept an update without listing its changes, even one that
      // changes nothing: compare what is deployed with what would be.
      JsonNode deployed = DeployedTemplate.read(gateway, stackName);
      Map<String, String> current = existing.get().parameters();
      if (TemplateComparison.same(deployed, current, template.root(), values)) {
        gateway.deleteChangeSet(changeSet.changeSetId());
        return noChanges(stackName, published, existing, template.root());
      }
      changes.addAll(TemplateComparison.changes(deployed, current, template.root(), values));
      if (!changes.isEmpty()) {
        progress.accept(BootstrapMessages.comparedChanges());
      }
    }
    if (changeSet.status() == ChangeSet.Status.NO_CHANGES) {
      return noChanges(stackName, published, existing, template.root());
    }
    if (changes.isEmpty()) {
      progress.accept(BootstrapMessages.noResourceChanges());
    }
    changes.forEach(c -> progress.accept(BootstrapMessages.change(c)));

    gateway.executeChangeSet(changeSet);
    StackState after = settling.awaitOperation(stackName, changeSet.stackId(), timeout);
    if (!after.succeeded()) {
      throw stackFailed(after);
    }
    Map<String, String> outputs = new LinkedHashMap<>(after.outputs());
    List<StackResource> resources = List.of();
    if (outputs.isEmpty()) {
      resources = EmulatorOutputs.named(gateway.resources(changeSet.stackId()));
      outputs.putAll(EmulatorOutputs.fromResources(template.root(), resources));
      outputs.forEach((k, v) -> progress.accept(BootstrapMessages.derivedOutput(k, v)));
    } else {
      outputs.forEach((k, v) -> progress.accept(BootstrapMessages.output(k, v)));
    }
    return new BootstrapResult(
        stackName,
        after.status().equals("CREATE_COMPLETE")
            ? BootstrapResult.Outcome.CREATE_COMPLETE
            : BootstrapResult.Outcome.UPDATE_COMPLETE,
        published.bucket(),
        published.bucketCreated(),
        published.uploaded(),
        changes,
        outputs,
        resources,
        Optional.empty());
  }

  private BootstrapException stackFailed(StackState stack) {
    return new BootstrapException(
        ErrorCode.STACK_FAILED, stack.failureMessage(gateway.recentEvents(stack.stackName(), 100)));
  }

  /**
   * Nothing to change: the deployed stack's outputs (derived from its resources where the
   * emulator shows none, as after an execution), so that what reads them (the policy seed) finds
   * the control table on a second run too.
   */
  private BootstrapResult noChanges(
      String stackName,
      ArtifactUploads.Published published,
      Optional<StackState> existing,
      JsonNode root) {
    Map<String, String> outputs = new LinkedHashMap<>();
    existing.ifPresent(deployed -> outputs.putAll(deployed.outputs()));
    if (outputs.isEmpty() && existing.isPresent()) {
      StackState deployed = existing.get();
      outputs.putAll(
          EmulatorOutputs.fromResources(
              root, EmulatorOutputs.named(gateway.resources(deployed.stackId()))));
    }
    return BootstrapResult.noChanges(
        stackName, published.bucket(), published.bucketCreated(), published.uploaded(), outputs);
  }
}
