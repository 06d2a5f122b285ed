package dev.fogbank.shared.drop;

import java.util.Optional;

/** Reads what was dropped (S3 in AWS and in local mode). */
public interface DropSource {
  /** The object's bytes at that version (latest when versionId is null). */
  byte[] read(String bucket, String key, String versionId);

  /** The latest version of a key, or empty when there is none. */
  Optional<byte[]> readIfPresent(String bucket, String key);
}
