package dev.fogbank.cli.local;

import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleSessions;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.template.TemplateStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The web console of local mode: any of the local bearer tokens logs in as its principal, whose
 * grants then decide what the pages offer and the forms may do (the API's {@link Authorizer}).
 * Sessions are signed with a key made at start, so a restart logs everyone out.
 */
final class LocalConsole {
  private LocalConsole() {}

  static Console create(
      DynamoDbClient table,
      DeploymentHistory history,
      LockStore locks,
      DeploymentApprovals approvals,
      StackRollback rollback,
      TemplateStore templates,
      LocalTokens tokens,
      Authorizer authorizer,
      LocalConfig config,
      Clock clock) {
    DynamoDbStackSummaries stacks =
        new DynamoDbStackSummaries(
            table, ControlPlaneNames.TABLE, config.account(), config.region(), clock);
    return new Console(
        new Console.Services(
            () -> history,
            () -> locks,
            () -> stacks,
            () -> approvals,
            () -> rollback,
            () -> templates,
            config.account(),
            config.region()),
        ConsoleSessions.withRandomKey(clock),
        token -> token == null ? java.util.Optional.empty() : tokens.principalOf(token.strip()),
        authorizer,
        clock)
        // fogbank console: the bearer token, sent as a header, gets a one-time login link.
        .withTickets(dev.fogbank.functions.console.TicketLedger.inMemory(clock))
        // The stacks page's links: the API's page tokens, under the API's key (the table's).
        .withPageTokens(
            dev.fogbank.shared.paging.PageTokens.of(
                new dev.fogbank.shared.paging.DynamoDbPageKey(table, ControlPlaneNames.TABLE)));
  }
}
