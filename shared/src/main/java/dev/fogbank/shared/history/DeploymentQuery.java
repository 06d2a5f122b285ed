package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import java.time.Instant;
import java.util.Set;

/**
 * Which deployments a listing wants: requested at or after {@code from} and before {@code to}
 * (either null: open), in one of {@code statuses} and from one of {@code sources} (empty: any).
 */
public record DeploymentQuery(
    Instant from, Instant to, Set<DeploymentStatus> statuses, Set<DeploymentSource> sources) {
  public DeploymentQuery {
    statuses = Set.copyOf(statuses);
    sources = Set.copyOf(sources);
  }

  public static DeploymentQuery any() {
    return new DeploymentQuery(null, null, Set.of(), Set.of());
  }

  public boolean matches(DeploymentRecord r) {
    return (from == null || !r.requestedAt().isBefore(from))
        && (to == null || r.requestedAt().isBefore(to))
        && (statuses.isEmpty() || statuses.contains(r.status()))
        && (sources.isEmpty() || sources.contains(r.source()));
  }
}
