package dev.fogbank.shared.drop;

/**
 * An object that landed in the drop bucket, as the S3 event tells it. versionId is null on an
 * unversioned bucket; sequencer then tells uploads of the same key apart.
 */
public record DroppedObject(
    String bucket, String key, String versionId, String sequencer, long size, String requester) {}
