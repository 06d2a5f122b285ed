package dev.fogbank.shared.secret;

import java.util.Optional;

/**
 * Where one secret's value is kept (Secrets Manager in AWS; an environment variable or a file in
 * local mode). Empty: the secret is not set, so the feature it enables is off.
 */
@FunctionalInterface
public interface SecretSource {
  Optional<String> read();

  /** A secret that is never set. */
  static SecretSource none() {
    return Optional::empty;
  }
}
