package dev.fogbank.shared.notify;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature ("verifying requests from Slack"): {@code X-Slack-Signature} is {@code
 * v0=} and the hex HMAC-SHA256, keyed with the app's signing secret, of {@code
 * v0:<X-Slack-Request-Timestamp>:<raw body>}. A timestamp more than {@link #MAX_SKEW} from now is
 * refused as a possible replay, as Slack's own SDKs do.
 */
public final class SlackSignature {
  public static final String SIGNATURE_HEADER = "X-Slack-Signature";
  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final String VERSION = "v0";

  private SlackSignature() {}

  /** The header value Slack would send for {@code body} at {@code timestamp} (epoch seconds). */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Returns if the request is Slack's; otherwise UNAUTHORIZED saying which check failed (never the
   * expected signature).
   */
  public static void verify(
      String signingSecret, String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null) {
      throw unauthorized(
          "a Slack action needs the " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER
              + " headers");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw unauthorized(TIMESTAMP_HEADER + " is not a number of seconds");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) {
      throw unauthorized(
          TIMESTAMP_HEADER + " is more than " + MAX_SKEW.toMinutes()
              + " minutes from now: refused as a possible replay");
    }
    byte[] expected = sign(signingSecret, timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
    // Constant time: the comparison must not tell a forger how many characters were right.
    if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
      throw unauthorized(SIGNATURE_HEADER + " does not match: not signed by this Slack app");
    }
  }

  private static DeploymentException unauthorized(String message) {
    return new DeploymentException(ErrorCode.UNAUTHORIZED, message);
  }
}
