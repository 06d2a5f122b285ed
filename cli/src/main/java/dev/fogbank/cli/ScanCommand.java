package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFollower;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.shared.json.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fogbank scan drift|cost|show|list}: start a drift scan ({@code POST /drift-scans}) or a
 * cost scan ({@code POST /cost-scans}), or show one, and with {@code --wait} follow it ({@code GET
 * /drift-scans/{id}}, {@code GET /cost-scans/{id}}) until it ends; list the newest ({@code GET
 * /drift-scans}, {@code GET /cost-scans}).
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Run a drift or cost scan now, show one, or list the newest.",
    subcommands = {
      ScanCommand.Drift.class, ScanCommand.Cost.class, ScanCommand.Show.class,
      ScanCommand.ListScans.class
    })
public final class ScanCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** --wait and how long, for a scan. */
  static final class ScanWait {
    @Option(
        names = "--wait",
        description =
            "Follow the scan until it ends; exit 0 when it SUCCEEDED, 1 when it FAILED or could"
                + " not scan some stacks, 5 when SKIPPED (another drift scan was running).")
    boolean wait;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        converter = WaitOptions.DurationConverter.class,
        description = "How long --wait follows (30m, 90s, 2h; default 30m); then exit 8.")
    Duration timeout = Duration.ofMinutes(30);

    @Option(names = "--poll-interval", hidden = true, description = "Between two GETs (ms).")
    long pollMillis = 1_000;
  }

  @Command(
      name = "drift",
      mixinStandardHelpOptions = true,
      description =
          "Start a drift scan of every managed stack, or of those named (POST /drift-scans).",
      footer = {
        "%nExamples:",
        "  fogbank scan drift --wait",
        "  fogbank scan drift --stack web --stack api --wait -o json",
        "%nExit: 0 started (or, with --wait, SUCCEEDED), 1 stacks failed to scan, 5 SKIPPED,",
        "3 API error, 4 a stack is not managed, 6 auth (admin only), 7 unreachable, 8 timed out."
      })
  static final class Drift implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Mixin ScanWait wait;

    @Option(
        names = "--stack",
        paramLabel = "STACK",
        description = "A stack to scan (repeat for more); none: every managed stack.")
    List<String> stacks;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (stacks != null && !stacks.isEmpty()) {
        body.put("stacks", stacks);
      }
      JsonNode started = api.client().post("/drift-scans", body, Map.of());
      String id = started.path("scanId").asText();
      if (!wait.wait) {
        api.print(started, s -> "drift scan " + id + " " + s.path("status").asText()
            + "; follow it: fogbank scan show " + id + " --wait\n");
        return ExitCodes.OK;
      }
      return follow(api, wait, "/drift-scans/" + ApiClient.segment(id));
    }
  }

  @Command(
      name = "cost",
      mixinStandardHelpOptions = true,
      description =
          "Run a cost scan now (POST /cost-scans): Cost Explorer's costs per stack, anomalies."
              + " fogbank local runs it before answering; in AWS it is queued.",
      footer = {
        "%nExamples:",
        "  fogbank scan cost --wait",
        "  fogbank scan cost --days 3 -o json",
        "%nExit: 0 ran (or queued without --wait), 1 FAILED, 3 API error, 6 auth (admin only),",
        "7 unreachable, 8 timed out."
      })
  static final class Cost implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Mixin ScanWait wait;

    @Option(
        names = "--days",
        paramLabel = "N",
        description = "Complete days before today judged for anomalies (1 to 365; default 7).")
    Integer days;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (days != null) {
        body.put("days", days);
      }
      JsonNode scan = api.client().post("/cost-scans", body, Map.of());
      String id = scan.path("scanId").asText();
      if (scan.path("status").asText().equals("RUNNING") && wait.wait) {
        return follow(api, wait, "/cost-scans/" + ApiClient.segment(id));
      }
      api.print(scan, ScanCommand::table);
      return exitCode(scan);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "A scan by id: GET /cost-scans/{id} for a cs- id, else GET /drift-scans/{id}.",
      footer = {"%nExample:", "  fogbank scan show ds-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b --wait"})
  static final class Show implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Mixin ScanWait wait;

    @Parameters(index = "0", paramLabel = "SCAN_ID", description = "The scan's id.")
    String id;

    @Override
    public Integer call() {
      String path = (id.startsWith("cs-") ? "/cost-scans/" : "/drift-scans/")
          + ApiClient.segment(id);
      if (wait.wait) {
        return follow(api, wait, path);
      }
      JsonNode scan = api.client().get(path, Map.of());
      api.print(scan, ScanCommand::table);
      return exitCode(scan);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The newest drift scans (GET /drift-scans), or cost scans with --cost.",
      footer = {
        "%nExamples:",
        "  fogbank scan list",
        "  fogbank scan list --cost --limit 5 -o json",
        "%nExit: 0 listed (none too), 3 API error, 6 auth, 7 unreachable."
      })
  static final class ListScans implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Option(names = "--cost", description = "Cost scans (GET /cost-scans) instead of drift.")
    boolean cost;

    @Mixin PageOptions page;

    @Override
    public Integer call() {
      api.print(api.client().get(cost ? "/cost-scans" : "/drift-scans", page.query()),
          DeploymentFormat::scans);
      return ExitCodes.OK;
    }
  }

  /** Follows a scan until it ends: its status changes as lines, then the scan, its exit code. */
  static int follow(ApiOptions api, ScanWait wait, String path) {
    PrintWriter progress = api.output == OutputFormat.table ? api.out() : api.err();
    DeploymentFollower.Outcome outcome =
        new DeploymentFollower(api.client(), Duration.ofMillis(wait.pollMillis), wait.timeout)
            .follow(
                path,
                ScanCommand::ended,
                s -> {
                  progress.println(Instant.now().toString().replaceAll("\\.\\d+Z$", "Z") + "  "
                      + s.path("scanId").asText() + "  " + s.path("status").asText());
                  progress.flush();
                });
    JsonNode last = outcome.deployment();
    api.print(last, ScanCommand::table);
    if (!outcome.ended()) {
      api.err().println("fogbank: scan still " + last.path("status").asText() + " after "
          + wait.timeout + "; it goes on: fogbank scan show " + last.path("scanId").asText()
          + " --wait");
      api.err().flush();
      return ExitCodes.WAIT_TIMED_OUT;
    }
    return exitCode(last);
  }

  /** A drift scan ends SUCCEEDED or SKIPPED; a cost scan SUCCEEDED or FAILED. */
  static boolean ended(JsonNode scan) {
    return switch (scan.path("status").asText()) {
      case "SUCCEEDED", "SKIPPED", "FAILED" -> true;
      default -> false;
    };
  }

  static int exitCode(JsonNode scan) {
    return switch (scan.path("status").asText()) {
      case "FAILED" -> ExitCodes.SCAN_FAILED;
      case "SKIPPED" -> ExitCodes.CONFLICT;
      case "SUCCEEDED" ->
          scan.path("failures").isEmpty() ? ExitCodes.OK : ExitCodes.SCAN_FAILED;
      default -> ExitCodes.OK;
    };
  }

  /** A scan as lines: status, what it covered and found, its failures. */
  static String table(JsonNode scan) {
    StringBuilder out = new StringBuilder();
    out.append(DeploymentFormat.generic(scalars(scan)));
    if (scan.path("progress").isObject()) {
      out.append(String.format("%-11s %d/%d stacks%n", "progress",
          scan.path("progress").path("done").asInt(), scan.path("progress").path("total").asInt()));
    }
    StringBuilder outcomes = new StringBuilder();
    scan.path("outcomes").properties().forEach(e -> outcomes.append(outcomes.isEmpty() ? "" : ", ")
        .append(e.getValue().asInt()).append(' ').append(e.getKey()));
    if (!outcomes.isEmpty()) {
      out.append(String.format("%-11s %s%n", "outcomes", outcomes));
    }
    for (JsonNode f : scan.path("failures")) {
      out.append("  failed: ").append(f.path("stack").asText()).append(": ")
          .append(f.path("code").asText()).append(": ").append(f.path("message").asText())
          .append('\n');
    }
    for (JsonNode a : scan.path("anomalies")) {
      out.append("  anomaly: ").append(a.path("reason").asText()).append('\n');
    }
    if (scan.path("failure").isObject()) {
      out.append("  failure: ").append(scan.path("failure").path("code").asText()).append(": ")
          .append(scan.path("failure").path("message").asText()).append('\n');
    }
    return out.toString();
  }

  private static JsonNode scalars(JsonNode scan) {
    ObjectNode only = Json.mapper().createObjectNode();
    scan.properties().forEach(e -> {
      if (e.getValue().isValueNode()) {
        only.set(e.getKey(), e.getValue());
      }
    });
    return only;
  }
}
