package dev.fogbank.shared.drop;

import java.util.Optional;

/** Reads what was dropped (S3 in AWS and in local mode). */
public interface DropSource {
  /** The newest version of a key, or empty when there is none. */
  Optional<DropFile> latest(String bucket, String key);
}
