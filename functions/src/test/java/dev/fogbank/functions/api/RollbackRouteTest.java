package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiHandlerTest.RecordingExecutionStarter;
import dev.fogbank.functions.api.ApiHandlerTest.SteppingClock;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.DeploymentSubmission;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * POST /stacks/{name}/rollback through the routes, with history on DynamoDB Local: a rollback is a
 * new deployment (source rollback) of an earlier SUCCEEDED deployment's template and parameters,
 * started through the same intake as any other.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RollbackRouteTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String V1 = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  private static final String V2 = V1 + "  Topic:\n    Type: AWS::SNS::Topic\n";

  private final RecordingExecutionStarter executions = new RecordingExecutionStarter();
  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private DynamoDbDeploymentHistory history;
  private DeploymentIntake intake;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    TemplateStore templates =
        new TemplateStore() {
          @Override
          public StoredTemplate put(byte[] body) {
            String sha = sha256(body);
            stored.put(sha, body.clone());
            return new StoredTemplate(sha, "memory:" + sha, null);
          }

          @Override
          public byte[] get(String location) {
            return stored.get(location.substring("memory:".length())).clone();
          }
        };
    intake =
        new DeploymentIntake(
            history,
            templates,
            executions,
            new SteppingClock(Instant.parse("2026-11-21T22:05:01Z"), Duration.ofSeconds(1)),
            ACCOUNT,
            REGION,
            null,
            DeploymentOptions.defaults());
    StackRollback rollback =
        new StackRollback(
            history,
            templates,
            intake,
            () -> {
              throw new AssertionError("a redeploy needs no CloudFormation call");
            },
            ACCOUNT,
            REGION,
            null);
    routes =
        new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), ACCOUNT, REGION)
            .withRollback(() -> rollback);
  }

  @Test
  void rollback_whenNoTarget_thenNewRollbackDeploymentOfTheSuccessBeforeTheLatest() {
    String v1 = deployed("web", V1, Map.of("Size", "1"), DeploymentStatus.SUCCEEDED);
    deployed("web", V2, Map.of("Size", "2"), DeploymentStatus.SUCCEEDED);
    deployed("web", V2 + "  Broken:\n    Type: AWS::SQS::Queue\n", Map.of(), DeploymentStatus.FAILED);

    ApiRoutes.Response response = routes.handle("POST", "/stacks/web/rollback", Map.of(), "", "ops");

    assertEquals(202, response.status(), String.valueOf(response.body()));
    JsonNode body = Json.mapper().valueToTree(response.body());
    assertEquals("rollback", body.path("source").asText());
    assertEquals("QUEUED", body.path("status").asText());
    DeploymentRecord rollback = history.get(body.path("deploymentId").asText()).orElseThrow();
    DeploymentRecord target = history.get(v1).orElseThrow();
    assertEquals(DeploymentSource.ROLLBACK, rollback.source());
    assertEquals(target.templateSha256(), rollback.templateSha256());
    assertEquals(Map.of("Size", "1"), rollback.parameters());
    assertEquals("ops", rollback.requester());
    assertEquals(rollback.deploymentId(), executions.started.getLast().name(), "started");
  }

  @Test
  void rollback_whenTargetNamed_thenThatDeploymentsTemplate() {
    deployed("web", V1, Map.of(), DeploymentStatus.SUCCEEDED);
    String v2 = deployed("web", V2, Map.of(), DeploymentStatus.SUCCEEDED);

    ApiRoutes.Response response =
        routes.handle(
            "POST", "/stacks/web/rollback", Map.of(), "{\"toDeploymentId\":\"" + v2 + "\"}", "t");

    assertEquals(202, response.status(), String.valueOf(response.body()));
    JsonNode body = Json.mapper().valueToTree(response.body());
    assertEquals(
        sha256(V2.getBytes(StandardCharsets.UTF_8)),
        history.get(body.path("deploymentId").asText()).orElseThrow().templateSha256());
  }

  @Test
  void rollback_whenTargetIsAnotherStacksDeployment_then409RollbackNotPossible() {
    String other = deployed("api", V1, Map.of(), DeploymentStatus.SUCCEEDED);
    int before = executions.started.size();

    ApiRoutes.Response response =
        routes.handle(
            "POST", "/stacks/web/rollback", Map.of(), "{\"toDeploymentId\":\"" + other + "\"}", "t");

    assertError(response, 409, "ROLLBACK_NOT_POSSIBLE", "deployed stack 'api'");
    assertEquals(before, executions.started.size(), "nothing started");
  }

  @Test
  void rollback_whenTargetFailed_then409RollbackNotPossible() {
    deployed("web", V1, Map.of(), DeploymentStatus.SUCCEEDED);
    String failed = deployed("web", V2, Map.of(), DeploymentStatus.FAILED);

    ApiRoutes.Response response =
        routes.handle(
            "POST", "/stacks/web/rollback", Map.of(), "{\"toDeploymentId\":\"" + failed + "\"}", "t");

    assertError(response, 409, "ROLLBACK_NOT_POSSIBLE", "is FAILED");
  }

  @Test
  void rollback_whenOnlyOneSuccess_then409RollbackNotPossible() {
    deployed("web", V1, Map.of(), DeploymentStatus.SUCCEEDED);

    ApiRoutes.Response response = routes.handle("POST", "/stacks/web/rollback", Map.of(), "", "t");

    assertError(response, 409, "ROLLBACK_NOT_POSSIBLE", "has 1 successful deployment");
  }

  @Test
  void rollback_whenTargetUnknown_then404() {
    ApiRoutes.Response response =
        routes.handle(
            "POST", "/stacks/web/rollback", Map.of(), "{\"toDeploymentId\":\"d-nope\"}", "t");

    assertError(response, 404, "NOT_FOUND", "no deployment with id 'd-nope'");
  }

  @Test
  void rollback_whenUnknownField_then400() {
    ApiRoutes.Response response =
        routes.handle("POST", "/stacks/web/rollback", Map.of(), "{\"to\":\"d-1\"}", "t");

    assertError(response, 400, "INVALID_REQUEST", "unknown field 'to'");
  }

  @Test
  void continueRollback_whenSkipIsNotALogicalId_then400BeforeAnyCloudFormationCall() {
    ApiRoutes.Response response =
        routes.handle(
            "POST",
            "/stacks/web/continue-rollback",
            Map.of(),
            "{\"resourcesToSkip\":[\"Bad Id\"]}",
            "t");

    assertError(response, 400, "INVALID_REQUEST", "resourcesToSkip");
  }

  /** A deployment of {@code stack} that ended {@code status}; returns its id. */
  private String deployed(
      String stack, String template, Map<String, String> parameters, DeploymentStatus status) {
    DeploymentRecord record =
        intake.submit(
            new DeploymentSubmission(
                null,
                stack,
                template.getBytes(StandardCharsets.UTF_8),
                parameters,
                Map.of(),
                DeploymentSource.API,
                "t",
                null,
                null,
                null));
    Instant at = record.requestedAt().plusMillis(1);
    history.transition(record.deploymentId(), StatusChange.running(at));
    history.transition(
        record.deploymentId(),
        status == DeploymentStatus.SUCCEEDED
            ? StatusChange.succeeded(at, null)
            : StatusChange.failed(at, new DeploymentError("STACK_FAILED", "it failed")));
    return record.deploymentId();
  }

  private static void assertError(
      ApiRoutes.Response response, int status, String code, String messagePart) {
    JsonNode body = Json.mapper().valueToTree(response.body());
    assertEquals(status, response.status(), body.toString());
    assertEquals(code, body.path("error").path("code").asText(), body.toString());
    assertTrue(
        body.path("error").path("message").asText().contains(messagePart), body.toString());
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
