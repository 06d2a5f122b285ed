package dev.fogbank.shared.deploy;

import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.error.InvalidRequestException;

/**
 * The {@code Idempotency-Key} a caller sends with {@code POST /deployments}: 1 to 255 printable
 * ASCII characters. Like a drop's object version, it names the deployment: the id is derived from
 * the key and the caller, so a retried request finds the deployment its first attempt recorded
 * (and the history's id claim makes concurrent retries record it once), and two callers' keys
 * never collide.
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (value == null
        || value.isEmpty()
        || value.length() > MAX_LENGTH
        || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
      throw new InvalidRequestException(
          HEADER + " must be 1 to " + MAX_LENGTH + " printable ASCII characters");
    }
  }

  /** The deployment this key names for {@code requester}: d-api-&lt;24 hex&gt;. */
  public String deploymentId(String requester) {
    return "d-api-" + sha256(requester + "\n" + value).substring(0, 24);
  }

  /** The fingerprint stored with the deployment: a replay with another body is refused. */
  public static String requestSha256(String body) {
    return sha256(body);
  }

  private static String sha256(String text) {
    return Sha256.hex(text);
  }
}
