package dev.fogbank.shared.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lowercase hex: the one place fogbank fingerprints templates, bodies and ids. */
public final class Sha256 {
  private Sha256() {}

  /** The hex SHA-256 of {@code bytes} (64 characters). */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** The hex SHA-256 of {@code text} in UTF-8 (64 characters). */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code text} (UTF-8) as hex: a short id. */
  public static String hexPrefix(String text, int bytes) {
    return HexFormat.of()
        .formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
