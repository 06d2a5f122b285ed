package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a self-upgrade would change, before it is handed to the control plane: a change set that is
 * deleted again, and a comparison of templates (emulators list no changes), judged by the {@link
 * UpgradeGuard}.
 */
final class UpgradePreview {

  private final StackGateway gateway;
  private final StackSettling settling;
  private final ArtifactUploads uploads;
  private final ControlPlaneLayout layout;
  private final Clock clock;
  private final Consumer<String> progress;

  UpgradePreview(
      StackGateway gateway,
      StackSettling settling,
      ArtifactUploads uploads,
      ControlPlaneLayout layout,
      Clock clock,
      Consumer<String> progress) {
    this.gateway = gateway;
    this.settling = settling;
    this.uploads = uploads;
    this.layout = layout;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * The changes the upgrade would make, or empty when it would make none. Refuses (throws) when a
   * protected resource would be deleted or replaced. The preview change set is always deleted.
   */
  Optional<List<ResourceChange>> changes(
      String stackName,
      StackState stack,
      ControlPlaneTemplate template,
      String bucket,
      Map<String, String> parameters,
      Duration timeout) {
    JsonNode deployed = DeployedTemplate.read(gateway, stackName);
    List<ResourceChange> compared =
        TemplateComparison.changes(deployed, stack.parameters(), template.root(), parameters);
    boolean same =
        TemplateComparison.same(deployed, stack.parameters(), template.root(), parameters);
    var request =
        uploads.changeSetRequest(
            bucket,
            template,
            stackName,
            ControlPlaneNames.changeSetName(ControlPlaneNames.PREVIEW_PREFIX, clock),
            parameters,
            "fogbank self-upgrade preview (deleted after reading)");
    settling.tidy(stackName, Optional.of(stack), timeout);
    ChangeSet created = gateway.createChangeSet(request);
    ChangeSet changeSet;
    try {
      changeSet = gateway.awaitChangeSet(created, timeout);
    } finally {
      if (created.changeSetId() != null) {
        gateway.deleteChangeSet(created.changeSetId());
      }
    }
    if (changeSet.status() == ChangeSet.Status.FAILED) {
      throw new BootstrapException(
          ErrorCode.CHANGE_SET_FAILED,
          "preview change set for stack '" + stackName + "' failed: " + changeSet.reason());
    }
    List<ResourceChange> changes = changeSet.changes();
    if (changeSet.status() == ChangeSet.Status.NO_CHANGES || (changes.isEmpty() && same)) {
      return Optional.empty();
    }
    if (changes.isEmpty()) {
      progress.accept(BootstrapMessages.comparedChanges());
      changes = compared;
    }
    changes.forEach(c -> progress.accept(BootstrapMessages.change(c)));
    List<ResourceChange> judged = new ArrayList<>(changes);
    judged.addAll(compared);
    List<String> refusals = UpgradeGuard.of(layout).refusals(deployed, template.root(), judged);
    if (!refusals.isEmpty()) {
      throw new UpgradeRefusedException(stackName, refusals);
    }
    progress.accept(BootstrapMessages.guardPassed());
    return Optional.of(changes);
  }
}
