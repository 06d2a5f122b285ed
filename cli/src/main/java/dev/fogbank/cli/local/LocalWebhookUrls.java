package dev.fogbank.cli.local;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Local mode's stand-in for Secrets Manager: a channel's {@code secretId} names a webhook URL
 * given by {@code --slack-webhook} (secret id {@value #SLACK_WEBHOOK_ID}), by the environment
 * variable {@code FOGBANK_WEBHOOK_<ID>} (the id upper-cased, every other character than a letter
 * or digit as {@code _}), or by a line {@code <secretId>=<url>} in {@code
 * <data dir>/webhooks.properties}, in that order. The file is read again on each lookup that is
 * not cached, so an edit takes effect after a 404 or the cache's TTL.
 */
final class LocalWebhookUrls implements Function<String, Optional<URI>> {
  static final String SLACK_WEBHOOK_ID = "local/slack-webhook";
  static final String FILE_NAME = "webhooks.properties";

  private final URI slackWebhook;
  private final Path file;
  private final Map<String, String> env;

  LocalWebhookUrls(URI slackWebhook, Path dataDir, Map<String, String> env) {
    this.slackWebhook = slackWebhook;
    this.file = dataDir.resolve(FILE_NAME);
    this.env = env;
  }

  static String variable(String secretId) {
    return "FOGBANK_WEBHOOK_"
        + secretId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public Optional<URI> apply(String secretId) {
    if (SLACK_WEBHOOK_ID.equals(secretId) && slackWebhook != null) {
      return Optional.of(slackWebhook);
    }
    String value = env.get(variable(secretId));
    if (value == null && Files.isRegularFile(file)) {
      Properties urls = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        urls.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new DeploymentException(ErrorCode.INTERNAL, file + " is not readable");
      }
      value = urls.getProperty(secretId);
    }
    if (value == null) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND,
          "no webhook URL for it locally: set "
              + variable(secretId)
              + " or add '"
              + secretId
              + "=<url>' to "
              + file);
    }
    try {
      return value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.trim()));
    } catch (IllegalArgumentException e) {
      // Never echo the value: it is a secret even when malformed.
      throw new DeploymentException(ErrorCode.INVALID_REQUEST, "its value is not a URL");
    }
  }
}
