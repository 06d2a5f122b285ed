package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.cli.client.Table;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fogbank audit}: {@code GET /audit}, the timeline of changes, one page at a time. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description =
        "Who changed what, when, and how it went (GET /audit): parameter and tag changes, template"
            + " lines added/removed, rollbacks.",
    footer = {
      "%nExamples:",
      "  fogbank audit --stack web",
      "  fogbank audit --from 2026-12-01 --to 2026-12-08 --requester alice",
      "  fogbank audit --status FAILED,CANCELLED -o csv > audit.csv",
      "  fogbank audit --stack web -o json --limit 100",
      "%nDates: YYYY-MM-DD (midnight UTC) or an ISO-8601 instant; --to is exclusive.",
      "With -o csv the next page's token goes to stderr.",
      "%nExit: 0 listed, 3 API error (a bad date or filter), 6 auth, 7 unreachable."
    })
public final class AuditCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Option(names = "--stack", paramLabel = "STACK", description = "One stack only.")
  String stack;

  @Option(names = "--from", paramLabel = "DATE", description = "Requested at or after.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Requested before.")
  String to;

  @Option(names = "--requester", paramLabel = "WHO", description = "Asked for by this principal.")
  String requester;

  @Option(names = "--status", paramLabel = "S[,S]", description = "SUCCEEDED, FAILED, ...")
  String status;

  @Mixin PageOptions page;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stack", stack);
    query.put("from", instant(from));
    query.put("to", instant(to));
    query.put("requester", requester);
    query.put("status", status);
    page.into(query);
    ApiClient client = api.client();
    if (api.output == OutputFormat.csv) {
      // The route's own CSV (its documented columns), not a flattening of the JSON.
      ApiClient.Text csv = client.getText("/audit", query, "text/csv");
      api.out().print(csv.body());
      api.out().flush();
      if (csv.nextToken() != null) {
        api.err().println("more: --next-token " + csv.nextToken());
        api.err().flush();
      }
      return ExitCodes.OK;
    }
    api.print(client.get("/audit", query), AuditCommand::table);
    return ExitCodes.OK;
  }

  /** A date means its midnight UTC; anything else goes as typed (the API says what is wrong). */
  static String instant(String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    } catch (DateTimeParseException e) {
      return value;
    }
  }

  static String table(JsonNode page) {
    Table table =
        Table.of("REQUESTED", "STACK", "DEPLOYMENT", "WHO", "SOURCE", "OUTCOME", "TEMPLATE",
            "PARAMETERS", "TAGS");
    for (JsonNode e : page.path("items")) {
      JsonNode t = e.path("template");
      String template =
          t.path("status").asText()
              + (t.has("linesAdded")
                  ? " +" + t.path("linesAdded").asInt() + " -" + t.path("linesRemoved").asInt()
                  : "");
      String outcome =
          e.path("status").asText()
              + (e.hasNonNull("errorCode") ? " " + e.path("errorCode").asText() : "")
              + (e.path("rollback").hasNonNull("restores")
                  ? " (restores " + e.path("rollback").path("restores").asText() + ")"
                  : "");
      table.row(
          e.path("requestedAt").asText().replaceAll("\\.\\d+Z$", "Z"),
          e.path("stackName").asText(),
          e.path("deploymentId").asText(),
          e.path("requester").asText(null),
          e.path("source").asText(),
          outcome,
          template,
          changes(e.path("parameters")),
          changes(e.path("tags")));
    }
    String next =
        page.hasNonNull("nextToken")
            ? "more: --next-token " + page.path("nextToken").asText() + "\n"
            : "";
    return table.isEmpty() ? "no changes\n" + next : table.render() + next;
  }

  private static String changes(JsonNode list) {
    StringBuilder out = new StringBuilder();
    for (JsonNode c : list) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      out.append(c.path("name").asText()).append(' ')
          .append(c.path("before").asText("(none)")).append("->")
          .append(c.path("after").asText("(none)"));
    }
    return out.toString();
  }
}
