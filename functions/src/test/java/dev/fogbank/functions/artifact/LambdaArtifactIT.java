package dev.fogbank.functions.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.events.TopicSubscriber;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.estimate.PriceListServer;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import dev.fogbank.shared.template.TemplateReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each shaded Lambda artifact, alone on the class path of a fresh JVM started like the java21
 * runtime's, answers a documented event against the emulator. This is what proves the classes the
 * build leaves out of an artifact (other groups' services, joda-time, what minimizeJar drops) are
 * not needed on its paths: a class the code needs and the jar lacks fails here with the child's
 * output shown.
 */
@ExtendWith(AwsEndpointExtension.class)
@Timeout(180)
class LambdaArtifactIT {
  private static final String ACCOUNT = "123456789012";
  private static final String TABLE = "fogbank-test";
  private static final String ARTIFACTS_BUCKET = "fogbank-artifacts-test";
  private static final String DROP_BUCKET = "fogbank-drop-test";
  private static final String STACK = "web";
  private static final String STEP_DEPLOYMENT = "d-20261121T220501-3f9a1c2b7d4e";
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
  private static final String DEPLOY_MACHINE =
      "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}";

  @TempDir static Path invokerDir;

  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private Map<String, String> functionEnvironment;

  @BeforeAll
  static void isolateInvoker() {
    ArtifactProcess.isolatedInvoker(invokerDir);
  }

  /** What the control-plane stack creates and hands every function as environment variables. */
  @BeforeEach
  void createControlPlane(AwsEndpoint aws) {
    this.aws = aws;
    clients = aws.clients();
    clients.dynamoDb().createTable(ControlTable.createRequest(TABLE));
    clients.s3().createBucket(r -> r.bucket(ARTIFACTS_BUCKET));
    clients.s3().createBucket(r -> r.bucket(DROP_BUCKET));
    String topicArn = clients.sns().createTopic(r -> r.name("fogbank-events")).topicArn();
    String stateMachineArn =
        clients
            .sfn()
            .createStateMachine(
                r ->
                    r.name("fogbank-deploy")
                        .roleArn("arn:aws:iam::" + ACCOUNT + ":role/fogbank-deploy")
                        .definition(DEPLOY_MACHINE))
            .stateMachineArn();
    // What bootstrap seeds, plus the fixtures' caller: read and deploy on web only.
    DynamoDbPolicyStore.create(clients.dynamoDb(), TABLE)
        .write(
            AccessPolicy.fromJson(
                "{\"statements\": [{\"principal\": \"arn:aws:iam::123456789012:user/deployer\","
                    + " \"stacks\": [\"web\"], \"actions\": [\"read\", \"deploy\"]},"
                    + " {\"principal\": \"arn:aws:iam::123456789012:user/platform-admin\","
                    + " \"stacks\": [\"*\"], \"actions\": [\"admin\"]}]}"),
            "bootstrap");
    functionEnvironment = new HashMap<>();
    // Lambda's own variables (credentials as a role's session, UTC) ...
    functionEnvironment.put("AWS_REGION", aws.region());
    functionEnvironment.put("AWS_DEFAULT_REGION", aws.region());
    functionEnvironment.put("AWS_ACCESS_KEY_ID", "test");
    functionEnvironment.put("AWS_SECRET_ACCESS_KEY", "test");
    functionEnvironment.put("AWS_SESSION_TOKEN", "test");
    functionEnvironment.put("AWS_LAMBDA_FUNCTION_NAME", "fogbank-artifact-test");
    functionEnvironment.put("TZ", "UTC");
    // ... and the control-plane stack's.
    functionEnvironment.put(ControlPlaneEnvironment.ACCOUNT, ACCOUNT);
    functionEnvironment.put(ControlPlaneEnvironment.TABLE, TABLE);
    functionEnvironment.put(ControlPlaneEnvironment.ARTIFACTS_BUCKET, ARTIFACTS_BUCKET);
    functionEnvironment.put(ControlPlaneEnvironment.STATE_MACHINE_ARN, stateMachineArn);
    functionEnvironment.put(ControlPlaneEnvironment.TOPIC_ARN, topicArn);
    functionEnvironment.put(ControlPlaneEnvironment.AWS_ENDPOINT, aws.endpoint().toString());
  }

  @AfterEach
  void closeClients() {
    clients.close();
  }

  @Test
  @DisplayName("api artifact answers GET /health with 200 {\"status\":\"ok\"}")
  void api_health() {
    JsonNode response = invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-health");

    assertEquals(200, response.path("statusCode").asInt(), response.toString());
    assertEquals("{\"status\":\"ok\"}", response.path("body").asText());
  }

  @Test
  @DisplayName("api artifact reads a stack's lock from DynamoDB: 200, not locked")
  void api_lock() {
    JsonNode response = invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-lock");

    assertEquals(200, response.path("statusCode").asInt(), response.toString());
    JsonNode body = json(response.path("body").asText());
    assertFalse(body.path("locked").asBoolean(true), body.toString());
  }

  @Test
  @DisplayName("api artifact refuses a caller the policy in the table grants nothing: 403")
  void api_forbidden() {
    JsonNode response =
        invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-lock-outsider");

    assertEquals(403, response.path("statusCode").asInt(), response.toString());
    assertEquals(
        "FORBIDDEN", json(response.path("body").asText()).path("error").path("code").asText());
  }

  @Test
  @DisplayName("api artifact answers GET /costs?stack=web from the control table: 200, its report")
  void api_costs() {
    JsonNode response = invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-costs");

    assertEquals(200, response.path("statusCode").asInt(), response.toString());
    JsonNode body = json(response.path("body").asText());
    assertEquals("web", body.path("stack").asText(), body.toString());
  }

  @Test
  @DisplayName(
      "api artifact answers GET /costs?stack=web&groupBy=SERVICE and the budget in GET"
          + " /costs?stack=web by invoking the scans artifact (Cost Explorer and Budgets on the"
          + " emulator), as it invokes the cost-scan function in AWS")
  void api_costLookupsThroughTheScansArtifact() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostExplorerResults(
        """
        {"results": [{"ResultsByTime": [
          {"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-22"}, "Estimated": true,
           "Total": {}, "Groups": [
             {"Keys": ["AWS Lambda"],
              "Metrics": {"UnblendedCost": {"Amount": "0.25", "Unit": "USD"}}},
             {"Keys": ["Amazon DynamoDB"],
              "Metrics": {"UnblendedCost": {"Amount": "7.00", "Unit": "USD"}}}]}],
          "DimensionValueAttributes": []}]}
        """);
    new dev.fogbank.shared.cost.AwsBudgetsStore(
            clients.budgets(), ACCOUNT, functionEnvironment.get(ControlPlaneEnvironment.TOPIC_ARN))
        .keep(StackRef.of(ACCOUNT, aws.region(), STACK), new BigDecimal("50"));
    // The cost-scan function reaches the emulator itself; the api reaches "Lambda" (the
    // stand-in, which runs the scans artifact in a JVM of its own) and, through it, the rest.
    Map<String, String> scansEnvironment = new HashMap<>(functionEnvironment);
    List<String> transcripts = new java.util.concurrent.CopyOnWriteArrayList<>();
    String function = "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:fogbank-cost-scan:live";
    try (var lambda =
        dev.fogbank.functions.testing.LambdaStandIn.start(
            (name, payload) -> {
              Path event = Files.createTempFile(invokerDir, "cost-lookup", ".json");
              Files.write(event, payload);
              ArtifactProcess.Outcome outcome =
                  ArtifactProcess.run(
                      artifact("scans"),
                      invokerDir,
                      "dev.fogbank.functions.scans.CostScanHandler",
                      "stream",
                      event,
                      scansEnvironment,
                      CHILD_TIMEOUT);
              transcripts.add(outcome.transcript());
              if (outcome.missingClass() || outcome.exitCode() != 0) {
                throw new IllegalStateException("the scans artifact failed");
              }
              return outcome.result().orElseThrow().getBytes(StandardCharsets.UTF_8);
            },
            aws.endpoint())) {
      functionEnvironment.put(ControlPlaneEnvironment.AWS_ENDPOINT, lambda.endpoint().toString());
      functionEnvironment.put(ControlPlaneEnvironment.COST_SCAN_FUNCTION, function);

      JsonNode byService =
          invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-costs-by-service");
      JsonNode report = invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-costs");

      assertEquals(200, byService.path("statusCode").asInt(), byService + "\n" + transcripts);
      JsonNode services = json(byService.path("body").asText());
      assertEquals(
          "Amazon DynamoDB", services.at("/services/0/service").asText(), services::toString);
      assertEquals("7", services.at("/services/0/amount").asText(), services.toString());
      assertEquals("7.25", services.path("total").asText(), services.toString());
      assertEquals(1, services.path("requests").asInt(), services.toString());
      assertEquals(200, report.path("statusCode").asInt(), report + "\n" + transcripts);
      JsonNode budget = json(report.path("body").asText()).path("budget");
      assertEquals("50", budget.path("amount").asText(), budget + "\n" + transcripts);
      assertEquals(2, budget.path("alerts").size(), budget.toString());
      assertEquals(
          List.of("RequestResponse", "RequestResponse"),
          lambda.invocations().stream()
              .map(dev.fogbank.functions.testing.LambdaStandIn.Invocation::type)
              .toList());
      assertTrue(
          lambda.invocations().stream().allMatch(i -> i.function().equals(function)),
          lambda.invocations().toString());
      assertTrue(
          transcripts.stream().allMatch(t -> t.contains("\"event\":\"cost_lookup_done\"")),
          transcripts.toString());
    }
  }

  @Test
  @DisplayName("api artifact serves the notification routes: GET /notifications/channels, 200")
  void api_notificationChannels() {
    JsonNode response =
        invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-notification-channels");

    assertEquals(200, response.path("statusCode").asInt(), response.toString());
    JsonNode body = json(response.path("body").asText());
    assertTrue(body.path("channels").isArray(), body.toString());
  }

  @Test
  @DisplayName(
      "console artifact: the IAM-signed POST /console/session answers a login link; its GET sets"
          + " the Secure session cookie once (a replay, in another JVM, gets none); the cookie"
          + " reads the stacks page")
  void console_ticketLoginAndStacksPage() throws IOException {
    String secretArn =
        clients
            .secretsManager()
            .createSecret(
                r -> r.name("fogbank-test/console-session-key").secretString("k".repeat(64)))
            .arn();
    functionEnvironment.put(ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN, secretArn);
    // /api: the console-assets jar the build made, in the artifacts bucket as bootstrap puts it.
    byte[] assets = Files.readAllBytes(artifact("console-assets"));
    clients
        .s3()
        .putObject(
            r -> r.bucket(ARTIFACTS_BUCKET).key("functions/console-assets/test.jar"),
            RequestBody.fromBytes(assets));
    functionEnvironment.put(
        ControlPlaneEnvironment.CONSOLE_ASSETS_KEY, "functions/console-assets/test.jar");
    history()
        .append(
            DeploymentRecord.requested(
                "d-console", StackRef.of(ACCOUNT, aws.region(), STACK), DeploymentSource.API,
                "alice", "ab".repeat(32), "s3://a/b", Map.of(), Map.of(), Instant.now()));
    String handler = "dev.fogbank.functions.webconsole.ConsoleHandler";

    JsonNode session = invoke("console", handler, "api", "console-session");
    assertEquals(200, session.path("statusCode").asInt(), session.toString());
    JsonNode link = json(session.path("body").asText());
    assertEquals("arn:aws:iam::123456789012:user/deployer", link.path("principal").asText());
    String ticket = link.path("loginPath").asText().replaceFirst("^/console/login\\?ticket=", "");

    ObjectNode login = consoleEvent("/console/login");
    login.putObject("queryStringParameters").put("ticket", ticket);
    login.put("rawQueryString", "ticket=" + ticket);
    Path loginEvent = invokerDir.resolve("console-login.json");
    Files.writeString(loginEvent, login.toString());
    JsonNode opened = result(run("console", handler, "api", loginEvent));
    assertEquals(303, opened.path("statusCode").asInt(), opened.toString());
    String cookie = opened.path("cookies").path(0).asText();
    assertTrue(cookie.contains("; Secure") && cookie.contains("; HttpOnly"), cookie);

    JsonNode replay = result(run("console", handler, "api", loginEvent));
    assertEquals(401, replay.path("statusCode").asInt(), replay.toString());
    assertTrue(replay.path("cookies").isMissingNode() || replay.path("cookies").isEmpty());

    ObjectNode page = consoleEvent("/console/stacks");
    page.putArray("cookies").add(cookie.substring(0, cookie.indexOf(';')));
    Path pageEvent = invokerDir.resolve("console-stacks.json");
    Files.writeString(pageEvent, page.toString());
    JsonNode stacks = result(run("console", handler, "api", pageEvent));
    assertEquals(200, stacks.path("statusCode").asInt(), stacks.toString());
    assertTrue(
        stacks.path("body").asText().contains("data-stack=\"" + STACK + "\""),
        stacks.path("body").asText());

    // Swagger UI, which the console jar does not carry, read from that jar in S3.
    for (String path : List.of("/api", "/api/swagger-ui-bundle.js", "/api/openapi.yaml")) {
      Path apiEvent = invokerDir.resolve("console-api-" + path.length() + ".json");
      Files.writeString(apiEvent, consoleEvent(path).toString());
      JsonNode api = result(run("console", handler, "api", apiEvent));
      assertEquals(200, api.path("statusCode").asInt(), path + ": " + api.toString());
      assertTrue(api.path("body").asText().length() > 500, path);
    }
  }

  private static ObjectNode consoleEvent(String path) {
    ObjectNode event =
        (ObjectNode) json(new String(fixture("console-page.json"), StandardCharsets.UTF_8));
    event.put("rawPath", path);
    ((ObjectNode) event.path("requestContext").path("http"))
        .put("path", path);
    event.remove("cookies");
    return event;
  }

  @Test
  @DisplayName("api artifact accepts POST /deployments: template in S3, record QUEUED, execution")
  void api_submit() {
    JsonNode response =
        invoke("api", "dev.fogbank.functions.api.ApiHandler", "api", "api-post-deployment");

    assertEquals(202, response.path("statusCode").asInt(), response.toString());
    JsonNode body = json(response.path("body").asText());
    assertEquals("QUEUED", body.path("status").asText(), body.toString());
    assertEquals(DeploymentStatus.QUEUED, record(body.path("deploymentId").asText()).status());
    assertEquals(1, executions());
  }

  @Test
  @DisplayName(
      "every artifact (api, drop, steps-ledger, steps-stack, slack, events, scans, console) runs"
          + " its SnapStart priming hook (org.crac kept by ProGuard), which writes nothing, then"
          + " answers its real path")
  void snapStartPriming_thenRealPath() {
    // The secrets the slack (a blank webhook: a dead letter) and console functions read.
    functionEnvironment.put(
        ControlPlaneEnvironment.SLACK_SECRET_ARN,
        clients
            .secretsManager()
            .createSecret(r -> r.name("fogbank/slack-webhook").secretString(" "))
            .arn());
    functionEnvironment.put(
        ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN,
        clients
            .secretsManager()
            .createSecret(
                r -> r.name("fogbank-test/console-session-key").secretString("k".repeat(64)))
            .arn());
    clients
        .s3()
        .putObject(
            r -> r.bucket(DROP_BUCKET).key("stacks/web/template.yaml"),
            RequestBody.fromBytes(fixture("template.yaml")));
    TemplateStore.StoredTemplate stored =
        new S3TemplateStore(clients.s3(), ARTIFACTS_BUCKET).put(fixture("template.yaml"));
    history()
        .append(
            DeploymentRecord.requested(
                STEP_DEPLOYMENT, StackRef.of(ACCOUNT, aws.region(), STACK), DeploymentSource.API,
                "arn:aws:iam::123456789012:user/deployer", stored.sha256(), stored.location(),
                Map.of(), Map.of(), Instant.parse("2026-11-21T22:05:01Z")));
    int itemsBefore = clients.dynamoDb().scan(r -> r.tableName(TABLE)).count();
    String steps = "dev.fogbank.functions.steps.";
    String primed = "stream" + ArtifactInvoker.PRIMED_SUFFIX;

    // Priming alone: each hook runs, and the table, the buckets and the executions are as before.
    // (The invoke after it gets a template as its event, which every handler refuses unread.)
    for (String[] group :
        new String[][] {
          {"drop", "dev.fogbank.functions.drop.DropHandler", primed},
          {"steps-ledger", steps + "AcquireLockHandler", primed},
          {"steps-stack", steps + "CreateChangeSetHandler", primed},
          {"slack", "dev.fogbank.functions.slack.SlackHandler", "sns" + ArtifactInvoker.PRIMED_SUFFIX},
          {"events", "dev.fogbank.functions.events.StackEventsHandler", primed},
          {"scans", "dev.fogbank.functions.scans.DriftScanStepHandler", primed},
          {"console", "dev.fogbank.functions.webconsole.ConsoleHandler",
              "api" + ArtifactInvoker.PRIMED_SUFFIX}
        }) {
      ArtifactProcess.Outcome outcome =
          ArtifactProcess.run(
              artifact(group[0]), invokerDir, group[1], group[2],
              resource("template.yaml"), functionEnvironment, CHILD_TIMEOUT);
      assertFalse(outcome.missingClass(), outcome.transcript());
      assertTrue(
          outcome.stderr().contains("\"event\":\"snapstart_primed\"")
              && outcome.stderr().contains("\"group\":\"" + group[0] + "\""),
          outcome.transcript());
      assertFalse(outcome.stderr().contains("snapstart_priming_failed"), outcome.transcript());
    }
    assertEquals(itemsBefore, clients.dynamoDb().scan(r -> r.tableName(TABLE)).count());
    assertEquals(0, executions());
    assertEquals(
        1, clients.s3().listObjectsV2(r -> r.bucket(ARTIFACTS_BUCKET)).keyCount(), "templates");

    // Primed, then the real paths answer as unprimed ones do.
    ArtifactProcess.Outcome submitted =
        run("api", "dev.fogbank.functions.api.ApiHandler", "api" + ArtifactInvoker.PRIMED_SUFFIX,
            resource("api-post-deployment.json"));
    assertTrue(submitted.stderr().contains("\"group\":\"api\""), submitted.transcript());
    assertEquals(202, result(submitted).path("statusCode").asInt(), submitted.transcript());
    JsonNode lock =
        result(run("steps-ledger", steps + "AcquireLockHandler", primed,
            resource("step-input.json")));
    assertTrue(lock.path("acquired").asBoolean(), lock.toString());
    JsonNode changeSet =
        result(run("steps-stack", steps + "CreateChangeSetHandler", primed,
            resource("step-input.json")));
    assertTrue(changeSet.path("changeSetId").asText().startsWith("arn:"), changeSet.toString());
    JsonNode ids =
        result(run("drop", "dev.fogbank.functions.drop.DropHandler", primed,
            resource("drop-object-created.json")));
    assertEquals(2, ids.size(), ids.toString());
    assertEquals(2, executions());
    JsonNode handled =
        result(run("events", "dev.fogbank.functions.events.StackEventsHandler", primed,
            resource("events-stack-status-change.json")));
    assertEquals("NOTIFIED", handled.path("outcome").asText(), handled.toString());
    ArtifactProcess.Outcome notified =
        run("slack", "dev.fogbank.functions.slack.SlackHandler",
            "sns" + ArtifactInvoker.PRIMED_SUFFIX, resource("slack-notification.json"));
    assertEquals("1", result(notified).toString(), notified.transcript());
    assertTrue(notified.stderr().contains("notification_dead_lettered"), notified.transcript());
    seedManagedStack();
    JsonNode detected =
        result(run("scans", "dev.fogbank.functions.scans.DriftScanStepHandler", primed,
            resource("scans-drift-detect.json")));
    assertEquals("web", detected.path("stack").asText(), detected.toString());
    JsonNode session =
        result(run("console", "dev.fogbank.functions.webconsole.ConsoleHandler",
            "api" + ArtifactInvoker.PRIMED_SUFFIX, resource("console-session.json")));
    assertEquals(200, session.path("statusCode").asInt(), session.toString());
  }

  @Test
  @DisplayName("drop artifact records a stray key as FAILED and starts a dropped template")
  void drop_objectCreated() {
    clients
        .s3()
        .putObject(
            r -> r.bucket(DROP_BUCKET).key("stacks/web/template.yaml"),
            RequestBody.fromBytes(fixture("template.yaml")));

    JsonNode ids =
        invoke("drop", "dev.fogbank.functions.drop.DropHandler", "stream", "drop-object-created");

    assertEquals(2, ids.size(), ids.toString());
    DeploymentRecord stray = record(ids.get(0).asText());
    assertEquals(DeploymentStatus.FAILED, stray.status());
    assertEquals("INVALID_REQUEST", stray.error().code());
    DeploymentRecord dropped = record(ids.get(1).asText());
    assertEquals(DeploymentStatus.QUEUED, dropped.status());
    assertEquals(STACK, dropped.stack().name());
    assertEquals(1, executions());
  }

  @Test
  @DisplayName(
      "steps-ledger takes and releases the lock, steps-stack validates and creates the change set")
  void steps_lockValidateChangeSetRelease() {
    TemplateStore.StoredTemplate stored =
        new S3TemplateStore(clients.s3(), ARTIFACTS_BUCKET).put(fixture("template.yaml"));
    JsonNode input = json(new String(fixture("step-input.json")));
    assertEquals(input.path("templateLocation").asText(), stored.location(), "fixture drifted");
    history()
        .append(
            DeploymentRecord.requested(
                STEP_DEPLOYMENT,
                StackRef.of(ACCOUNT, aws.region(), STACK),
                DeploymentSource.API,
                "arn:aws:iam::123456789012:user/deployer",
                stored.sha256(),
                stored.location(),
                Map.of(),
                Map.of(),
                Instant.parse("2026-11-21T22:05:01Z")));
    String steps = "dev.fogbank.functions.steps.";

    String ledger = "steps-ledger";
    String stackSteps = "steps-stack";
    JsonNode lock = invoke(ledger, steps + "AcquireLockHandler", "stream", "step-input");
    JsonNode check = invoke(stackSteps, steps + "ValidateTemplateHandler", "stream", "step-input");
    JsonNode changeSet =
        invoke(stackSteps, steps + "CreateChangeSetHandler", "stream", "step-input");
    JsonNode released = invoke(ledger, steps + "ReleaseLockHandler", "stream", "step-input");

    assertTrue(lock.path("acquired").asBoolean(), lock.toString());
    assertEquals(DeploymentStatus.RUNNING, record(STEP_DEPLOYMENT).status());
    assertEquals(1, check.path("resourceCount").asInt(), check.toString());
    assertTrue(changeSet.path("changeSetId").asText().startsWith("arn:"), changeSet.toString());
    assertTrue(released.isNull(), released.toString());
    assertTrue(
        DynamoDbLockStore.create(clients.dynamoDb(), TABLE)
            .read(StackRef.of(ACCOUNT, aws.region(), STACK))
            .isEmpty(),
        "lock still held after ReleaseLock");
  }

  @Test
  @DisplayName(
      "steps-stack reviews a change set with its cost estimate from the prices cached in the"
          + " table: 100 GB of gp3 is $8.00 a month")
  void steps_reviewEstimatesFromThePriceCache() throws IOException {
    String template =
        """
        Resources:
          Data:
            Type: AWS::EC2::Volume
            Properties:
              AvailabilityZone: us-east-1a
              Size: 100
              VolumeType: gp3
        """;
    TemplateStore.StoredTemplate stored =
        new S3TemplateStore(clients.s3(), ARTIFACTS_BUCKET)
            .put(template.getBytes(StandardCharsets.UTF_8));
    // The price cache as the scheduled refresh (or an earlier review) leaves it: filled from
    // recorded Price List answers. The artifact's own pricing client points at the emulator,
    // which has no Price List API: a price it had to fetch would make the estimate unavailable.
    try (PriceListServer prices = PriceListServer.start();
        AwsClientFactory pricing =
            AwsClientFactory.create(AwsSettings.of("us-east-1", prices.endpoint()))) {
      new CostEstimator(
              new CachingPriceBook(
                  new DynamoDbPriceCache(
                      clients.dynamoDb(), TABLE, CachingPriceBook.DEFAULT_REFRESH_PERIOD),
                  new PricingApiPriceSource(pricing.pricing()),
                  Clock.systemUTC(),
                  CachingPriceBook.DEFAULT_REFRESH_PERIOD))
          .estimate(
              TemplateReader.readSource(template.getBytes(StandardCharsets.UTF_8)),
              Map.of(),
              "us-east-1");
    }
    ObjectNode input = (ObjectNode) json(new String(fixture("step-input.json")));
    input.put("templateLocation", stored.location()).put("templateSha256", stored.sha256());
    Path inputFile = invokerDir.resolve("review-input.json");
    Files.writeString(inputFile, input.toString());
    String steps = "dev.fogbank.functions.steps.";
    JsonNode changeSet =
        result(run("steps-stack", steps + "CreateChangeSetHandler", "stream", inputFile));
    input.set("changeSet", changeSet);
    Files.writeString(inputFile, input.toString());

    ArtifactProcess.Outcome outcome =
        run("steps-stack", steps + "ReviewChangeSetHandler", "stream", inputFile);

    JsonNode cost = result(outcome).path("costEstimate");
    assertTrue(
        cost.path("unavailable").isMissingNode() || cost.path("unavailable").isNull(),
        outcome.transcript());
    BigDecimal eight = new BigDecimal("8.00");
    assertEquals(0, eight.compareTo(cost.path("monthly").decimalValue()), cost::toString);
    assertEquals(0, eight.compareTo(cost.path("deltaMonthly").decimalValue()), cost::toString);
    assertEquals(1, cost.path("coverage").path("priced").asInt(), cost.toString());
  }

  @Test
  @DisplayName(
      "slack artifact reads its webhook secret; a blank one keeps the event as a dead letter")
  void slack_notification() {
    // A blank secret is a webhook not set up: the function reads it through Secrets Manager and
    // keeps the event in the control table (GET /notifications/failed), so nothing is lost.
    String secretArn =
        clients
            .secretsManager()
            .createSecret(r -> r.name("fogbank/slack-webhook").secretString(" "))
            .arn();
    functionEnvironment.put("FOGBANK_SLACK_SECRET_ARN", secretArn);

    ArtifactProcess.Outcome outcome =
        run("slack", "dev.fogbank.functions.slack.SlackHandler", "sns", "slack-notification");

    assertEquals("1", result(outcome).toString(), outcome.transcript());
    assertTrue(outcome.stderr().contains("notification_dead_lettered"), outcome.transcript());
    var letters =
        new dev.fogbank.shared.notify.DynamoDbFailedNotifications(clients.dynamoDb(), TABLE)
            .list(null, 10)
            .items();
    assertEquals(1, letters.size(), outcome.transcript());
    assertEquals(
        dev.fogbank.shared.error.ErrorCode.WEBHOOK_SECRET_MISSING, letters.getFirst().code());
  }

  @Test
  @DisplayName(
      "events artifact claims a Stack Status Change in DynamoDB, notifies once, and a redelivery"
          + " does nothing")
  void events_stackStatusChange() {
    String handler = "dev.fogbank.functions.events.StackEventsHandler";
    // moto delivers to an HTTP subscription inside Publish: what the slack function would get.
    TopicSubscriber topic =
        aws.kind() == AwsEndpoint.Kind.MOTO
            ? TopicSubscriber.subscribe(clients.sns(), functionEnvironment.get("FOGBANK_TOPIC_ARN"))
            : null;
    ArtifactProcess.Outcome first;
    JsonNode again;
    try {
      first = run("events", handler, "stream", "events-stack-status-change");
      again = invoke("events", handler, "stream", "events-stack-status-change");
    } finally {
      if (topic != null) {
        topic.close();
      }
    }

    JsonNode result = result(first);
    assertEquals("NOTIFIED", result.path("outcome").asText(), first.transcript());
    assertEquals("web", result.path("stack").asText(), result.toString());
    assertEquals("UPDATE_ROLLBACK_FAILED", result.path("status").asText(), result.toString());
    assertTrue(first.stderr().contains("\"event\":\"stack_event_handled\""), first.transcript());
    assertEquals("DUPLICATE", again.path("outcome").asText(), again.toString());
    if (topic != null) {
      List<JsonNode> delivered = topic.notifications();
      assertEquals(1, delivered.size(), "notifications on the topic: " + delivered);
      JsonNode message = json(delivered.getFirst().path("Message").asText());
      assertEquals("STACK_NEEDS_ATTENTION", message.path("kind").asText(), message.toString());
      assertEquals("web", message.path("stackName").asText(), message.toString());
    }
    AttributeValue key = AttributeValue.fromS("EVENT#f0c9a3d1-6b2e-4f87-a5c4-93e1b7d0a258");
    Map<String, AttributeValue> claim =
        clients
            .dynamoDb()
            .getItem(
                r -> r.tableName(TABLE).key(Map.of(ControlTable.PK, key, ControlTable.SK, key)))
            .item();
    assertTrue(claim.containsKey(ControlTable.TTL), "claim item with ttl: " + claim);
  }

  @Test
  @DisplayName("events artifact rejects input that is not an event: one log line, no stack trace")
  void events_rejectsBadInput() {
    ArtifactProcess.Outcome outcome =
        ArtifactProcess.run(
            artifact("events"),
            invokerDir,
            "dev.fogbank.functions.events.StackEventsHandler",
            "stream",
            resource("template.yaml"),
            functionEnvironment,
            CHILD_TIMEOUT);

    assertFalse(outcome.missingClass(), outcome.transcript());
    assertEquals(1, outcome.exitCode(), outcome.transcript());
    assertEquals(
        1,
        outcome.stderr().lines().filter(l -> l.contains("\"event\":\"stack_event_")).count(),
        "one structured line: " + outcome.transcript());
    assertTrue(
        outcome.stderr().contains("\"event\":\"stack_event_rejected\""), outcome.transcript());
    assertFalse(outcome.stderr().contains("\tat "), "a stack trace: " + outcome.transcript());
    assertTrue(
        outcome
            .stderr()
            .contains(
                // What the Java runtime reports: the class name (kept in the minimized
                // artifact) is the error the caller sees, then the message.
                "fogbank.INVALID_REQUEST: not a usable CloudFormation Stack Status Change event:"
                    + " the input is not JSON"),
        outcome.transcript());
  }

  @Test
  @DisplayName(
      "scans artifact: the cost scan reads Cost Explorer and writes one COST# item per stack and"
          + " day, leaving the untagged group out")
  void scans_costScan() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    String results =
        """
        {"results": [{"ResultsByTime": [
          {"TimePeriod": {"Start": "2026-11-21", "End": "2026-11-22"}, "Estimated": false,
           "Total": {}, "Groups": [
             {"Keys": ["aws:cloudformation:stack-name$"],
              "Metrics": {"UnblendedCost": {"Amount": "7.5", "Unit": "USD"}}},
             {"Keys": ["aws:cloudformation:stack-name$web"],
              "Metrics": {"UnblendedCost": {"Amount": "0.42", "Unit": "USD"}}}]}],
          "DimensionValueAttributes": []}]}
        """;
    queueCostExplorerResults(results);
    functionEnvironment.put("FOGBANK_COST_DAYS", "3");

    ArtifactProcess.Outcome outcome =
        run(
            "scans",
            "dev.fogbank.functions.scans.CostScanHandler",
            "stream",
            "scans-scheduled-event");

    JsonNode result = result(outcome);
    assertEquals(1, result.path("recorded").asInt(), outcome.transcript());
    assertEquals("7.5", result.at("/untagged/USD").asText(), result.toString());
    assertTrue(outcome.stderr().contains("\"event\":\"cost_scan_done\""), outcome.transcript());
    assertTrue(outcome.stderr().contains("\"days\":3"), outcome.transcript());
    AttributeValue pk =
        AttributeValue.fromS(StackRef.of(ACCOUNT, aws.region(), STACK).partitionKey());
    Map<String, AttributeValue> item =
        clients
            .dynamoDb()
            .getItem(
                r ->
                    r.tableName(TABLE)
                        .key(
                            Map.of(
                                ControlTable.PK,
                                pk,
                                ControlTable.SK,
                                AttributeValue.fromS("COST#2026-11-21"))))
            .item();
    assertEquals("0.42", item.get("amount").n(), "COST# item: " + item);
  }

  @Test
  @DisplayName(
      "scans artifact: the drift scan's detect step, as the state machine invokes it; moto has no"
          + " drift API (HTTP 500), so the stack is recorded DRIFT_UNSUPPORTED, without a stack trace")
  void scans_driftScanDetectStep() {
    seedManagedStack();

    ArtifactProcess.Outcome outcome =
        run(
            "scans",
            "dev.fogbank.functions.scans.DriftScanStepHandler",
            "stream",
            "scans-drift-detect");

    JsonNode result = result(outcome);
    assertEquals("web", result.path("stack").asText(), result.toString());
    assertTrue(result.path("done").asBoolean(), result.toString());
    if (aws.kind() == AwsEndpoint.Kind.MOTO) {
      assertEquals("DRIFT_UNSUPPORTED", result.path("outcome").asText(), outcome.transcript());
    }
    assertFalse(outcome.stderr().contains("\tat "), "a stack trace: " + outcome.transcript());
  }

  /** Queues Cost Explorer's next answers on moto ({@code /moto-api/static/ce/...}). */
  private void queueCostExplorerResults(String results) throws Exception {
    java.net.http.HttpResponse<String> queued =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            aws.endpoint() + "/moto-api/static/ce/cost-and-usage-results"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(results))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(201, queued.statusCode(), queued.body());
  }

  private JsonNode invoke(String group, String handler, String kind, String event) {
    return result(run(group, handler, kind, event));
  }

  private ArtifactProcess.Outcome run(String group, String handler, String kind, String event) {
    return run(group, handler, kind, resource(event.endsWith(".json") ? event : event + ".json"));
  }

  private ArtifactProcess.Outcome run(String group, String handler, String kind, Path event) {
    ArtifactProcess.Outcome outcome =
        ArtifactProcess.run(
            artifact(group), invokerDir, handler, kind, event, functionEnvironment, CHILD_TIMEOUT);
    if (outcome.missingClass()) {
      fail(group + " artifact lacks a class " + handler + " needs:\n" + outcome.transcript());
    }
    if (outcome.exitCode() != 0 || outcome.result().isEmpty()) {
      fail(handler + " in the " + group + " artifact failed:\n" + outcome.transcript());
    }
    return outcome;
  }

  private static JsonNode result(ArtifactProcess.Outcome outcome) {
    return json(outcome.result().orElseThrow());
  }

  /** The jar `mvn package` built for {@code group}; failsafe passes where it is. */
  /** A deployment record of {@code STACK}: what makes it a managed stack the drift scan reads. */
  private void seedManagedStack() {
    clients
        .dynamoDb()
        .putItem(
            r ->
                r.tableName(TABLE)
                    .item(
                        Map.of(
                            ControlTable.PK,
                            AttributeValue.fromS(
                                StackRef.of(ACCOUNT, aws.region(), STACK).partitionKey()),
                            ControlTable.SK,
                            AttributeValue.fromS("DEPLOY#2026-11-21T10:00:00.000Z#d-web"))));
  }

  static Path artifact(String group) {
    Path dir = Path.of(System.getProperty("fogbank.artifacts.dir", "target"));
    String prefix = System.getProperty("fogbank.artifacts.prefix", "functions-0.1.0-SNAPSHOT");
    Path jar = dir.resolve(prefix + "-" + group + ".jar");
    if (!Files.isRegularFile(jar)) {
      fail("no " + jar + ": run the integration tests through Maven (mvn verify), after package");
    }
    return jar;
  }

  private DeploymentRecord record(String deploymentId) {
    return history()
        .get(deploymentId)
        .orElseThrow(() -> new AssertionError("no history record for " + deploymentId));
  }

  private DynamoDbDeploymentHistory history() {
    return DynamoDbDeploymentHistory.create(clients.dynamoDb(), TABLE);
  }

  private int executions() {
    String machine = functionEnvironment.get("FOGBANK_STATE_MACHINE_ARN");
    return clients.sfn().listExecutions(r -> r.stateMachineArn(machine)).executions().size();
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(LambdaArtifactIT.class.getResource("/artifact/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource artifact/" + name, e);
    }
  }

  private static byte[] fixture(String name) {
    try {
      return Files.readAllBytes(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
