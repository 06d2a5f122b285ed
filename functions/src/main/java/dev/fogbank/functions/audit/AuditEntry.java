package dev.fogbank.functions.audit;

import dev.fogbank.shared.deploy.ChangeSummary;
import java.time.Instant;
import java.util.List;

/**
 * One change in the audit timeline: who asked, from where, what came of it, and what it changed
 * against what was deployed before it ({@code against}: the stack's newest SUCCEEDED deployment
 * before this one; null when there was none).
 */
public record AuditEntry(
    String deploymentId,
    String stackName,
    Instant requestedAt,
    Instant endedAt,
    String requester,
    String source,
    String status,
    String errorCode,
    String errorMessage,
    ChangeSummary changeSummary,
    String against,
    List<ValueChange> parameters,
    List<ValueChange> tags,
    TemplateChange template,
    Rollback rollback) {

  /** A parameter or tag whose value differs: null before (added) or null after (removed). */
  public record ValueChange(String name, String before, String after) {}

  /**
   * The template against the one before: {@code status} is {@code new} (nothing before),
   * {@code unchanged}, {@code changed} (with lines added and removed), {@code too-large} (over
   * {@link TemplateLines#MAX_TEMPLATE_LINES} lines, not diffed) or {@code unavailable} (a template
   * could not be read).
   */
  public record TemplateChange(String sha256, String status, Integer linesAdded, Integer linesRemoved) {}

  /**
   * A rollback (source {@code rollback}): {@code restores} is the newest earlier SUCCEEDED
   * deployment with the same template and parameters (null when none is found among the 100
   * before it).
   */
  public record Rollback(String restores) {}
}
