package dev.fogbank.shared.stack;

import java.time.Instant;

public record StackEvent(
    Instant timestamp, String logicalId, String resourceType, String status, String statusReason) {}
