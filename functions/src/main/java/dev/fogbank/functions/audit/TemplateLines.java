package dev.fogbank.functions.audit;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentQuery;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment's template against the one deployed before it, line by line (java-diff-utils,
 * Myers): the console's unified diff and the audit report's added/removed counts both come from
 * here.
 */
public final class TemplateLines {
  /** Templates longer than this are not diffed (Myers is O(N·D) in time and memory). */
  public static final int MAX_TEMPLATE_LINES = 20_000;

  private TemplateLines() {}

  /** Lines added and removed going from one template to the next (a changed line counts once each). */
  public record Summary(int added, int removed) {}

  public static List<String> lines(byte[] body) {
    return new String(body, StandardCharsets.UTF_8).lines().toList();
  }

  public static Patch<String> diff(List<String> before, List<String> after) {
    return DiffUtils.diff(before, after);
  }

  public static Summary summary(List<String> before, List<String> after) {
    int added = 0;
    int removed = 0;
    for (AbstractDelta<String> d : diff(before, after).getDeltas()) {
      added += d.getTarget().size();
      removed += d.getSource().size();
    }
    return new Summary(added, removed);
  }

  /**
   * What was deployed when {@code current} was requested: the stack's newest SUCCEEDED deployment
   * before it in history order (one Query, SUCCEEDED as its filter).
   */
  public static Optional<DeploymentRecord> previousSucceeded(
      DeploymentHistory history, DeploymentRecord current) {
    List<DeploymentRecord> found =
        history.find(
            current.stack(),
            new DeploymentQuery(null, null, Set.of(DeploymentStatus.SUCCEEDED), Set.of()),
            HistoryPosition.of(current),
            1);
    return found.stream().findFirst();
  }
}
