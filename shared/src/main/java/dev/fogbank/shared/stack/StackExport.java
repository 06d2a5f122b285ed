package dev.fogbank.shared.stack;

/**
 * An exported output value of the region (CloudFormation ListExports).
 *
 * @param exportingStackId the id of the stack that exports it
 */
public record StackExport(String name, String value, String exportingStackId) {}
