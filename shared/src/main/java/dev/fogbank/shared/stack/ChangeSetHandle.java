package dev.fogbank.shared.stack;

/** A created change set. type is CREATE (new stack) or UPDATE. */
public record ChangeSetHandle(
    String stackName, String stackId, String changeSetId, String changeSetName, String type) {}
