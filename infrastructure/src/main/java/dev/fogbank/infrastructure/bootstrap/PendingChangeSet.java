package dev.fogbank.infrastructure.bootstrap;

/** A change set of a stack that has not been executed (or has, as executionStatus says). */
public record PendingChangeSet(String changeSetId, String name, String executionStatus) {}
