package dev.fogbank.shared.drop;

/**
 * The newest version of one file of a stack's drop folder. {@code version} tells uploads of the
 * same key apart: S3's version id, or on an unversioned bucket the ETag and modification time.
 */
public record DropFile(String key, String version, byte[] body) {}
