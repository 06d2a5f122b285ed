package dev.fogbank.infrastructure.bootstrap;

/** One resource of a stack: what the template calls it, its type and its name in AWS. */
public record DeployedResource(
    String logicalId, String resourceType, String physicalId, String status) {}
