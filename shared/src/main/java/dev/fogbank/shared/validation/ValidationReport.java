package dev.fogbank.shared.validation;

import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the rules found in a deployment's template and what the policy made of it, in the bounded
 * form the state machine carries and history stores: a DynamoDB item holds at most 400 KB and an
 * execution's state 256 KB, so only the {@link #MAX_RECORDED} worst findings are kept (messages
 * cut to {@link #MAX_TEXT} characters), with the counts of all of them.
 *
 * @param counts unsuppressed findings per severity, all of them (not only those kept)
 * @param suppressed how many findings a resource's Metadata suppressed (recorded, never blocking)
 * @param blocking how many findings refuse the deployment under {@code policy}
 * @param truncated whether {@code findings} holds fewer than {@code total}
 */
public record ValidationReport(
    ValidationPolicy policy,
    boolean blocked,
    int total,
    Map<Severity, Integer> counts,
    int suppressed,
    int blocking,
    List<RecordedFinding> findings,
    boolean truncated) {

  public static final int MAX_RECORDED = 100;
  public static final int MAX_TEXT = 500;

  /**
   * Characters the kept findings may hold in all: with the execution's other state well under 256
   * KB even when every text is at {@link #MAX_TEXT} (paths and justifications come from the
   * template, so their length is the author's choice).
   */
  public static final int MAX_RECORDED_CHARS = 64_000;

  /** One finding as recorded and shown by the API. */
  public record RecordedFinding(
      String ruleId,
      Severity severity,
      String resource,
      String path,
      Integer line,
      Integer column,
      String message,
      boolean suppressed,
      String justification,
      boolean blocking) {

    static RecordedFinding of(Finding f, boolean blocking) {
      return new RecordedFinding(
          cut(f.ruleId()),
          f.severity(),
          f.resource() == null ? null : cut(f.resource()),
          cut(f.path()),
          f.position() == null ? null : f.position().line(),
          f.position() == null ? null : f.position().column(),
          cut(f.message()),
          f.suppressed(),
          f.suppressed() ? cut(f.suppression().justification()) : null,
          blocking);
    }

    /** Roughly how many characters it takes in JSON. */
    int size() {
      return 200
          + length(ruleId)
          + length(resource)
          + length(path)
          + length(message)
          + length(justification);
    }

    private static int length(String s) {
      return s == null ? 0 : s.length();
    }

    /** {@code FB-S3-001 CRITICAL Resources.Bucket.Properties.AccessControl (line 4, column 7)}. */
    public String headline() {
      return ruleId
          + " "
          + severity
          + " "
          + path
          + (line == null ? "" : " (line " + line + ", column " + column + ")")
          + ": "
          + message;
    }
  }

  public ValidationReport {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** Worst first; among equals, blocking before not and unsuppressed before suppressed. */
  public static ValidationReport of(List<Finding> all, ValidationPolicy policy) {
    List<Finding> sorted = new ArrayList<>(all);
    sorted.sort(
        Comparator.comparing(Finding::severity)
            .thenComparing(f -> !policy.blocks(f))
            .thenComparing(Finding::suppressed));
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0);
    }
    int suppressed = 0;
    int blocking = 0;
    List<RecordedFinding> kept = new ArrayList<>();
    int chars = 0;
    for (Finding f : sorted) {
      boolean blocks = policy.blocks(f);
      if (f.suppressed()) {
        suppressed++;
      } else {
        counts.merge(f.severity(), 1, Integer::sum);
      }
      if (blocks) {
        blocking++;
      }
      if (kept.size() < MAX_RECORDED && chars < MAX_RECORDED_CHARS) {
        RecordedFinding recorded = RecordedFinding.of(f, blocks);
        chars += recorded.size();
        kept.add(recorded);
      }
    }
    return new ValidationReport(
        policy, blocking > 0, all.size(), counts, suppressed, blocking, kept,
        kept.size() < all.size());
  }

  /** Nothing found (a template checked with no rules, or a clean one). */
  public static ValidationReport clean(ValidationPolicy policy) {
    return of(List.of(), policy);
  }

  /**
   * Why the deployment was refused, naming the worst findings (what history's error, the API and
   * Slack show): {@code 2 findings block this deployment (enforcement block at HIGH): FB-S3-001
   * CRITICAL Resources.Bucket... (line 4, column 7): ...; ...}.
   */
  public String rejectionMessage(String stackName) {
    List<RecordedFinding> worst = findings.stream().filter(RecordedFinding::blocking).toList();
    String shown =
        worst.stream().limit(5).map(RecordedFinding::headline).collect(Collectors.joining("; "));
    return "stack '"
        + stackName
        + "': "
        + blocking
        + (blocking == 1 ? " finding blocks" : " findings block")
        + " this deployment ("
        + policy.enforcement().wireName()
        + " at "
        + policy.blockAt()
        + " or worse"
        + (suppressed > 0 ? "; " + suppressed + " suppressed" : "")
        + "): "
        + shown
        + (blocking > 5 ? "; and " + (blocking - 5) + " more" : "");
  }

  /** Counts by severity as the API shows them, plus {@code suppressed} and {@code total}. */
  public Map<String, Integer> countsView() {
    Map<String, Integer> view = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      view.put(s.name(), counts.getOrDefault(s, 0));
    }
    view.put("suppressed", suppressed);
    view.put("total", total);
    return view;
  }

  private static String cut(String s) {
    if (s == null) {
      return null;
    }
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s;
  }
}
