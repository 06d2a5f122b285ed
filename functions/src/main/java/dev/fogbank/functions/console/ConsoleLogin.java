package dev.fogbank.functions.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Who a login token belongs to: the caller name recorded on what they do, or empty. */
@FunctionalInterface
public interface ConsoleLogin {
  Optional<String> callerFor(String token);

  /** Local mode: the one bearer token of {@code <data-dir>/token}, compared in constant time. */
  static ConsoleLogin ofToken(String expected, String caller) {
    byte[] want = expected.getBytes(StandardCharsets.UTF_8);
    return token ->
        token != null && MessageDigest.isEqual(token.trim().getBytes(StandardCharsets.UTF_8), want)
            ? Optional.of(caller)
            : Optional.empty();
  }
}
