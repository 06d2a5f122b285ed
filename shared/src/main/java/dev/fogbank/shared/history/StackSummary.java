package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import java.time.Instant;

/**
 * A managed stack at a glance: its latest deployment (id, status, who, when, from where) and the
 * lock held on it, if any (null when free or expired).
 */
public record StackSummary(
    StackRef stack,
    String latestDeploymentId,
    DeploymentStatus latestStatus,
    String requester,
    Instant requestedAt,
    DeploymentSource source,
    StackLock lock) {}
