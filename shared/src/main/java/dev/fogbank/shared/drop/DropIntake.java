package dev.fogbank.shared.drop;

import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentManifest;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentSubmission;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interprets an upload to the drop bucket. {@code stacks/<stack>/template.(yaml|yml|json)} deploys
 * that template with the {@code deployment.yaml} beside it; uploading {@code deployment.yaml}
 * redeploys the template already there with the new parameters. Any other key is recorded as a
 * FAILED deployment explaining the expected layout.
 */
public final class DropIntake {
  public static final List<String> TEMPLATE_NAMES =
      List.of("template.yaml", "template.yml", "template.json");
  public static final String MANIFEST_NAME = "deployment.yaml";
  private static final Pattern KEY = Pattern.compile("stacks/([^/]*)/([^/]+)");

  private final DeploymentIntake intake;
  private final DropSource source;

  public DropIntake(DeploymentIntake intake, DropSource source) {
    this.intake = intake;
    this.source = source;
  }

  public DropOutcome accept(DroppedObject object) {
    String id = deploymentIdFor(object);
    String requester = object.requester() == null ? "drop" : object.requester();
    Matcher m = KEY.matcher(object.key());
    if (!m.matches()
        || !(TEMPLATE_NAMES.contains(m.group(2)) || MANIFEST_NAME.equals(m.group(2)))) {
      String stack = m.matches() ? m.group(1) : null;
      return DropOutcome.deployed(
          intake.reject(
              id,
              stack,
              DeploymentSource.DROP,
              requester,
              new DeploymentException(
                  ErrorCode.INVALID_REQUEST,
                  "unexpected drop key '"
                      + object.key()
                      + "': expected stacks/<stack-name>/template.yaml (or .yml/.json)"
                      + " with an optional deployment.yaml beside it")));
    }
    String stackName = m.group(1);
    String prefix = "stacks/" + stackName + "/";
    try {
      byte[] template;
      byte[] manifestBytes;
      if (MANIFEST_NAME.equals(m.group(2))) {
        Optional<byte[]> existing = latestTemplate(object.bucket(), prefix);
        if (existing.isEmpty()) {
          return DropOutcome.ignored(
              object.key() + " uploaded without a template beside it: waiting for the template");
        }
        template = existing.get();
        manifestBytes = source.read(object.bucket(), object.key(), object.versionId());
      } else {
        template = source.read(object.bucket(), object.key(), object.versionId());
        manifestBytes = source.readIfPresent(object.bucket(), prefix + MANIFEST_NAME).orElse(null);
      }
      DeploymentManifest manifest =
          manifestBytes == null
              ? DeploymentManifest.parse(new byte[0])
              : DeploymentManifest.parse(manifestBytes);
      return DropOutcome.deployed(
          intake.submit(
              new DeploymentSubmission(
                  id,
                  stackName,
                  template,
                  manifest.parameters(),
                  manifest.tags(),
                  DeploymentSource.DROP,
                  requester)));
    } catch (DeploymentException e) {
      if (e.code() == ErrorCode.AWS_UNAVAILABLE || e.code() == ErrorCode.INTERNAL) {
        throw e; // transient: let the trigger retry the event
      }
      return DropOutcome.deployed(
          intake.reject(id, stackName, DeploymentSource.DROP, requester, e));
    }
  }

  private Optional<byte[]> latestTemplate(String bucket, String prefix) {
    for (String name : TEMPLATE_NAMES) {
      Optional<byte[]> body = source.readIfPresent(bucket, prefix + name);
      if (body.isPresent()) {
        return body;
      }
    }
    return Optional.empty();
  }

  /**
   * The same upload always maps to the same deployment (and execution name), so a duplicated S3
   * event starts nothing new.
   */
  public static String deploymentIdFor(DroppedObject o) {
    String version = o.versionId() != null ? o.versionId() : "seq:" + o.sequencer();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (o.bucket() + "/" + o.key() + "@" + version).getBytes(StandardCharsets.UTF_8));
      return "d-drop-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
