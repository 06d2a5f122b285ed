package dev.fogbank.shared.review;

/**
 * A change the stack policy would refuse, found before the update instead of part-way through it.
 *
 * @param updateAction Update:Modify, Update:Replace or Update:Delete
 * @param certain false when the change only may be that update (a Conditional replacement)
 */
public record PolicyDenial(
    String logicalId, String resourceType, String updateAction, boolean certain, String reason) {}
