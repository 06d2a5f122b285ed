package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.DropFile;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackResource;
import dev.fogbank.shared.stack.StackState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Upgrades an installed control plane through its own drop bucket: the new template (artifact keys
 * as its parameters' defaults) goes to {@code stacks/<stack>/template.yaml}, the remaining
 * parameters to {@code deployment.yaml} beside it.
 */
final class SelfUpgrade {

  static final String MANIFEST_CONTENT_TYPE = "text/yaml; charset=utf-8";

  private final ControlPlane controlPlane;
  private final String region;
  private final ControlPlaneParameters parameters;
  private final ArtifactUploads uploads;
  private final StackSettling settling;
  private final UpgradePreview preview;
  private final ArtifactStore store;
  private final StackGateway gateway;
  private final Consumer<String> progress;

  SelfUpgrade(
      ControlPlane controlPlane,
      String region,
      ControlPlaneParameters parameters,
      ArtifactUploads uploads,
      StackSettling settling,
      UpgradePreview preview,
      ArtifactStore store,
      StackGateway gateway,
      Consumer<String> progress) {
    this.controlPlane = controlPlane;
    this.region = region;
    this.parameters = parameters;
    this.uploads = uploads;
    this.settling = settling;
    this.preview = preview;
    this.store = store;
    this.gateway = gateway;
    this.progress = progress;
  }

  BootstrapResult run(BootstrapRequest request) {
    String stackName = ControlPlaneNames.controlPlaneStackName(request.stackName());
    Duration timeout = request.timeout();
    ArtifactSet artifacts = ArtifactSet.load(request.functionsDir());
    // The drop deployment passes only deployment.yaml's parameters; the artifact keys travel in
    // the template itself, so that the template and the code it needs arrive in one object.
    ControlPlaneTemplate template = controlPlane.template().render(artifacts.parameters());
    parameters.requireSettable(template, artifacts, request.parameters());
    StackState stack = installed(stackName, timeout);
    String dropBucket = dropBucket(stackName, stack);
    // deployment.yaml carries every value that is not an artifact key: those set before (a drop
    // deployment passes only what the manifest says; the rest would fall back to Defaults) and
    // those given now.
    Map<String, String> chosen =
        parameters.choose(template, artifacts, Optional.of(stack), request.parameters());
    parameters.requireComplete(template, artifacts, chosen);

    ArtifactUploads.Published published = uploads.publish(artifacts);
    Map<String, String> manifestParameters =
        parameters.withArtifactsBucket(chosen, published.bucket());
    List<ResourceChange> changes = List.of();
    if (request.force()) {
      progress.accept(BootstrapMessages.guardSkipped());
    } else {
      Optional<List<ResourceChange>> previewed =
          preview.changes(
              stackName, stack, template, published.bucket(), manifestParameters, timeout);
      if (previewed.isEmpty()) {
        return BootstrapResult.noChanges(
            stackName, published.bucket(), published.bucketCreated(), published.uploaded(), Map.of());
      }
      changes = previewed.get();
    }

    String prefix = "stacks/" + stackName + "/";
    String manifestKey = prefix + DropIntake.MANIFEST_NAME;
    String templateKey = prefix + "template.yaml";
    byte[] manifest = manifest(manifestParameters);
    // deployment.yaml first, and only when it changes: uploading it alone redeploys the template
    // already there, which with the same values changes nothing.
    boolean manifestWritten =
        !store.read(dropBucket, manifestKey).map(b -> Arrays.equals(b, manifest)).orElse(false);
    Optional<String> manifestVersion = Optional.empty();
    if (manifestWritten) {
      manifestVersion = store.put(dropBucket, manifestKey, manifest, MANIFEST_CONTENT_TYPE);
      progress.accept(BootstrapMessages.wrote(dropBucket, manifestKey));
    } else {
      progress.accept(BootstrapMessages.unchanged(dropBucket, manifestKey));
    }
    Optional<String> version =
        store.put(dropBucket, templateKey, template.bytes(), MANIFEST_CONTENT_TYPE);
    progress.accept(BootstrapMessages.wrote(dropBucket, templateKey));
    // The drop names its deployment after the versions of both files; an unchanged manifest's
    // version is not known here.
    String deploymentId =
        version.isPresent() && manifestVersion.isPresent()
            ? DropIntake.deploymentIdFor(
                dropBucket,
                new DropFile(templateKey, version.get(), template.bytes()),
                Optional.of(new DropFile(manifestKey, manifestVersion.get(), manifest)))
            : null;
    return new BootstrapResult(
        stackName,
        BootstrapResult.Outcome.SUBMITTED,
        published.bucket(),
        published.bucketCreated(),
        published.uploaded(),
        changes,
        Map.of(),
        List.of(),
        Optional.of(
            new BootstrapResult.DropSubmission(
                dropBucket,
                templateKey,
                manifestKey,
                manifestWritten,
                version.orElse(null),
                deploymentId)));
  }

  /** deployment.yaml: {@code parameters:} with each value quoted. */
  static byte[] manifest(Map<String, String> parameters) {
    StringBuilder yaml = new StringBuilder("# written by fogbank bootstrap --via-control-plane\n");
    yaml.append("parameters:\n");
    new TreeMap<>(parameters)
        .forEach(
            (k, v) ->
                yaml.append("  ")
                    .append(k)
                    .append(": \"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n"));
    return yaml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The installed stack, settled, in a state that can deploy its own upgrade. */
  private StackState installed(String stackName, Duration timeout) {
    StackState stack =
        settling
            .settle(stackName, timeout)
            .orElseThrow(
                () ->
                    BootstrapException.invalidInput(
                        "stack '"
                            + stackName
                            + "' does not exist in "
                            + region
                            + ": install the control plane first with 'fogbank bootstrap'"
                            + " (without --via-control-plane)"));
    if (!stack.succeeded() && !stack.status().equals("UPDATE_ROLLBACK_COMPLETE")) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stackName
              + "' is "
              + stack.status()
              + ": a control plane in that state cannot deploy its own upgrade; repair it with"
              + " 'fogbank bootstrap' (without --via-control-plane)");
    }
    return stack;
  }

  private String dropBucket(String stackName, StackState stack) {
    ControlPlaneLayout layout = controlPlane.layout();
    String fromOutput = stack.outputs().get(layout.dropBucketOutput());
    if (fromOutput != null && !fromOutput.isBlank()) {
      return fromOutput;
    }
    String logicalId = layout.dropBucketLogicalId();
    if (logicalId != null) {
      for (StackResource r : gateway.resources(stack.stackId())) {
        if (r.logicalId().equals(logicalId) && r.physicalId() != null) {
          return r.physicalId();
        }
      }
    }
    throw new BootstrapException(
        ErrorCode.STACK_FAILED,
        "stack '"
            + stackName
            + "' has no output "
            + layout.dropBucketOutput()
            + (logicalId == null ? "" : " and no resource " + logicalId)
            + ": cannot find the control plane's drop bucket");
  }
}
