package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.stack.ResourceChange;
import java.util.Locale;

/** The lines bootstrap reports, one per happening, in the words the command prints. */
public final class BootstrapMessages {

  private BootstrapMessages() {}

  static String bucket(String bucket, boolean created) {
    return "artifacts bucket: " + bucket + (created ? " (created)" : " (exists)");
  }

  static String uploaded(Artifact artifact) {
    return "uploaded: "
        + artifact.key()
        + " ("
        + artifact.name()
        + ", "
        + size(artifact.size())
        + ")";
  }

  static String upToDate(int count) {
    return "artifacts: up to date (" + count + " already uploaded)";
  }

  static String inlineTemplate(int bytes) {
    return "template: " + bytes + " bytes, sent inline";
  }

  static String storedTemplate(int bytes, String location) {
    return "template: "
        + bytes
        + " bytes, over CloudFormation's 51,200-byte inline limit: "
        + location;
  }

  /** {@code change: Modify ApiFunction AWS::Lambda::Function replacement=False}. */
  public static String change(ResourceChange change) {
    StringBuilder line =
        new StringBuilder("change: ")
            .append(change.action())
            .append(' ')
            .append(change.logicalId());
    if (change.resourceType() != null) {
      line.append(' ').append(change.resourceType());
    }
    if (change.replacement() != null) {
      line.append(" replacement=").append(change.replacement());
    }
    if (change.reason() != null) {
      line.append(" (").append(change.reason()).append(')');
    }
    return line.toString();
  }

  static String noResourceChanges() {
    return "changes: none to resources (outputs, metadata or parameter values only)";
  }

  /** Said once before rows that come from comparing templates. */
  static String comparedChanges() {
    return "changes: the change set lists no resources; from comparing the deployed template and"
        + " parameters with the new ones:";
  }

  static String output(String name, String value) {
    return "output: " + name + " = " + value;
  }

  static String derivedOutput(String name, String value) {
    return "output: " + name + " = " + value + " (physical ID; the endpoint returned no outputs)";
  }

  static String waiting(String stackName, String status, long seconds) {
    return "stack "
        + stackName
        + " is "
        + status
        + ": waiting up to "
        + seconds
        + " s for that operation to end";
  }

  static String removedChangeSet(String name) {
    return "removed change set " + name + " left by an interrupted run";
  }

  static String removedReviewStack(String stackName) {
    return "removed stack " + stackName + " left in REVIEW_IN_PROGRESS by an interrupted run";
  }

  static String wrote(String bucket, String key) {
    return "wrote s3://" + bucket + "/" + key;
  }

  static String unchanged(String bucket, String key) {
    return "unchanged s3://" + bucket + "/" + key;
  }

  static String guardPassed() {
    return "guard: no protected resource (table, buckets, topic) is deleted or replaced";
  }

  static String guardSkipped() {
    return "guard: skipped (--force): no preview, nothing checked";
  }

  /** The final line: {@code bootstrap: fogbank CREATE_COMPLETE}, {@code ... no changes}. */
  public static String summary(BootstrapResult result) {
    String prefix = "bootstrap: " + result.stackName() + " ";
    return switch (result.outcome()) {
      case CREATE_COMPLETE, UPDATE_COMPLETE -> prefix + result.outcome();
      case NO_CHANGES -> prefix + "no changes";
      case SUBMITTED -> {
        BootstrapResult.DropSubmission s = result.submission().orElseThrow();
        yield prefix
            + "upgrade submitted to s3://"
            + s.bucket()
            + "/"
            + s.templateKey()
            + (s.deploymentId() == null ? "" : " as deployment " + s.deploymentId());
      }
    };
  }

  /** 512 B, 4.1 kB, 12.3 MB. */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }
}
