package dev.fogbank.cli.client;

/**
 * How the CLI authenticates to the API: a bearer token (local mode, {@code fogbank local}'s
 * tokens) or AWS Signature Version 4 (the API in AWS, where API Gateway checks IAM).
 */
public enum AuthMode {
  token,
  sigv4
}
