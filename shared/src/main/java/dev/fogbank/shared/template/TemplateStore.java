package dev.fogbank.shared.template;

/**
 * Keeps every template a deployment used, content-addressed by sha256, so history can show and
 * rollback can redeploy it. S3 (artifacts bucket) in AWS; a folder under the data dir locally.
 */
public interface TemplateStore {

  /** Stores the bytes (idempotent) and returns a location string get() understands. */
  StoredTemplate put(byte[] body);

  byte[] get(String location);

  record StoredTemplate(String sha256, String location, String url) {}
}
