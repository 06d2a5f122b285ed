package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackResource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a bootstrap run did.
 *
 * @param uploaded the artifacts this run uploaded (the rest were already in the bucket)
 * @param changes the resources the change set touched (empty for NO_CHANGES)
 * @param outputs the stack's outputs after the run
 * @param resources the stack's resources, listed when it has no outputs to show
 * @param submission for a self-upgrade, what was written to the drop bucket
 */
public record BootstrapResult(
    String stackName,
    Outcome outcome,
    String artifactsBucket,
    boolean bucketCreated,
    List<Artifact> uploaded,
    List<ResourceChange> changes,
    Map<String, String> outputs,
    List<StackResource> resources,
    Optional<DropSubmission> submission) {

  public enum Outcome {
    CREATE_COMPLETE,
    UPDATE_COMPLETE,
    NO_CHANGES,
    /** A self-upgrade handed to the control plane through its drop bucket. */
    SUBMITTED
  }

  /**
   * A self-upgrade written to the drop bucket.
   *
   * @param manifestWritten false when deployment.yaml already held the same values
   * @param deploymentId the id the drop handler gives the deployment, from the versions of the
   *     template and manifest written (null when the bucket keeps no versions or the manifest was
   *     left as it was, so the id cannot be known in advance)
   */
  public record DropSubmission(
      String bucket,
      String templateKey,
      String manifestKey,
      boolean manifestWritten,
      String versionId,
      String deploymentId) {}

  public BootstrapResult {
    uploaded = List.copyOf(uploaded);
    changes = List.copyOf(changes);
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    resources = List.copyOf(resources);
    submission = submission == null ? Optional.empty() : submission;
  }

  /** Nothing to deploy: the stack already is what this run would make it. */
  static BootstrapResult noChanges(
      String stackName,
      String bucket,
      boolean created,
      List<Artifact> uploaded,
      Map<String, String> outputs) {
    return new BootstrapResult(
        stackName,
        Outcome.NO_CHANGES,
        bucket,
        created,
        uploaded,
        List.of(),
        outputs,
        List.of(),
        Optional.empty());
  }

  /** The last line the command prints. */
  public String summary() {
    return BootstrapMessages.summary(this);
  }
}
