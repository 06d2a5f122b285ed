package dev.fogbank.shared.stack;

/** One row of a change set: action is Add, Modify, Remove, Import or Dynamic. */
public record ResourceChange(
    String action, String logicalId, String resourceType, String replacement) {}
