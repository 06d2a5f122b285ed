package dev.fogbank.cli.local;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.secret.SecretSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Local mode's Slack signing secret (Secrets Manager's stand-in): the environment variable {@value
 * #VARIABLE} if set, else the file {@value #FILE_NAME} in the data directory, read on each Slack
 * action so a new value applies at once. Neither: Slack actions are refused (401).
 */
final class LocalSigningSecret implements SecretSource {
  static final String VARIABLE = "FOGBANK_SLACK_SIGNING_SECRET";
  static final String FILE_NAME = "slack-signing-secret";

  private final Map<String, String> env;
  private final Path file;

  LocalSigningSecret(Map<String, String> env, Path dataDir) {
    this.env = Map.copyOf(env);
    this.file = dataDir.resolve(FILE_NAME);
  }

  @Override
  public Optional<String> read() {
    String value = env.get(VARIABLE);
    if (value != null && !value.isBlank()) {
      return Optional.of(value.trim());
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "could not read the Slack signing secret file " + file);
    }
  }
}
