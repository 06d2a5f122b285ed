package dev.fogbank.cli.local;

import dev.fogbank.shared.deploy.DeploymentOptions;
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
    long shutdownGraceMillis) {}
