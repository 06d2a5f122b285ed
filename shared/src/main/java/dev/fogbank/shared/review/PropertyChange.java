package dev.fogbank.shared.review;

/**
 * One property a change modifies.
 *
 * @param path where, e.g. {@code KeySchema[0].AttributeName}; a change set names top-level
 *     properties only
 * @param replaces whether this change replaces the resource: TRUE for a create-only property whose
 *     new value is known, CONDITIONAL when the value is known only during the update
 * @param note how it changes, in words (e.g. "create-only; new value depends on Fn::GetAtt")
 */
public record PropertyChange(String path, Replacement replaces, String note) {}
