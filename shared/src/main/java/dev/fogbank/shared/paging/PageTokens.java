package dev.fogbank.shared.paging;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The API's {@code nextToken}s: opaque and tamper-evident. A token is {@code v1.<cursor>.<mac>},
 * the store's own cursor (base64url) and an HMAC-SHA256 over the listing it belongs to and the
 * cursor, under a key the caller never sees. A token altered, made up, or issued for another
 * listing (another stack, another route) is refused with {@link ErrorCode#INVALID_NEXT_TOKEN}
 * before it reaches the store.
 */
public final class PageTokens {
  /** Longer tokens are refused unread: the stores' cursors are a few hundred bytes. */
  static final int MAX_TOKEN_CHARS = 4096;

  private static final String VERSION = "v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Supplier<byte[]> key;

  private PageTokens(Supplier<byte[]> key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** Tokens under the key {@code key} gives (read once per use; cache it there). */
  public static PageTokens of(Supplier<byte[]> key) {
    return new PageTokens(key);
  }

  /** Tokens under a random key of this process only (tests; one-process embedding). */
  public static PageTokens ephemeral() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new PageTokens(() -> random);
  }

  /** The token for {@code cursor} of {@code listing}; null when there is no next page. */
  public String seal(String listing, String cursor) {
    if (cursor == null) {
      return null;
    }
    String body = ENCODER.encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    return VERSION + "." + body + "." + ENCODER.encodeToString(mac(listing, body));
  }

  /** The cursor in {@code token} if this API issued it for {@code listing}; null for no token. */
  public String open(String listing, String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw invalid("nextToken is longer than any this API issues");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw invalid("nextToken is not one this API issued: pass the previous page's unchanged");
    }
    byte[] given;
    byte[] cursor;
    try {
      given = DECODER.decode(parts[2]);
      cursor = DECODER.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid("nextToken is not one this API issued: pass the previous page's unchanged");
    }
    if (!MessageDigest.isEqual(given, mac(listing, parts[1]))) {
      throw invalid(
          "nextToken was altered or belongs to another listing: pass the previous page's"
              + " unchanged, with the same path and filters");
    }
    return new String(cursor, StandardCharsets.UTF_8);
  }

  private byte[] mac(String listing, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get(), "HmacSHA256"));
      mac.update(listing.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static DeploymentException invalid(String message) {
    return new DeploymentException(ErrorCode.INVALID_NEXT_TOKEN, message);
  }
}
