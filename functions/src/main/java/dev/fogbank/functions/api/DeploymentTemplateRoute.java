package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.template.TemplateStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /deployments/{deploymentId}/template}: the template and parameters a past deployment
 * was asked to deploy, as stored with it (what {@code fogbank diff STACK -t FILE} compares with and
 * a rollback redeploys).
 */
final class DeploymentTemplateRoute {
  /** Served where the routes have a template store ({@code withAudit}). */
  static final List<Route> ROUTES =
      List.of(
          Route.get("/deployments/{deploymentId}/template", "getDeploymentTemplate",
                  (api, r) -> api.deploymentTemplate().get(r.param("deploymentId"), r.who()))
              .servedWhen(api -> api.deploymentTemplate() != null));

  private final Supplier<DeploymentHistory> history;
  private final Supplier<TemplateStore> templates;

  DeploymentTemplateRoute(Supplier<DeploymentHistory> history, Supplier<TemplateStore> templates) {
    this.history = history;
    this.templates = templates;
  }

  Response get(String id, Caller who) {
    DeploymentRecord r =
        history.get().get(id).orElseThrow(() -> new DeploymentException(
            ErrorCode.NOT_FOUND, "no deployment with id '" + ApiRoutes.shown(id) + "'"));
    who.require(Action.READ, r.stack().name());
    if (r.templateLocation() == null) {
      // A drop refused before its template was stored keeps no template.
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "deployment '" + id + "' has no stored template");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deploymentId", r.deploymentId());
    answer.put("stackName", r.stack().name());
    answer.put("status", r.status().name());
    if (r.templateSha256() != null) {
      answer.put("templateSha256", r.templateSha256());
    }
    answer.put(
        "templateBody",
        new String(templates.get().get(r.templateLocation()), StandardCharsets.UTF_8));
    answer.put("parameters", r.parameters());
    return ApiRoutes.ok(answer);
  }
}
