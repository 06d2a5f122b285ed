package dev.fogbank.cli.client;

/**
 * What {@code --output} takes: aligned text for people; the API's JSON, or the same as YAML, for
 * programs; CSV (RFC 4180) for spreadsheets: a list's items as rows, anything nested as JSON.
 */
public enum OutputFormat {
  table,
  json,
  yaml,
  csv
}
