package dev.fogbank.functions.webconsole;

import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleSessions;
import dev.fogbank.functions.wiring.ApiComponent;
import dev.fogbank.functions.wiring.ApiWiring;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.secret.SecretsManagerSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The console function's {@link Console}: the api function's own component and route table (so
 * the pages read and act through the same services, grants and routes as the API), sessions
 * signed with the key in Secrets Manager, and login by one-time ticket only (no token).
 */
public final class ConsoleWiring {
  private ConsoleWiring() {}

  /** Who the priming's stacks page is rendered for: no policy grants it anything. */
  static final String PRIMING_CALLER = "arn:aws:iam::000000000000:user/fogbank-snapstart-priming";

  private static final class Holder {
    static final Clock CLOCK = Clock.systemUTC();
    static final ConsoleSessions SESSIONS =
        new ConsoleSessions(
            sessionKey(ApiWiring.component(), CLOCK), CLOCK, ConsoleSessions.DEFAULT_TTL);
    static final Console CONSOLE = build(SESSIONS, CLOCK);
  }

  public static Console console() {
    return Holder.CONSOLE;
  }

  /**
   * Registers the console's SnapStart priming, and the api's whose wiring it is built on; called
   * from the handler's constructor, since the console itself is built on the first request.
   */
  public static void registerPriming() {
    ApiWiring.registerPriming();
    dev.fogbank.functions.wiring.SnapStartPriming.register("console", ConsoleWiring::prime);
  }

  /**
   * SnapStart priming for the stacks page: the console built (its session key read from Secrets
   * Manager, as on the first request), then {@code GET /console/stacks} answered through the
   * handler for a session of {@link #PRIMING_CALLER}, whom no policy grants anything: the page's
   * reads (the policy item, the stack index) run and the page renders without a row. Nothing is
   * written (a session is a signed cookie, kept nowhere).
   */
  private static void prime() {
    String cookie = Holder.SESSIONS.issue(PRIMING_CALLER);
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath("/console/stacks")
            .withCookies(java.util.List.of(ConsoleSessions.COOKIE + "=" + cookie))
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withStage("$default")
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod("GET")
                            .withPath("/console/stacks")
                            .build())
                    .build())
            .build();
    new ConsoleHandler(Holder.CONSOLE).handleRequest(event, null);
  }

  private static Console build(ConsoleSessions sessions, Clock clock) {
    ApiComponent c = ApiWiring.component();
    ApiRoutes routes = ApiWiring.routes();
    String table = c.environment().tableName();
    return new Console(
            new Console.Services(
                c.history()::get,
                c.locks()::get,
                c.stackSummaries()::get,
                c.approvals()::get,
                c.rollback()::get,
                c.templates()::get,
                c.environment().account(),
                c.environment().region()),
            sessions,
            // No token logs in: only a ticket from the IAM-authenticated POST /console/session.
            null,
            // API Gateway authenticated the principal once (the ticket); the policy authorizes.
            Authorizer.of(c.policies()::get, Map.of()),
            clock)
        .withTickets(new DynamoDbTicketLedger(c.aws().dynamoDb(), table, clock))
        // The stacks page's links: the API's page tokens, under the API's key.
        .withPageTokens(dev.fogbank.shared.paging.PageTokens.of(() -> c.pageKey().get().get()))
        .withDeployments(routes::submitDeployment)
        .withApi(routes::handle)
        // The budget line: the API's own budget lookup (an Invoke of the cost-scan function, which
        // carries the Budgets client this artifact has no room for).
        .withBudgets(ApiWiring::costLookups)
        .withInsights(
            () -> new DynamoDbDriftRecords(c.aws().dynamoDb(), table), c.costReports()::get)
        .withApiReference(() -> apiReferenceArchive(c));
  }

  /**
   * The console-assets jar (Swagger UI's bundle and stylesheet, the page and the OpenAPI
   * document), read from the artifacts bucket on the first {@code /api} request: the control-plane
   * stack names its key, and the function may GetObject that one object only.
   */
  private static byte[] apiReferenceArchive(ApiComponent c) {
    String bucket = System.getenv(ControlPlaneEnvironment.ARTIFACTS_BUCKET);
    String key = System.getenv(ControlPlaneEnvironment.CONSOLE_ASSETS_KEY);
    if (bucket == null || bucket.isBlank() || key == null || key.isBlank()) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND,
          "the API reference is not configured here: " + ControlPlaneEnvironment.ARTIFACTS_BUCKET
              + " and " + ControlPlaneEnvironment.CONSOLE_ASSETS_KEY
              + " are set by the control-plane stack");
    }
    try {
      return c.aws().s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw dev.fogbank.shared.aws.AwsFailures.failure(
          "could not read the API reference (s3://" + bucket + "/" + key + "): S3", e,
          ErrorCode.INTERNAL);
    }
  }

  /**
   * The sessions' HMAC key: the generated string of the console's secret, read once per container
   * (every container of the function reads the same, so any of them verifies any session).
   */
  private static byte[] sessionKey(ApiComponent c, Clock clock) {
    String arn = System.getenv(ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN);
    if (arn == null || arn.isBlank()) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "environment variable " + ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN
              + " is not set (the control-plane stack sets it)");
    }
    String value =
        new SecretsManagerSecret(c.aws()::secretsManager, arn, "the console session key", clock)
            .read()
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.INTERNAL, "the console session key secret " + arn + " is empty"));
    byte[] key = value.getBytes(StandardCharsets.UTF_8);
    if (key.length < 32) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "the console session key secret " + arn + " is shorter than 32 bytes");
    }
    return key;
  }
}
