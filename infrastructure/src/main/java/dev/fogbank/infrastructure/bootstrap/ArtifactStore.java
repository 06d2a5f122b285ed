package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.util.Optional;

/** The S3 side of bootstrap: the artifacts bucket, its objects, and writes to the drop bucket. */
public interface ArtifactStore {

  /**
   * Makes sure the artifacts bucket exists and is locked down (versioning, default encryption,
   * public access block, TLS-only policy), creating it when absent. The settings are applied on
   * every call, so a bucket left half-configured by an interrupted run is finished by the next.
   *
   * @return true when this call created the bucket
   */
  boolean ensureBucket(String bucket);

  boolean exists(String bucket, String key);

  /** Uploads the artifact under its key. */
  void upload(String bucket, Artifact artifact);

  /** Writes an object; returns its version id when the bucket is versioned. */
  Optional<String> put(String bucket, String key, byte[] body, String contentType);

  /** The object's bytes, or empty when there is none. */
  Optional<byte[]> read(String bucket, String key);

  /**
   * Stores a template under its content's hash (uploading only when absent) and returns the https
   * URL CloudFormation's TemplateURL takes.
   */
  StoredTemplate putTemplate(String bucket, byte[] body);
}
