package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fogbank deployments}: {@code GET /deployments}, every readable stack's, filtered. */
@Command(
    name = "deployments",
    mixinStandardHelpOptions = true,
    description =
        "Deployments across the stacks you may read, newest first (GET /deployments), filtered"
            + " by stack, status, source and time.",
    footer = {
      "%nExamples:",
      "  fogbank deployments --status FAILED,ROLLED_BACK --from 2026-12-01",
      "  fogbank deployments --stack web --source drop --limit 5",
      "  fogbank deployments --all -o csv > deployments.csv",
      "%nDates: YYYY-MM-DD (midnight UTC) or an ISO-8601 instant; --to is exclusive.",
      "%nExit: 0 listed (none too), 3 API error (a bad filter or date), 6 auth, 7 unreachable."
    })
public final class DeploymentsCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Option(names = "--stack", paramLabel = "STACK", description = "One stack only.")
  String stack;

  @Option(names = "--status", paramLabel = "S[,S]", description = "SUCCEEDED, FAILED, ...")
  String status;

  @Option(names = "--source", paramLabel = "S[,S]", description = "drop, api, rollback.")
  String source;

  @Option(names = "--from", paramLabel = "DATE", description = "Requested at or after.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Requested before.")
  String to;

  @Mixin PageOptions page;

  @Option(names = "--all", description = "Every page (follows nextToken, at most 100 pages).")
  boolean all;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stack", stack);
    query.put("status", status);
    query.put("source", source);
    query.put("from", AuditCommand.instant(from));
    query.put("to", AuditCommand.instant(to));
    page.into(query);
    ApiClient client = api.client();
    api.print(
        all
            ? client.getAll("/deployments", query, HistoryCommand.MAX_PAGES)
            : client.get("/deployments", query),
        DeploymentFormat::deployments);
    return ExitCodes.OK;
  }
}
