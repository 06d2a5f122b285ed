package dev.fogbank.cli.client;

/** What {@code --output} takes: aligned text for people, the API's JSON for programs. */
public enum OutputFormat {
  table,
  json
}
