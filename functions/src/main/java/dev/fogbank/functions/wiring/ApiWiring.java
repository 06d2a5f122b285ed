package dev.fogbank.functions.wiring;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.secret.SecretSource;
import dev.fogbank.shared.secret.SecretsManagerSecret;
import java.time.Clock;
import java.util.Map;

public final class ApiWiring {
  private ApiWiring() {}

  private static final class Holder {
    static final ApiComponent COMPONENT = DaggerApiComponent.create();
    static final ApiRoutes ROUTES = build();

    static {
      registerPriming();
    }

    /**
     * SnapStart priming for POST /deployments: the clients it calls (S3 for the template,
     * DynamoDB for the record, Step Functions for the execution) and the services behind the
     * route built, its JSON read and answer written, one read-only table read.
     */
    private static void prime(ApiComponent c, ApiRoutes routes) {
      dev.fogbank.shared.aws.AwsClientFactory aws = c.aws();
      aws.s3();
      aws.sfn();
      aws.dynamoDb();
      c.intake().get();
      c.history().get();
      c.locks().get();
      c.policies().get();
      dev.fogbank.functions.api.ApiPriming.exerciseJson(routes);
      SnapStartPriming.readOnlyTableRead(aws, c.environment().tableName());
    }

    private static ApiRoutes build() {
      ApiComponent c = COMPONENT;
      return ApiRoutes.lazy(
          c.intake()::get,
          c.history()::get,
          c.locks()::get,
          c.environment().account(),
          c.environment().region())
          .withEstimator(c.estimator()::get)
          .withRollback(c.rollback()::get)
          // In AWS the cost scan runs in the cost-scan function (its schedule, or queued by
          // POST /cost-scans), not in the API.
          .withCosts(c.costReports()::get, null)
          .withCostScanStarter(() -> costScanStarter(c))
          // Costs by service and budgets: the api artifact carries neither the Cost Explorer nor
          // the Budgets client; the cost-scan function answers them (one synchronous Invoke).
          .withCostLookups(ApiWiring::costLookups)
          .withApprovals(c.approvals()::get)
          // API Gateway authenticates (AWS_IAM); the policy in the table authorizes.
          .withAuthorization(Authorizer.of(c.policies()::get, Map.of()))
          .withPageTokens(PageTokens.of(() -> c.pageKey().get().get()))
          .withStackSummaries(c.stackSummaries()::get)
          .withDrift(c.drift()::get)
          .withDeploymentEvents(c.deploymentEvents()::get)
          .withAudit(c.templates()::get)
          .withTemplateUrls(c.templateUrls()::get)
          .withTemplateUploads(c.templateUploads()::get)
          .withSlackActions(() -> SLACK_SIGNING_SECRET, Clock.systemUTC())
          // The notification routes deliver through the slack function's dispatcher, built once
          // on the first such request (its channel and secret caches then serve the next ones).
          .withNotifications(() -> NotificationsHolder.DISPATCHER);
    }
  }

  private static final class NotificationsHolder {
    static final dev.fogbank.shared.notify.NotificationDispatcher DISPATCHER =
        SlackWiring.dispatcher(
            Holder.COMPONENT.aws(),
            Holder.COMPONENT.environment().tableName(),
            System.getenv(ControlPlaneEnvironment.SLACK_SECRET_ARN));
  }

  private static dev.fogbank.shared.cost.CostScanStarter costScanStarter(ApiComponent c) {
    return new dev.fogbank.shared.cost.LambdaCostScanStarter(
        new dev.fogbank.shared.aws.LambdaInvoker(c.aws()), costScanFunction());
  }

  /** The cost-scan function's alias ARN: it runs queued scans and answers cost lookups. */
  private static String costScanFunction() {
    String function = System.getenv(ControlPlaneEnvironment.COST_SCAN_FUNCTION);
    if (function == null || function.isBlank()) {
      throw new dev.fogbank.shared.error.DeploymentException(
          dev.fogbank.shared.error.ErrorCode.INTERNAL,
          "environment variable " + ControlPlaneEnvironment.COST_SCAN_FUNCTION
              + " is not set (the control-plane stack sets it)");
    }
    return function;
  }

  /**
   * Slack's signing secret, kept in Secrets Manager (the stack sets its ARN); read on the first
   * Slack action and cached for minutes. Without the setting every Slack action is a 401.
   */
  private static final SecretSource SLACK_SIGNING_SECRET = slackSigningSecret();

  private static SecretSource slackSigningSecret() {
    String arn = System.getenv(ControlPlaneEnvironment.SLACK_SIGNING_SECRET_ARN);
    if (arn == null || arn.isBlank()) {
      return SecretSource.none();
    }
    return new SecretsManagerSecret(
        () -> Holder.COMPONENT.aws().secretsManager(),
        arn,
        "the Slack signing secret",
        Clock.systemUTC());
  }

  public static ApiRoutes routes() {
    return Holder.ROUTES;
  }

  /**
   * Registers the api group's SnapStart priming (see {@link SnapStartPriming}); the console
   * function, built on this wiring, calls it from its handler's constructor.
   */
  public static void registerPriming() {
    SnapStartPriming.register("api", () -> Holder.prime(Holder.COMPONENT, Holder.ROUTES));
  }

  /**
   * Costs by service and budgets, as {@code GET /costs?stack=} looks them up: one synchronous
   * Invoke of the cost-scan function (the console's budget line asks the same).
   */
  public static dev.fogbank.shared.cost.CostLookups costLookups() {
    return new dev.fogbank.shared.cost.LambdaCostLookups(
        new dev.fogbank.shared.aws.LambdaInvoker(Holder.COMPONENT.aws()), costScanFunction());
  }

  /** The clients and services behind {@link #routes()} (the console function reads the same). */
  public static ApiComponent component() {
    return Holder.COMPONENT;
  }
}
