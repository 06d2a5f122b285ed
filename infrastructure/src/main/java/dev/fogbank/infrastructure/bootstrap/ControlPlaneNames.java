package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** What bootstrap names: the control-plane stack, its artifacts bucket, its change sets. */
public final class ControlPlaneNames {

  /** Change sets bootstrap creates; leftovers with these prefixes are removed by the next run. */
  public static final String CHANGE_SET_PREFIX = "fogbank-bootstrap-";

  public static final String PREVIEW_PREFIX = "fogbank-preview-";

  private static final Pattern CONTROL_PLANE_STACK_NAME =
      Pattern.compile("[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ControlPlaneNames() {}

  /**
   * {@code fogbank-artifacts-<account>-<region>}: one per account and region, as CDK names its own.
   */
  public static String artifactsBucketName(String account, String region) {
    return "fogbank-artifacts-" + account + "-" + region;
  }

  /**
   * The control-plane stack's name also names its drop bucket ({@code <name>-drop-<account>-
   * <region>}, at most 63 characters of lower-case letters, digits and hyphens), so it is held to
   * what a bucket name allows.
   */
  static String controlPlaneStackName(String name) {
    StackName.require(name);
    if (!CONTROL_PLANE_STACK_NAME.matcher(name).matches()) {
      throw new BootstrapException(
          ErrorCode.INVALID_STACK_NAME,
          "control-plane stack name '"
              + name
              + "' must be 1 to 30 lower-case letters, digits and hyphens, starting with a letter"
              + " and not ending with a hyphen: it names the drop bucket"
              + " (<name>-drop-<account>-<region>)");
    }
    return name;
  }

  /** A new change set name: the prefix, the time, and a random part against collisions. */
  static String changeSetName(String prefix, Clock clock) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return prefix + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }

  /** A change set that bootstrap made (and may therefore remove). */
  static boolean isBootstrapChangeSet(String name) {
    return name != null && (name.startsWith(CHANGE_SET_PREFIX) || name.startsWith(PREVIEW_PREFIX));
  }
}
