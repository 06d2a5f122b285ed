package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The API's contract cases: for every operation of {@code docs/api/openapi.yaml}, requests with
 * the status each must answer (success and the documented errors), in an order that builds the
 * state the later ones need. {@link ApiContractIT} runs them through the Lambda handler and over
 * the local server, checking every answer against the document; {@link ContractCasesTest} fails
 * the build when an operation has no case.
 */
final class ContractCases {
  /** Who calls: the admin token, a reader of {@code other-*} stacks only, or nobody. */
  enum Who {
    ADMIN,
    READER,
    NOBODY
  }

  record Request(
      String method, String path, String body, Who who, Map<String, String> headers) {}

  /** One answer: status, content type, body text; {@code json()} parses the body. */
  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (java.io.IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** Sends a request through one router (the Lambda handler, or the local server over HTTP). */
  interface Router {
    Answer send(Request request);
  }

  /** What a run keeps between cases: the stack-name prefix and ids from earlier answers. */
  static final class Run {
    final String prefix;
    final Router router;
    final Map<String, String> ids = new HashMap<>();
    /** Turns the {@code flaky} channel's webhook down (answers 404) or up (answers 200). */
    final Consumer<Boolean> flakyWebhookUp;

    Run(String prefix, Router router, Consumer<Boolean> flakyWebhookUp) {
      this.prefix = prefix;
      this.router = router;
      this.flakyWebhookUp = flakyWebhookUp;
    }

    String stack(String suffix) {
      return prefix + "-" + suffix;
    }

    /** Polls {@code GET /notifications/failed} until a dead letter of {@code channel} is kept. */
    void awaitDeadLetter(String channel) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        Answer a =
            router.send(new Request("GET", "/notifications/failed?limit=100", null, Who.ADMIN,
                Map.of()));
        for (JsonNode item : a.json().path("items")) {
          if (item.path("channel").asText().equals(channel)) {
            return;
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      throw new AssertionError("no dead letter for channel " + channel);
    }

    /** Polls {@code GET /deployments/{id}} until its status is one of {@code statuses}. */
    JsonNode await(String id, Set<String> statuses) {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      JsonNode last = null;
      while (System.nanoTime() < deadline) {
        Answer a = router.send(new Request("GET", "/deployments/" + id, null, Who.ADMIN, Map.of()));
        last = a.json();
        if (a.status() == 200 && statuses.contains(last.path("status").asText())) {
          return last;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      throw new AssertionError("deployment " + id + " never reached " + statuses + ": " + last);
    }
  }

  /**
   * One case: {@code operationId} answered {@code status}; {@code before} runs first (waits for
   * state), {@code after} keeps what later cases need.
   */
  record Case(
      String operationId,
      String name,
      int status,
      Function<Run, Request> request,
      Consumer<Run> before,
      java.util.function.BiConsumer<Run, Answer> after) {
    @Override
    public String toString() {
      return operationId + " " + status + ": " + name;
    }
  }

  static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  static final String QUEUE_V2 =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      VisibilityTimeout: 60\n";
  /** A queue and a comment: 60,000 bytes, over CloudFormation's inline 51,200. */
  static final String BIG_QUEUE = QUEUE + "#" + "x".repeat(60_000 - QUEUE.length() - 2) + "\n";

  static final Set<String> ENDED =
      Set.of("SUCCEEDED", "NO_CHANGES", "FAILED", "REJECTED", "CANCELLED");

  private final List<Case> cases = new ArrayList<>();

  static List<Case> all() {
    return new ContractCases().build();
  }

  private void add(String op, String name, int status, Function<Run, Request> request) {
    cases.add(new Case(op, name, status, request, run -> {}, (run, a) -> {}));
  }

  private void add(
      String op,
      String name,
      int status,
      Function<Run, Request> request,
      Consumer<Run> before,
      java.util.function.BiConsumer<Run, Answer> after) {
    cases.add(new Case(op, name, status, request, before, after));
  }

  private static Request get(String path, Who who) {
    return new Request("GET", path, null, who, Map.of());
  }

  private static Request post(String path, String body, Who who) {
    return new Request("POST", path, body, who, Map.of());
  }

  private static String deployment(String stack, String template, String approval) {
    return Json.mapper()
        .createObjectNode()
        .put("stackName", stack)
        .put("templateBody", template)
        .set("options", Json.mapper().createObjectNode().put("approval", approval))
        .toString();
  }

  private static Consumer<Run> awaiting(String key) {
    return run -> run.await(run.ids.get(key), Set.of("AWAITING_APPROVAL"));
  }

  private static java.util.function.BiConsumer<Run, Answer> keep(String key, String field) {
    return (run, a) -> run.ids.put(key, a.json().path(field).asText());
  }

  private List<Case> build() {
    add("getHealth", "liveness without credentials", 200, run -> get("/health", Who.NOBODY));

    // Deployments: a (approved, then redeployed and rolled back), r (rejected), c (cancelled).
    add("createDeployment", "waits for approval", 202,
        run -> post("/deployments", deployment(run.stack("a"), QUEUE, "always"), Who.ADMIN),
        run -> {}, keep("a", "deploymentId"));
    add("createDeployment", "second stack, to reject", 202,
        run -> post("/deployments", deployment(run.stack("r"), QUEUE, "always"), Who.ADMIN),
        run -> {}, keep("r", "deploymentId"));
    add("createDeployment", "third stack, to cancel", 202,
        run -> post("/deployments", deployment(run.stack("c"), QUEUE, "always"), Who.ADMIN),
        run -> {}, keep("c", "deploymentId"));
    add("createDeployment", "unknown field", 400,
        run -> post("/deployments", "{\"stackName\":\"x\",\"templateBody\":\"y\",\"z\":1}",
            Who.ADMIN));
    add("createDeployment", "invalid stack name", 400,
        run -> post("/deployments", deployment("no_such name", QUEUE, "always"), Who.ADMIN));
    add("createDeployment", "outside the caller's grants", 403,
        run -> post("/deployments", deployment(run.stack("a"), QUEUE, "never"), Who.READER));
    add("createDeployment", "without credentials", 401,
        run -> post("/deployments", deployment(run.stack("a"), QUEUE, "never"), Who.NOBODY));
    add("createDeployment", "same Idempotency-Key, another body", 409,
        run -> new Request("POST", "/deployments",
            deployment(run.stack("i"), QUEUE_V2, "never"), Who.ADMIN,
            Map.of("Idempotency-Key", run.prefix + "-key")),
        run -> run.router.send(new Request("POST", "/deployments",
            deployment(run.stack("i"), QUEUE, "never"), Who.ADMIN,
            Map.of("Idempotency-Key", run.prefix + "-key"))),
        (run, a) -> {});

    // A template over CloudFormation's inline 51,200 bytes: refused inline, uploaded, deployed.
    add("createDeployment", "templateBody over 51,200 bytes", 413,
        run -> post("/deployments", deployment(run.stack("u"), BIG_QUEUE, "never"), Who.ADMIN));
    add("createTemplateUpload", "a presigned PUT for a large template", 201,
        run -> post("/templates/uploads", "{\"stackName\":\"" + run.stack("u") + "\",\"sha256\":\""
            + dev.fogbank.shared.digest.Sha256.hex(BIG_QUEUE) + "\"}", Who.ADMIN),
        run -> {},
        (run, a) -> {
          putObject(a.json().path("uploadUrl").asText(), BIG_QUEUE);
          run.ids.put("upload", a.json().path("templateUrl").asText());
        });
    add("createDeployment", "the uploaded template by templateUrl", 202,
        run -> post("/deployments", Json.mapper().createObjectNode()
            .put("stackName", run.stack("u")).put("templateUrl", run.ids.get("upload"))
            .toString(), Who.ADMIN));
    add("createTemplateUpload", "sha256 not hex", 400,
        run -> post("/templates/uploads",
            "{\"stackName\":\"" + run.stack("u") + "\",\"sha256\":\"abc\"}", Who.ADMIN));
    add("createTemplateUpload", "outside the caller's grants", 403,
        run -> post("/templates/uploads", "{\"stackName\":\"" + run.stack("u") + "\"}",
            Who.READER));
    add("createTemplateUpload", "without credentials", 401,
        run -> post("/templates/uploads", "{\"stackName\":\"" + run.stack("u") + "\"}",
            Who.NOBODY));

    add("getDeployment", "waiting for approval", 200,
        run -> get("/deployments/" + run.ids.get("a"), Who.ADMIN), awaiting("a"), (run, a) -> {});
    add("getDeployment", "unknown id", 404, run -> get("/deployments/d-nope", Who.ADMIN));
    add("getDeployment", "outside the caller's grants", 403,
        run -> get("/deployments/" + run.ids.get("a"), Who.READER));
    add("getDeploymentTemplate", "its template and parameters", 200,
        run -> get("/deployments/" + run.ids.get("a") + "/template", Who.ADMIN));
    add("getDeploymentTemplate", "unknown id", 404,
        run -> get("/deployments/d-nope/template", Who.ADMIN));
    add("getDeploymentTemplate", "outside the caller's grants", 403,
        run -> get("/deployments/" + run.ids.get("a") + "/template", Who.READER));

    add("approveDeployment", "outside the caller's grants", 403,
        run -> post("/deployments/" + run.ids.get("a") + "/approve", null, Who.READER));
    add("approveDeployment", "body not {reason}", 400,
        run -> post("/deployments/" + run.ids.get("a") + "/approve", "{\"why\":1}", Who.ADMIN));
    add("approveDeployment", "approved", 200,
        run -> post("/deployments/" + run.ids.get("a") + "/approve", "{\"reason\":\"ok\"}",
            Who.ADMIN));
    add("approveDeployment", "no longer waiting", 409,
        run -> post("/deployments/" + run.ids.get("a") + "/approve", null, Who.ADMIN));
    add("approveDeployment", "unknown id", 404,
        run -> post("/deployments/d-nope/approve", null, Who.ADMIN));

    add("rejectDeployment", "without a reason", 400,
        run -> post("/deployments/" + run.ids.get("r") + "/reject", "{}", Who.ADMIN),
        awaiting("r"), (run, a) -> {});
    add("rejectDeployment", "rejected", 200,
        run -> post("/deployments/" + run.ids.get("r") + "/reject", "{\"reason\":\"no\"}",
            Who.ADMIN));
    add("rejectDeployment", "unknown id", 404,
        run -> post("/deployments/d-nope/reject", "{\"reason\":\"no\"}", Who.ADMIN));

    add("cancelDeployment", "outside the caller's grants", 403,
        run -> post("/deployments/" + run.ids.get("c") + "/cancel", null, Who.READER),
        awaiting("c"), (run, a) -> {});
    add("cancelDeployment", "waiting for approval: cancelled", 200,
        run -> post("/deployments/" + run.ids.get("c") + "/cancel", null, Who.ADMIN));
    add("cancelDeployment", "unknown id", 404,
        run -> post("/deployments/d-nope/cancel", null, Who.ADMIN));

    // Stack a: the approved deployment succeeds; a second one succeeds; roll back to the first.
    add("createDeployment", "a second change of stack a", 202,
        run -> post("/deployments", deployment(run.stack("a"), QUEUE_V2, "never"), Who.ADMIN),
        run -> run.await(run.ids.get("a"), Set.of("SUCCEEDED")), keep("a2", "deploymentId"));
    add("rollbackStack", "to the deployment before the latest", 202,
        run -> post("/stacks/" + run.stack("a") + "/rollback", null, Who.ADMIN),
        run -> run.await(run.ids.get("a2"), Set.of("SUCCEEDED")), keep("rb", "deploymentId"));
    add("rollbackStack", "unknown target", 404,
        run -> post("/stacks/" + run.stack("a") + "/rollback",
            "{\"toDeploymentId\":\"d-nope\"}", Who.ADMIN));
    add("rollbackStack", "unknown field", 400,
        run -> post("/stacks/" + run.stack("a") + "/rollback", "{\"to\":\"x\"}", Who.ADMIN));
    add("rollbackStack", "outside the caller's grants", 403,
        run -> post("/stacks/" + run.stack("a") + "/rollback", null, Who.READER));
    add("rollbackStack", "target of another stack", 409,
        run -> post("/stacks/" + run.stack("c") + "/rollback",
            "{\"toDeploymentId\":\"" + run.ids.get("a") + "\"}", Who.ADMIN),
        run -> run.await(run.ids.get("rb"), ENDED), (run, a) -> {});

    add("listDeploymentEvents", "the stack events of the deployment that created stack a", 200,
        run -> get("/deployments/" + run.ids.get("a") + "/events?limit=100", Who.ADMIN),
        run -> {},
        (run, a) -> {
          List<String> seen = new ArrayList<>();
          a.json().path("items").forEach(e -> seen.add(
              e.path("logicalResourceId").asText() + " " + e.path("resourceStatus").asText()));
          // The stack's own events (moto records no per-resource ones).
          List<String> want =
              List.of(run.stack("a") + " CREATE_IN_PROGRESS", run.stack("a") + " CREATE_COMPLETE");
          if (!seen.containsAll(want) || seen.indexOf(want.get(0)) > seen.indexOf(want.get(1))) {
            throw new AssertionError("not " + want + " in order: " + seen);
          }
        });
    add("listDeploymentEvents", "one a page", 200,
        run -> get("/deployments/" + run.ids.get("a") + "/events?limit=1", Who.ADMIN),
        run -> {}, keep("eventsToken", "nextToken"));
    add("listDeploymentEvents", "the next page", 200,
        run -> get("/deployments/" + run.ids.get("a") + "/events?limit=1&nextToken="
            + run.ids.get("eventsToken"), Who.ADMIN));
    add("listDeploymentEvents", "another deployment's token", 400,
        run -> get("/deployments/" + run.ids.get("a2") + "/events?nextToken="
            + run.ids.get("eventsToken"), Who.ADMIN));
    add("listDeploymentEvents", "bad limit", 400,
        run -> get("/deployments/" + run.ids.get("a") + "/events?limit=0", Who.ADMIN));
    add("listDeploymentEvents", "unknown id", 404,
        run -> get("/deployments/d-nope/events", Who.ADMIN));
    add("listDeploymentEvents", "outside the caller's grants", 403,
        run -> get("/deployments/" + run.ids.get("a") + "/events", Who.READER));

    add("continueStackRollback", "stack not in UPDATE_ROLLBACK_FAILED", 409,
        run -> post("/stacks/" + run.stack("a") + "/continue-rollback", null, Who.ADMIN));
    add("continueStackRollback", "no such stack", 404,
        run -> post("/stacks/" + run.stack("none") + "/continue-rollback", null, Who.ADMIN));
    add("continueStackRollback", "not a logical id", 400,
        run -> post("/stacks/" + run.stack("a") + "/continue-rollback",
            "{\"resourcesToSkip\":[\"a b\"]}", Who.ADMIN));
    add("continueStackRollback", "outside the caller's grants", 403,
        run -> post("/stacks/" + run.stack("a") + "/continue-rollback", null, Who.READER));

    add("listDeployments", "every readable stack", 200, run -> get("/deployments", Who.ADMIN));
    add("listDeployments", "one stack, one a page", 200,
        run -> get("/deployments?stack=" + run.stack("a") + "&limit=1", Who.ADMIN));
    add("listDeployments", "a reader sees none of these stacks", 200,
        run -> get("/deployments", Who.READER));
    add("listDeployments", "bad limit", 400, run -> get("/deployments?limit=0", Who.ADMIN));
    add("listDeployments", "made-up token", 400,
        run -> get("/deployments?nextToken=abc", Who.ADMIN));
    add("listDeployments", "another's stack", 403,
        run -> get("/deployments?stack=" + run.stack("a"), Who.READER));
    add("listDeployments", "without credentials", 401, run -> get("/deployments", Who.NOBODY));

    add("listStackDeployments", "a page", 200,
        run -> get("/stacks/" + run.stack("a") + "/deployments?limit=2", Who.ADMIN));
    add("listStackDeployments", "bad limit", 400,
        run -> get("/stacks/" + run.stack("a") + "/deployments?limit=x", Who.ADMIN));
    add("listStackDeployments", "outside the caller's grants", 403,
        run -> get("/stacks/" + run.stack("a") + "/deployments", Who.READER));

    add("listStacks", "managed stacks", 200, run -> get("/stacks", Who.ADMIN));
    add("listStacks", "bad limit", 400, run -> get("/stacks?limit=101", Who.ADMIN));

    // Locks on stack l.
    add("acquireStackLock", "taken", 200,
        run -> post("/stacks/" + run.stack("l") + "/lock",
            "{\"ttlSeconds\":600,\"reason\":\"maintenance\"}", Who.ADMIN));
    add("acquireStackLock", "ttl out of range", 400,
        run -> post("/stacks/" + run.stack("l") + "/lock", "{\"ttlSeconds\":1}", Who.ADMIN));
    add("acquireStackLock", "outside the caller's grants", 403,
        run -> post("/stacks/" + run.stack("l") + "/lock", "{\"ttlSeconds\":600}", Who.READER));
    add("getStackLock", "locked", 200,
        run -> get("/stacks/" + run.stack("l") + "/lock", Who.ADMIN));
    add("getStackLock", "not locked", 200,
        run -> get("/stacks/" + run.stack("free") + "/lock", Who.ADMIN));
    add("getStackLock", "outside the caller's grants", 403,
        run -> get("/stacks/" + run.stack("l") + "/lock", Who.READER));
    add("releaseStackLock", "force not a boolean", 400,
        run -> new Request("DELETE", "/stacks/" + run.stack("l") + "/lock?force=yes", null,
            Who.ADMIN, Map.of()));
    add("releaseStackLock", "released", 200,
        run -> new Request("DELETE", "/stacks/" + run.stack("l") + "/lock", null, Who.ADMIN,
            Map.of()));
    add("releaseStackLock", "not locked", 404,
        run -> new Request("DELETE", "/stacks/" + run.stack("l") + "/lock", null, Who.ADMIN,
            Map.of()));
    add("releaseStackLock", "force by a non-admin", 403,
        run -> new Request("DELETE", "/stacks/" + run.stack("l") + "/lock?force=true", null,
            Who.READER, Map.of()));

    add("createEstimate", "a queue", 200,
        run -> post("/estimates", "{\"templateBody\":" + quoted(QUEUE) + "}", Who.ADMIN));
    add("createEstimate", "not a region", 400,
        run -> post("/estimates",
            "{\"templateBody\":" + quoted(QUEUE) + ",\"region\":\"mars\"}", Who.ADMIN));
    add("createEstimate", "unreadable template", 400,
        run -> post("/estimates", "{\"templateBody\":\"Resources: [\"}", Who.ADMIN));
    add("createEstimate", "without credentials", 401,
        run -> post("/estimates", "{\"templateBody\":" + quoted(QUEUE) + "}", Who.NOBODY));

    add("startCostScan", "scanned", 200,
        run -> post("/cost-scans", "{\"days\":1}", Who.ADMIN), run -> {},
        keep("cost", "scanId"));
    add("startCostScan", "days out of range", 400,
        run -> post("/cost-scans", "{\"days\":0}", Who.ADMIN));
    add("startCostScan", "not an admin", 403, run -> post("/cost-scans", null, Who.READER));
    add("listCostScans", "the scans, newest first", 200,
        run -> get("/cost-scans?limit=5", Who.ADMIN));
    add("listCostScans", "bad limit", 400, run -> get("/cost-scans?limit=0", Who.ADMIN));
    add("listCostScans", "a reader of some stacks only", 403,
        run -> get("/cost-scans", Who.READER));
    add("getCostScan", "the scan", 200,
        run -> get("/cost-scans/" + run.ids.get("cost"), Who.ADMIN));
    add("getCostScan", "unknown id", 404, run -> get("/cost-scans/cs-nope", Who.ADMIN));
    add("listCostScanStacks", "the scan's stacks", 200,
        run -> get("/cost-scans/" + run.ids.get("cost") + "/stacks?limit=5", Who.ADMIN));
    add("listCostScanStacks", "bad limit", 400,
        run -> get("/cost-scans/" + run.ids.get("cost") + "/stacks?limit=0", Who.ADMIN));
    add("listCostScanStacks", "a reader of some stacks only", 403,
        run -> get("/cost-scans/" + run.ids.get("cost") + "/stacks", Who.READER));
    add("listCostScanStacks", "unknown id", 404,
        run -> get("/cost-scans/cs-nope/stacks", Who.ADMIN));
    add("getCosts", "every stack, month to date", 200, run -> get("/costs", Who.ADMIN));
    add("getCosts", "one stack's days", 200,
        run -> get("/costs?stack=" + run.stack("a"), Who.ADMIN));
    add("getCosts", "one stack as CSV", 200,
        run -> new Request("GET", "/costs?stack=" + run.stack("a"), null, Who.ADMIN,
            Map.of("Accept", "text/csv")));
    add("getCosts", "groupBy without stack", 400,
        run -> get("/costs?groupBy=SERVICE", Who.ADMIN));
    add("getCosts", "groupBy not SERVICE", 400,
        run -> get("/costs?stack=" + run.stack("a") + "&groupBy=REGION", Who.ADMIN));
    add("getCosts", "from after to", 400,
        run -> get("/costs?stack=" + run.stack("a") + "&from=2026-11-10&to=2026-11-01",
            Who.ADMIN));
    add("getCosts", "another's stack", 403,
        run -> get("/costs?stack=" + run.stack("a"), Who.READER));

    add("startDriftScan", "named stack", 202,
        run -> post("/drift-scans", "{\"stacks\":[\"" + run.stack("a") + "\"]}", Who.ADMIN),
        run -> {}, keep("drift", "scanId"));
    add("startDriftScan", "unknown field", 400,
        run -> post("/drift-scans", "{\"stack\":\"x\"}", Who.ADMIN));
    add("startDriftScan", "every stack, not an admin", 403,
        run -> post("/drift-scans", null, Who.READER));
    add("startDriftScan", "a stack never deployed", 404,
        run -> post("/drift-scans", "{\"stacks\":[\"" + run.stack("none") + "\"]}", Who.ADMIN));
    add("listDriftScans", "newest first", 200, run -> get("/drift-scans?limit=5", Who.ADMIN));
    add("listDriftScans", "bad limit", 400, run -> get("/drift-scans?limit=0", Who.ADMIN));
    add("listDriftScans", "a token it did not issue", 400,
        run -> get("/drift-scans?nextToken=abc", Who.ADMIN));
    add("getDriftScan", "the scan", 200,
        run -> get("/drift-scans/" + run.ids.get("drift"), Who.ADMIN));
    add("getDriftScan", "unknown id", 404,
        run -> get("/drift-scans/ds-00000000-0000-0000-0000-000000000000", Who.ADMIN));
    add("getStackDrift", "a stack's drift", 200,
        run -> get("/stacks/" + run.stack("a") + "/drift", Who.ADMIN));
    add("getStackDrift", "bad limit", 400,
        run -> get("/stacks/" + run.stack("a") + "/drift?limit=0", Who.ADMIN));
    add("getStackDrift", "outside the caller's grants", 403,
        run -> get("/stacks/" + run.stack("a") + "/drift", Who.READER));
    add("listDrift", "every stack", 200, run -> get("/drift", Who.ADMIN));
    add("listDrift", "a page of one", 200, run -> get("/drift?limit=1", Who.ADMIN));
    add("listDrift", "a token it did not issue", 400,
        run -> get("/drift?nextToken=abc", Who.ADMIN));

    add("getPolicy", "the policy", 200, run -> get("/policy", Who.ADMIN));
    add("getPolicy", "not an admin", 403, run -> get("/policy", Who.READER));
    add("putPolicy", "replaced", 200,
        run -> new Request("PUT", "/policy",
            "{\"statements\":[{\"principal\":\"local-admin\",\"stacks\":[\"*\"],"
                + "\"actions\":[\"admin\"]}]}", Who.ADMIN, Map.of()));
    add("putPolicy", "unknown field", 400,
        run -> new Request("PUT", "/policy", "{\"statement\":[]}", Who.ADMIN, Map.of()));
    add("putPolicy", "not an admin", 403,
        run -> new Request("PUT", "/policy", "{\"statements\":[]}", Who.READER, Map.of()));

    addAuditAndNotifications();
    addSlackAction();
    return List.copyOf(cases);
  }

  /** The Slack signing secret {@link ApiContractIT} gives the local control plane. */
  static final String SLACK_SECRET = "contract-slack-signing-secret";
  /** The Slack principal granted approve on every stack (tokens.json in ApiContractIT). */
  static final String SLACK_TEAM = "T0CONTRACT";
  static final String SLACK_USER = "U0APPROVER";

  private void addAuditAndNotifications() {
    add("getAudit", "a stack's changes", 200,
        run -> get("/audit?stack=" + run.stack("a"), Who.ADMIN));
    add("getAudit", "not a date", 400, run -> get("/audit?from=yesterday", Who.ADMIN));
    add("getAudit", "without credentials", 401, run -> get("/audit", Who.NOBODY));

    // Channel "contract" reaches a webhook answering 200; "flaky" one that is down, then up.
    String channels =
        "{\"channels\":[{\"name\":\"contract\",\"secretId\":\"contract\"},"
            + "{\"name\":\"flaky\",\"secretId\":\"flaky\"}]}";
    add("putNotificationChannels", "two channels", 200,
        run -> new Request("PUT", "/notifications/channels", channels, Who.ADMIN, Map.of()));
    add("putNotificationChannels", "unknown field", 400,
        run -> new Request("PUT", "/notifications/channels", "{\"channel\":[]}", Who.ADMIN,
            Map.of()));
    add("putNotificationChannels", "not an admin", 403,
        run -> new Request("PUT", "/notifications/channels", channels, Who.READER, Map.of()));
    add("getNotificationChannels", "the channels", 200,
        run -> get("/notifications/channels", Who.ADMIN));
    add("getNotificationChannels", "not an admin", 403,
        run -> get("/notifications/channels", Who.READER));
    add("testNotifications", "one message to each channel, flaky down", 200,
        run -> post("/notifications/test", null, Who.ADMIN),
        run -> run.flakyWebhookUp.accept(false), (run, a) -> {});
    add("testNotifications", "not an admin", 403,
        run -> post("/notifications/test", null, Who.READER));
  }

  private void addSlackAction() {
    add("createDeployment", "a stack to approve from Slack", 202,
        run -> post("/deployments", deployment(run.stack("s"), QUEUE, "always"), Who.ADMIN),
        run -> {}, keep("s", "deploymentId"));
    add("slackAction", "unsigned", 401,
        run -> slack(run.ids.get("s"), "0", "v0=00"), awaiting("s"), (run, a) -> {});
    add("slackAction", "approved by a Slack user allowed to", 200,
        run -> {
          String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
          String body = slackBody(run.ids.get("s"));
          return slack(run.ids.get("s"), ts, dev.fogbank.shared.notify.SlackSignature.sign(
              SLACK_SECRET, ts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        });

    // Stack s's announcements reached flaky while it was down: dead letters to list and retry.
    add("listFailedNotifications", "the message flaky refused", 200,
        run -> get("/notifications/failed?limit=100", Who.ADMIN),
        run -> run.awaitDeadLetter("flaky"),
        (run, a) -> {
          for (JsonNode item : a.json().path("items")) {
            if (item.path("channel").asText().equals("flaky")) {
              run.ids.put("failed", item.path("id").asText());
            }
          }
        });
    add("listFailedNotifications", "bad limit", 400,
        run -> get("/notifications/failed?limit=0", Who.ADMIN));
    add("retryFailedNotification", "unknown id", 404,
        run -> post("/notifications/failed/nf-nope/retry", null, Who.ADMIN));
    add("retryFailedNotification", "not an admin", 403,
        run -> post("/notifications/failed/" + run.ids.get("failed") + "/retry", null,
            Who.READER));
    add("retryFailedNotification", "delivered once flaky is up", 200,
        run -> post("/notifications/failed/" + run.ids.get("failed") + "/retry", null,
            Who.ADMIN),
        run -> run.flakyWebhookUp.accept(true), (run, a) -> {});
  }

  private static String slackBody(String deploymentId) {
    return dev.fogbank.shared.notify.SlackActionTest.form(
        dev.fogbank.shared.notify.SlackActionTest.payload(
            dev.fogbank.shared.notify.SlackAction.APPROVE, deploymentId, SLACK_TEAM, SLACK_USER));
  }

  private static Request slack(String deploymentId, String ts, String signature) {
    return new Request("POST", "/slack/actions", slackBody(deploymentId), Who.NOBODY,
        Map.of("Content-Type", "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp", ts, "X-Slack-Signature", signature));
  }

  /** PUTs {@code text} to a presigned upload URL, as fogbank deploy does. */
  static void putObject(String url, String text) {
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                      .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(text))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("PUT " + url + ": " + response.statusCode() + " "
            + response.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String quoted(String text) {
    return Json.mapper().getNodeFactory().textNode(text).toString();
  }
}
