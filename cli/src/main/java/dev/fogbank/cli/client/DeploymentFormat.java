package dev.fogbank.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How the table output shows the API's answers: deployments, history pages, anything else. */
public final class DeploymentFormat {
  private DeploymentFormat() {}

  /** One deployment, one field a line; its findings after it. */
  public static String details(JsonNode d) {
    return details(d, Palette.NONE);
  }

  /** {@link #details(JsonNode)} with the status, changes and severities in {@code palette}. */
  public static String details(JsonNode d, Palette palette) {
    StringBuilder out = new StringBuilder();
    field(out, "deployment", d.path("deploymentId").asText());
    field(out, "stack", d.path("stackName").asText());
    field(out, "status", palette.status(d.path("status").asText()));
    field(out, "source", text(d, "source"));
    field(out, "requester", text(d, "requester"));
    field(out, "requested", time(d, "requestedAt"));
    field(out, "started", time(d, "startedAt"));
    field(out, "ended", time(d, "endedAt"));
    field(out, "duration", duration(d));
    field(out, "changes", changes(d, palette));
    String risk = text(d, "riskLevel");
    field(out, "risk", risk == null ? null : palette.severity(risk));
    field(out, "cost", cost(d));
    field(out, "template", text(d, "templateSha256"));
    field(out, "parameters", pairs(d.path("parameters")));
    field(out, "tags", pairs(d.path("tags")));
    field(out, "error", error(d));
    for (JsonNode f : d.path("findings")) {
      out.append("  ").append(finding(f, palette)).append('\n');
    }
    return out.toString();
  }

  /** A page of a stack's history, newest first, and where the next page starts. */
  public static String history(JsonNode page) {
    return deployments(page, false);
  }

  /** A page of deployments across stacks ({@code GET /deployments}): history with the stack. */
  public static String deployments(JsonNode page) {
    return deployments(page, true);
  }

  private static String deployments(JsonNode page, boolean withStack) {
    List<String> header = new ArrayList<>(List.of("DEPLOYMENT", "STATUS", "SOURCE", "REQUESTED",
        "DURATION", "CHANGES", "ERROR"));
    if (withStack) {
      header.addFirst("STACK");
    }
    Table table = Table.of(header.toArray(String[]::new));
    for (JsonNode d : page.path("items")) {
      List<String> row = new ArrayList<>();
      if (withStack) {
        row.add(d.path("stackName").asText());
      }
      row.addAll(Arrays.asList(
          d.path("deploymentId").asText(),
          d.path("status").asText(),
          text(d, "source"),
          time(d, "requestedAt"),
          duration(d),
          changes(d),
          error(d)));
      table.row(row.toArray(String[]::new));
    }
    String next =
        page.hasNonNull("nextToken")
            ? "more: --next-token " + page.path("nextToken").asText() + " (or --all)\n"
            : "";
    return table.isEmpty() ? "no deployments\n" + next : table.render() + next;
  }

  /** A page of managed stacks: latest deployment, its status and when, and who holds the lock. */
  public static String stacks(JsonNode page) {
    Table table = Table.of("STACK", "LATEST", "STATUS", "REQUESTED", "LOCKED BY");
    for (JsonNode s : page.path("items")) {
      JsonNode latest = s.path("latestDeployment");
      JsonNode lock = s.path("lock");
      table.row(
          s.path("stackName").asText(),
          text(latest, "deploymentId"),
          text(latest, "status"),
          time(latest, "requestedAt"),
          lock.path("locked").asBoolean(false) ? text(lock, "owner") : null);
    }
    String next =
        page.hasNonNull("nextToken")
            ? "more: --next-token " + page.path("nextToken").asText() + "\n"
            : "";
    return table.isEmpty() ? "no stacks\n" + next : table.render() + next;
  }

  /**
   * A page of {@code GET /drift-scans} or {@code GET /cost-scans}: one row per scan, stacks as
   * done/total for a drift scan, as the count for a cost scan.
   */
  public static String scans(JsonNode page) {
    Table table = Table.of("SCAN", "STATUS", "TRIGGER", "STARTED", "FINISHED", "STACKS");
    for (JsonNode s : page.path("items")) {
      JsonNode progress = s.path("progress");
      table.row(
          s.path("scanId").asText(),
          text(s, "status"),
          text(s, "trigger"),
          time(s, s.has("startedAt") ? "startedAt" : "started"),
          time(s, s.has("finishedAt") ? "finishedAt" : "finished"),
          progress.isObject()
              ? progress.path("done").asInt() + "/" + progress.path("total").asInt()
              : text(s, "stacks"));
    }
    String next =
        page.hasNonNull("nextToken")
            ? "more: --next-token " + page.path("nextToken").asText() + "\n"
            : "";
    return table.isEmpty() ? "no scans\n" + next : table.render() + next;
  }

  /** The line {@code --wait} prints when a deployment's status changes. */
  public static String progress(JsonNode d, Instant at) {
    return progress(d, at, Palette.NONE);
  }

