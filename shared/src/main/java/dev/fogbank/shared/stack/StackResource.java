package dev.fogbank.shared.stack;

/** One resource of a stack: what the template calls it, its type and its name in AWS. */
public record StackResource(
    String logicalId, String resourceType, String physicalId, String status) {}
