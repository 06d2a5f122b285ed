package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackRef;
import java.util.List;
import java.util.Optional;

/** The append-only record of every deployment requested. */
public interface DeploymentHistory {

  /** The stack events kept per deployment: the oldest; later ones are left out (truncated). */
  int MAX_STACK_EVENTS = 1_000;

  /** Stores a new record; a second append with the same deploymentId is refused (no overwrite). */
  void append(DeploymentRecord record);

  /**
   * Moves a deployment on in its life. A record that already ended is never changed again: the
   * call returns the stored record unchanged. Throws NotFoundException for an unknown id.
   */
  DeploymentRecord transition(String deploymentId, StatusChange change);

  /**
   * {@link #transition}, only if the record is in status {@code expected} now (one conditional
   * write: a cancel racing the deployment's own next step cannot both win). The changed record, or
   * empty if it was in another status.
   */
  Optional<DeploymentRecord> transitionIf(
      String deploymentId, DeploymentStatus expected, StatusChange change);

  Optional<DeploymentRecord> get(String deploymentId);

  /** A stack's deployments, newest first. {@code nextToken} from a previous page, or null. */
  HistoryPage list(StackRef stack, int limit, String nextToken);

  /**
   * A stack's deployments matching {@code query}, newest first, after {@code after} in that order
   * (null: from the newest); at most {@code limit} (1 to 101:
   * a page of 100 and one to tell whether another follows).
   */
  List<DeploymentRecord> find(
      StackRef stack, DeploymentQuery query, HistoryPosition after, int limit);

  /**
   * Appends the stack events of {@code events} newer than the newest already recorded with the
   * deployment (append-only: a recorded event is never changed), up to {@link #MAX_STACK_EVENTS}
   * in all. {@code complete}: the deployment has ended and these are its last events; nothing is
   * appended afterwards. Does nothing once complete.
   */
  void recordEvents(String deploymentId, List<StackEvent> events, boolean complete);

  /** Whether the deployment's stack events are all recorded ({@code complete} was given). */
  boolean eventsComplete(String deploymentId);

  /**
   * The stack events recorded with the deployment, oldest first, after {@code afterCursor} (a
   * previous page's {@code nextCursor}; null: from the first), at most {@code limit} (1 to 100).
   */
  StackEventPage events(String deploymentId, String afterCursor, int limit);
}