  /** {@link #progress(JsonNode, Instant)} with the status in {@code palette}. */
  public static String progress(JsonNode d, Instant at, Palette palette) {
    return at.toString().replaceAll("\\.\\d+Z$", "Z") + "  " + d.path("stackName").asText()
        + "  " + d.path("deploymentId").asText() + "  " + palette.status(d.path("status").asText());
  }

  /** The last line of {@code --wait}: the outcome, its duration, changes and error. */
  public static String summary(JsonNode d) {
    return summary(d, Palette.NONE);
  }

  /** {@link #summary(JsonNode)} with the status, changes and severities in {@code palette}. */
  public static String summary(JsonNode d, Palette palette) {
    StringBuilder s = new StringBuilder();
    s.append(d.path("stackName").asText()).append(": ")
        .append(palette.status(d.path("status").asText()));
    String duration = duration(d);
    if (duration != null) {
      s.append(" in ").append(duration);
    }
    String changes = changes(d, palette);
    if (changes != null) {
      s.append(" (").append(changes).append(')');
    }
    String error = error(d);
    if (error != null) {
      s.append(" — ").append(error);
    }
    String cost = cost(d);
    if (cost != null) {
      s.append("\n  cost ").append(cost);
    }
    for (JsonNode f : d.path("findings")) {
      if (f.path("blocking").asBoolean()) {
        s.append("\n  ").append(finding(f, palette));
      }
    }
    return s.toString();
  }

  /**
   * Any other answer: a list of objects ({@code items}) as a table of their plain fields, an
   * object as one field a line, anything else as its JSON.
   */
  public static String generic(JsonNode answer) {
    if (answer.path("items").isArray()) {
      Set<String> columns = new LinkedHashSet<>();
      answer.path("items").forEach(i -> i.fieldNames().forEachRemaining(n -> {
        if (i.get(n).isValueNode()) {
          columns.add(n);
        }
      }));
      Table table = Table.of(columns.stream().map(DeploymentFormat::header).toArray(String[]::new));
      for (JsonNode item : answer.path("items")) {
        table.row(columns.stream().map(c -> text(item, c)).toArray(String[]::new));
      }
      String rest = answer.hasNonNull("nextToken")
          ? "more: --next-token " + answer.path("nextToken").asText() + "\n"
          : "";
      return (table.isEmpty() ? "nothing\n" : table.render()) + rest;
    }
    if (answer.isObject()) {
      StringBuilder out = new StringBuilder();
      for (Map.Entry<String, JsonNode> e : answer.properties()) {
        field(out, e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
            : e.getValue().toString());
      }
      return out.toString();
    }
    return answer.toPrettyString() + "\n";
  }

  static String finding(JsonNode f) {
    return finding(f, Palette.NONE);
  }

  static String finding(JsonNode f, Palette palette) {
    String where = f.has("line") ? " (line " + f.path("line").asInt() + ":"
        + f.path("column").asInt() + ")" : "";
    String mark = f.path("suppressed").asBoolean() ? " [suppressed]"
        : f.path("blocking").asBoolean() ? " [blocks]" : "";
    return palette.severity(f.path("severity").asText()) + " " + f.path("ruleId").asText() + " "
        + f.path("resource").asText() + where + ": " + f.path("message").asText() + mark;
  }

  static String changes(JsonNode d) {
    return changes(d, Palette.NONE);
  }

  static String changes(JsonNode d, Palette palette) {
    JsonNode c = d.path("changeSummary");
    if (!c.isObject()) {
      return null;
    }
    return palette.changes(
        c.path("adds").asInt(), c.path("modifies").asInt(), c.path("removes").asInt());
  }

  static String duration(JsonNode d) {
    Instant from = instant(d.path("startedAt"));
    Instant to = instant(d.path("endedAt"));
    if (from == null || to == null) {
      return null;
    }
    long seconds = Duration.between(from, to).toSeconds();
    return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format("%02d", seconds % 60)
        + "s";
  }

  /** The review's cost estimate in the words Slack uses ({@link ReviewCostEstimate#summary()}). */
  static String cost(JsonNode d) {
    JsonNode cost = d.path("costEstimate");
    if (!cost.isObject()) {
      return null;
    }
    try {
      return Json.mapper().treeToValue(cost, ReviewCostEstimate.class).summary();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return "estimate unreadable: " + cost;
    }
  }

  private static String error(JsonNode d) {
    JsonNode e = d.path("error");
    return e.isObject() ? e.path("code").asText() + ": " + e.path("message").asText() : null;
  }

  private static String pairs(JsonNode map) {
    if (!map.isObject() || map.isEmpty()) {
      return null;
    }
    List<String> pairs = new ArrayList<>();
    map.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(", ", pairs);
  }

  private static Instant instant(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An ISO-8601 instant to the second: people read history, programs use -o json. */
  private static String time(JsonNode d, String field) {
    Instant at = instant(d.path(field));
    return at == null ? text(d, field) : at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String text(JsonNode d, String field) {
    JsonNode v = d.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static String header(String field) {
    return field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }

  private static void field(StringBuilder out, String name, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(String.format("%-11s %s", name, value)).append('\n');
    }
  }
}
