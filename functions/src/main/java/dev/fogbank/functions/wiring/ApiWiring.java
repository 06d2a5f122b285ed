package dev.fogbank.functions.wiring;

import dev.fogbank.functions.api.ApiRoutes;

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
          .withDrift(c.drift()::get);
    }
  }

  public static ApiRoutes routes() {
    return Holder.ROUTES;
  }
}
