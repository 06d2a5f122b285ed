package dev.fogbank.shared.drop;

import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentManifest;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentSubmission;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.wait.Pause;
import dev.fogbank.shared.stack.StackName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interprets an upload to the drop bucket; the one drop rule of both runtimes (Lambda's drop
 * function and local mode's watched folder hand it the same S3 events).
 *
 * <p>An upload of {@code stacks/<stack>/template.(yaml|yml|json)} or {@code
 * stacks/<stack>/deployment.yaml} deploys the stack's folder as it is once uploads have settled:
 * the newest template with the newest manifest, whichever file's event triggered it. The
 * deployment id is derived from the versions read, so the template's and the manifest's events of
 * one upload (in either order, up to {@link #SETTLE} apart) and a duplicated event all name the
 * same deployment, which history's id claim and Step Functions' execution names start once. Any
 * other key is recorded as a FAILED deployment explaining the expected layout.
 */
public final class DropIntake {
  public static final List<String> TEMPLATE_NAMES =
      List.of("template.yaml", "template.yml", "template.json");
  public static final String MANIFEST_NAME = "deployment.yaml";

  /**
   * How long an event waits before reading its stack's folder, so that files uploaded together
   * (one event each, delivered in any order) are read together. Each invocation waits on its own:
   * Lambda invocations share no memory, and the drop function's timeout is far longer.
   */
  public static final Duration SETTLE = Duration.ofSeconds(3);

  private static final Pattern KEY = Pattern.compile("stacks/([^/]*)/([^/]+)");

  private final DeploymentIntake intake;
  private final DropSource source;
  private final Duration settle;

  public DropIntake(DeploymentIntake intake, DropSource source) {
    this(intake, source, SETTLE);
  }

  public DropIntake(DeploymentIntake intake, DropSource source, Duration settle) {
    this.intake = intake;
    this.source = source;
    this.settle = settle;
  }

  public DropOutcome accept(DroppedObject object) {
    String requester = object.requester() == null ? "drop" : object.requester();
    Matcher m = KEY.matcher(object.key());
    if (!m.matches()
        || !(TEMPLATE_NAMES.contains(m.group(2)) || MANIFEST_NAME.equals(m.group(2)))) {
      return reject(
          object,
          m.matches() ? m.group(1) : null,
          requester,
          new DeploymentException(
              ErrorCode.INVALID_REQUEST,
              "unexpected drop key '"
                  + CallerText.shown(object.key(), 300)
                  + "': expected stacks/<stack-name>/template.yaml (or .yml/.json)"
                  + " with an optional deployment.yaml beside it"));
    }
    String stackName = m.group(1);
    String id = eventDeploymentId(object);
    try {
      StackName.require(stackName);
      awaitSettled();
      String prefix = "stacks/" + stackName + "/";
      Optional<DropFile> template = newestTemplate(object.bucket(), prefix);
      if (template.isEmpty()) {
        return DropOutcome.ignored(
            object.key() + " uploaded without a template beside it: waiting for the template");
      }
      Optional<DropFile> manifestFile = source.latest(object.bucket(), prefix + MANIFEST_NAME);
      id = deploymentIdFor(object.bucket(), template.get(), manifestFile);
      DeploymentManifest manifest =
          DeploymentManifest.parse(manifestFile.map(DropFile::body).orElse(new byte[0]));
      return DropOutcome.submitted(
          intake.submit(
              new DeploymentSubmission(
                  id,
                  stackName,
                  template.get().body(),
                  manifest.parameters(),
                  manifest.tags(),
                  DeploymentSource.DROP,
                  requester,
                  manifest.validation(),
                  manifest.reviewPolicy(),
                  null)));
    } catch (DeploymentException e) {
      if (e.code() == ErrorCode.AWS_UNAVAILABLE) {
        throw e; // transient: let the trigger retry the event
      }
      // Anything else, a refusal on the control plane's own resources (INTERNAL) included, would
      // fail again on every retry: record it, so the drop ends with a reason instead of in the
      // trigger's dead-letter destination. (Should recording fail too, that throws and retries.)
      return DropOutcome.rejected(
          intake.reject(id, stackName, DeploymentSource.DROP, requester, e));
    }
  }

  private DropOutcome reject(
      DroppedObject object, String stackName, String requester, DeploymentException reason) {
    return DropOutcome.rejected(
        intake.reject(
            eventDeploymentId(object), stackName, DeploymentSource.DROP, requester, reason));
  }

  private void awaitSettled() {
    if (settle.isZero()) {
      return;
    }
    try {
      Pause.SYSTEM.sleep(settle);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeploymentException(
          ErrorCode.INTERNAL, "interrupted while waiting for the drop to settle", e);
    }
  }

  /** Two templates in one folder would make the deployment depend on which event came last. */
  private Optional<DropFile> newestTemplate(String bucket, String prefix) {
    List<DropFile> found = new ArrayList<>();
    for (String name : TEMPLATE_NAMES) {
      source.latest(bucket, prefix + name).ifPresent(found::add);
    }
    if (found.size() > 1) {
      throw new DeploymentException(
          ErrorCode.INVALID_REQUEST,
          prefix
              + " holds "
              + found.stream().map(DropFile::key).toList()
              + ": keep one template per stack (template.yaml, template.yml or template.json)");
    }
    return found.stream().findFirst();
  }

  /**
   * The deployment of a stack folder's state: its newest template and manifest versions. Every
   * event that reads the same versions names the same deployment, and a new upload of any of the
   * two (even of the same bytes) names a new one.
   */
  public static String deploymentIdFor(
      String bucket, DropFile template, Optional<DropFile> manifest) {
    return idOf(
        bucket
            + "/"
            + template.key()
            + "@"
            + template.version()
            + "\n"
            + manifest.map(f -> f.key() + "@" + f.version()).orElse("(no manifest)"));
  }

  /**
   * A drop that is refused before its folder is read is recorded under an id from its own event,
   * so the same event delivered twice records it once.
   */
  public static String eventDeploymentId(DroppedObject o) {
    String version = o.versionId() != null ? o.versionId() : "seq:" + o.sequencer();
    return idOf(o.bucket() + "/" + o.key() + "@" + version);
  }

  private static String idOf(String identity) {
    return "d-drop-" + Sha256.hexPrefix(identity, 12);
  }
}
