package dev.fogbank.cli.local;

import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.validation.RequiredTags;
import java.net.URI;
import java.nio.file.Path;

/**
 * How `fogbank local` runs. awsEndpoint null = start moto_server; "aws" = real AWS through the
 * default credential chain.
 */
public record LocalConfig(
    int port,
    Path dropDir,
    Path dataDir,
    String awsEndpoint,
    String region,
    URI slackWebhook,
    String token,
    String account,
    DeploymentOptions options,
    long dropPollMillis,
    long shutdownGraceMillis,
    TemplateRules rules,
    RequiredTags requiredTags) {

  public LocalConfig {
    rules = rules == null ? SecurityRules.standard() : rules;
    requiredTags = requiredTags == null ? RequiredTags.none() : requiredTags;
  }

  /** With the standard security rules and no required stack tags. */
  public LocalConfig(
      int port,
      Path dropDir,
      Path dataDir,
      String awsEndpoint,
      String region,
      URI slackWebhook,
      String token,
      String account,
      DeploymentOptions options,
      long dropPollMillis,
      long shutdownGraceMillis) {
    this(
        port, dropDir, dataDir, awsEndpoint, region, slackWebhook, token, account, options,
        dropPollMillis, shutdownGraceMillis, null, null);
  }

  /** The same settings with other rules (tests inject a small rule set) and required tags. */
  public LocalConfig withValidation(TemplateRules rules, RequiredTags requiredTags) {
    return new LocalConfig(
        port, dropDir, dataDir, awsEndpoint, region, slackWebhook, token, account, options,
        dropPollMillis, shutdownGraceMillis, rules, requiredTags);
  }
}
