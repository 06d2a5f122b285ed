package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.SlackAction;
import dev.fogbank.shared.notify.SlackSignature;
import dev.fogbank.shared.secret.SecretSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /slack/actions}: Slack's interactivity request for the Approve/Reject buttons of an
 * approval-request message. Not SigV4-authenticated (Slack cannot sign with IAM): the request is
 * Slack's if its signature verifies with the app's signing secret (401 otherwise), and the Slack
 * user acts as the principal {@code slack:<team>/<user>}, who needs {@code approve} on the stack
 * (403 otherwise). The decision goes through the same {@link DeploymentApprovals} as {@code POST
 * /deployments/{id}/approve|reject}; every refusal changes nothing.
 */
public final class SlackActionRoutes {
  public static final String PATH = "/slack/actions";

  /**
   * The route: answered without an authenticated caller (the signature is the authentication),
   * served where the routes have a signing secret source ({@code withSlackActions}).
   */
  static final List<Route> ROUTES =
      List.of(
          Route.post(PATH, "slackAction", (api, r) -> api.slackActions().act(r.body(), r.headers()))
              .withoutAuthentication()
              .servedWhen(api -> api.slackActions() != null));

  private final Supplier<SecretSource> signingSecret;
  private final Clock clock;
  private final Authorizer authorizer;
  private final Supplier<DeploymentHistory> history;
  private final Supplier<DeploymentApprovals> approvals;

  SlackActionRoutes(
      Supplier<SecretSource> signingSecret,
      Clock clock,
      Authorizer authorizer,
      Supplier<DeploymentHistory> history,
      Supplier<DeploymentApprovals> approvals) {
    this.signingSecret = signingSecret;
    this.clock = clock;
    this.authorizer = authorizer;
    this.history = history;
    this.approvals = approvals;
  }

  private Response act(String rawBody, Map<String, String> headers) {
    String body = rawBody == null ? "" : rawBody;
    String secret =
        signingSecret.get().read()
            .orElseThrow(
                () -> new DeploymentException(ErrorCode.UNAUTHORIZED,
                    "Slack actions are not configured here: no Slack signing secret is set"));
    SlackSignature.verify(
        secret,
        ApiRoutes.header(headers, SlackSignature.TIMESTAMP_HEADER).orElse(null),
        ApiRoutes.header(headers, SlackSignature.SIGNATURE_HEADER).orElse(null),
        body.getBytes(StandardCharsets.UTF_8),
        clock.instant());
    SlackAction action = SlackAction.parse(body);
    DeploymentRecord record =
        history.get().get(action.deploymentId())
            .orElseThrow(() -> new NotFoundException(
                "no deployment with id '" + ApiRoutes.shown(action.deploymentId()) + "'"));
    authorizer.caller(action.principal()).require(Action.APPROVE, record.stack().name());
    if (approvals == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "approvals are not configured here");
    }
    DeploymentRecord decided =
        action.approve()
            ? approvals.get().approve(
                action.deploymentId(), action.principal(),
                "approved in Slack by " + action.shownName())
            : approvals.get().reject(
                action.deploymentId(), action.principal(),
                "rejected in Slack by " + action.shownName());
    StructuredLog.info("slack_action", Map.of(
        "deploymentId", decided.deploymentId(), "by", action.principal(),
        "decision", action.approve() ? "APPROVED" : "REJECTED"));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("deploymentId", decided.deploymentId());
    answer.put("status", decided.status().name());
    answer.put("decision", decided.approval() == null ? null : decided.approval().decision());
    answer.put("by", action.principal());
    return ApiRoutes.ok(answer);
  }
}
