package dev.fogbank.functions.wiring;

import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.paging.PageTokens;
import java.util.Map;

public final class ApiWiring {
  private ApiWiring() {}

  private static final class Holder {
    static final ApiRoutes ROUTES = build();

    private static ApiRoutes build() {
      ApiComponent c = DaggerApiComponent.create();
      return ApiRoutes.lazy(
          c.intake()::get,
          c.history()::get,
          c.locks()::get,
          c.environment().account(),
          c.environment().region())
          .withEstimator(c.estimator()::get)
          .withRollback(c.rollback()::get)
          // In AWS the cost scan runs on its schedule (the scans function), not in the API.
          .withCosts(c.costReports()::get, null)
          .withApprovals(c.approvals()::get)
          // API Gateway authenticates (AWS_IAM); the policy in the table authorizes.
          .withAuthorization(Authorizer.of(c.policies()::get, Map.of()))
          .withPageTokens(PageTokens.of(() -> c.pageKey().get().get()))
          .withStackSummaries(c.stackSummaries()::get)
          .withDrift(c.drift()::get)
          .withAudit(c.templates()::get)
          .withTemplateUrls(c.templateUrls()::get);
    }
  }

  public static ApiRoutes routes() {
    return Holder.ROUTES;
  }
}
