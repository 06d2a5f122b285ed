package dev.fogbank.functions.api;

import dev.fogbank.functions.audit.AuditEntry;
import dev.fogbank.functions.audit.AuditEntry.ValueChange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /audit} as a printable HTML page: one table row per change, every value escaped. Not
 * a jte template as the console's pages are: the api Lambda artifact carries neither jte's runtime
 * nor the console (it is at its size budget), and this route is served there too.
 */
final class AuditPage {
  private AuditPage() {}

  static String of(List<AuditEntry> entries, Map<String, String> query, String nextToken) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>fogbank audit</title><style>")
        .append("body{font:12px sans-serif}table{border-collapse:collapse;width:100%}")
        .append("th,td{border:1px solid #999;padding:2px 4px;vertical-align:top;text-align:left}")
        .append("@media print{a.next{display:none}}</style></head><body>\n")
        .append("<h1>Audit</h1>\n<p class=\"filters\">");
    Map<String, String> filters = new TreeMap<>(query);
    filters.remove("nextToken");
    h.append(filters.isEmpty() ? "All readable stacks." : "Filters: ");
    filters.forEach((k, v) -> h.append(escape(k)).append('=').append(escape(v)).append(' '));
    h.append("</p>\n<table><thead><tr>");
    for (String c :
        List.of("Requested", "Ended", "Stack", "Deployment", "Who", "Source", "Outcome",
            "Resources +/~/-", "Template", "Parameters", "Tags", "Rollback")) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (AuditEntry e : entries) {
      h.append("<tr id=\"").append(escape(e.deploymentId())).append("\">");
      cell(h, e.requestedAt());
      cell(h, e.endedAt());
      cell(h, e.stackName());
      cell(h, e.deploymentId());
      cell(h, e.requester());
      cell(h, e.source());
      cell(h, e.errorCode() == null ? e.status() : e.status() + " " + e.errorCode() + ": "
          + e.errorMessage());
      cell(h, e.changeSummary() == null ? null
          : e.changeSummary().adds() + " / " + e.changeSummary().modifies() + " / "
              + e.changeSummary().removes());
      cell(h, e.template().status()
          + (e.template().linesAdded() == null ? ""
              : " +" + e.template().linesAdded() + " -" + e.template().linesRemoved())
          + (e.against() == null ? "" : " (against " + e.against() + ")"));
      changes(h, e.parameters());
      changes(h, e.tags());
      cell(h, e.rollback() == null ? null
          : "restores " + (e.rollback().restores() == null ? "?" : e.rollback().restores()));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    if (entries.isEmpty()) {
      h.append("<p class=\"empty\">No changes match.</p>\n");
    }
    if (nextToken != null) {
      h.append("<p><a class=\"next\" href=\"?");
      filters.forEach((k, v) -> h.append(escape(param(k) + "=" + param(v) + "&")));
      h.append(escape("nextToken=" + param(nextToken))).append("\">Next page</a></p>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void cell(StringBuilder h, Object value) {
    h.append("<td>").append(value == null ? "" : escape(String.valueOf(value))).append("</td>");
  }

  private static void changes(StringBuilder h, List<ValueChange> changes) {
    h.append("<td>");
    for (ValueChange c : changes) {
      h.append("<div>").append(escape(c.name())).append(": ")
          .append(escape(c.before() == null ? "(none)" : c.before())).append(" &rarr; ")
          .append(escape(c.after() == null ? "(none)" : c.after())).append("</div>");
    }
    h.append("</td>");
  }

  private static String param(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Text and attribute values alike: the five characters HTML gives meaning to. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
