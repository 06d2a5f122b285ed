package dev.fogbank.cli.local;

import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleAccess;
import dev.fogbank.functions.console.ConsoleLogin;
import dev.fogbank.functions.console.ConsoleSessions;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.lock.LockStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The web console of local mode: the local bearer token logs in (as caller {@value #CALLER});
 * sessions are signed with a key made at start, so a restart logs everyone out.
 */
final class LocalConsole {
  static final String CALLER = "local";

  private LocalConsole() {}

  static Console create(
      DynamoDbClient table,
      DeploymentHistory history,
      LockStore locks,
      DeploymentApprovals approvals,
      StackRollback rollback,
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
            config.account(),
            config.region()),
        ConsoleSessions.withRandomKey(clock),
        ConsoleLogin.ofToken(config.token(), CALLER),
        ConsoleAccess.everything(),
        clock);
  }
}
