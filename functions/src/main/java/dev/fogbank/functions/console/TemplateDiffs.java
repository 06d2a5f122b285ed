package dev.fogbank.functions.console;

import com.github.difflib.UnifiedDiffUtils;
import dev.fogbank.functions.audit.TemplateLines;
import dev.fogbank.functions.console.ConsoleModels.DiffLine;
import dev.fogbank.functions.console.ConsoleModels.TemplateDiff;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.template.TemplateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment page's unified diff of a deployment's template against the previously deployed
 * one ({@link TemplateLines}: the stack's newest SUCCEEDED deployment before it), 3 lines of
 * context, at most {@link #MAX_LINES} lines shown.
 */
final class TemplateDiffs {
  /** Lines of the unified diff shown; the rest is cut and the page says so. */
  static final int MAX_LINES = 2_000;

  static final int MAX_TEMPLATE_LINES = TemplateLines.MAX_TEMPLATE_LINES;

  private static final int CONTEXT = 3;

  private final DeploymentHistory history;
  private final TemplateStore templates;

  TemplateDiffs(DeploymentHistory history, TemplateStore templates) {
    this.history = history;
    this.templates = templates;
  }

  TemplateDiff of(DeploymentRecord current) {
    Optional<DeploymentRecord> previous = TemplateLines.previousSucceeded(history, current);
    if (previous.isEmpty()) {
      return TemplateDiff.note("none", "No earlier successful deployment of this stack to compare with.");
    }
    DeploymentRecord p = previous.get();
    String id = p.deploymentId();
    if (current.templateSha256() != null && current.templateSha256().equals(p.templateSha256())) {
      return TemplateDiff.against(id, "unchanged", "Template unchanged since " + id + ".", List.of(), 0);
    }
    List<String> before;
    List<String> after;
    try {
      before = TemplateLines.lines(templates.get(p.templateLocation()));
      after = TemplateLines.lines(templates.get(current.templateLocation()));
    } catch (DeploymentException e) {
      StructuredLog.warn(
          "console_template_unreadable", Map.of("deploymentId", current.deploymentId()));
      return TemplateDiff.against(
          id, "unavailable", "A template could not be read: " + e.getMessage(), List.of(), 0);
    }
    if (before.equals(after)) {
      return TemplateDiff.against(id, "unchanged", "Template unchanged since " + id + ".", List.of(), 0);
    }
    if (before.size() > MAX_TEMPLATE_LINES || after.size() > MAX_TEMPLATE_LINES) {
      return TemplateDiff.against(id, "too-large", "The templates are too long to diff here (over "
          + MAX_TEMPLATE_LINES + " lines).", List.of(), 0);
    }
    List<String> unified =
        UnifiedDiffUtils.generateUnifiedDiff(
            id, current.deploymentId(), before, TemplateLines.diff(before, after), CONTEXT);
    List<DiffLine> shown =
        unified.stream().limit(MAX_LINES).map(TemplateDiffs::line).toList();
    return TemplateDiff.against(id, "diff", "", shown, unified.size());
  }

  private static DiffLine line(String text) {
    String kind =
        text.startsWith("+++") || text.startsWith("---")
            ? "header"
            : text.startsWith("@@")
                ? "hunk"
                : text.startsWith("+") ? "add" : text.startsWith("-") ? "remove" : "context";
    return new DiffLine(kind, text);
  }
}
