package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiHandlerTest.RecordingExecutionStarter;
import dev.fogbank.functions.wiring.AwsModule;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.drop.S3DropSource;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.TemplateLimits;
import dev.fogbank.shared.template.TemplateUrls;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /deployments} with {@code templateUrl}: the object read from S3 (the emulator,
 * through the real SDK) when it is in the control plane's bucket or the allow-list; every other
 * case a 4xx with its own code and nothing recorded or started.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class TemplateUrlRouteIT {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String OWN = "fogbank-artifacts-url-it";
  private static final String LISTED = "team-templates-url-it";
  private static final String OTHER = "someone-else-url-it";
  private static final String QUEUE = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";

  private final RecordingExecutionStarter executions = new RecordingExecutionStarter();
  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;
  private S3Client s3;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    s3 = aws.clients().s3();
    for (String bucket : List.of(OWN, LISTED, OTHER)) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
        // exists from an earlier test on the same emulator
      }
    }
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DeploymentIntake intake =
        new DeploymentIntake(
            history, new ApiHandlerTest.MemoryTemplateStore(), executions, Clock.systemUTC(),
            ACCOUNT, REGION, null, DeploymentOptions.defaults());
    routes =
        new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), ACCOUNT, REGION)
            .withTemplateUrls(
                () ->
                    new TemplateUrls(
                        new S3DropSource(s3),
                        // As the api function reads FOGBANK_TEMPLATE_BUCKETS.
                        AwsModule.templateBuckets(
                            OWN,
                            Map.of(ControlPlaneEnvironment.TEMPLATE_BUCKETS, " " + LISTED + ", "))));
  }

  @Test
  void submit_whenTheUrlIsInTheOwnOrAListedBucket_thenItsTemplateIsDeployed() {
    put(OWN, "uploads/web.yaml", QUEUE);
    put(LISTED, "a b/web+1.yaml", QUEUE);

    for (String url :
        List.of(
            "s3://" + OWN + "/uploads/web.yaml",
            "https://" + OWN + ".s3.us-east-1.amazonaws.com/uploads/web.yaml",
            "https://s3.us-east-1.amazonaws.com/" + LISTED + "/a%20b/web+1.yaml")) {
      ApiRoutes.Response r = post("{\"stackName\":\"web\",\"templateUrl\":\"" + url + "\"}");
      assertEquals(202, r.status(), () -> url + " -> " + r.body());
    }
    assertEquals(3, history.list(StackRef.of(ACCOUNT, REGION, "web"), 10, null).items().size());
    assertEquals(3, executions.started.size());
  }

  @Test
  void submit_whenTheUrlIsRefused_thenItsCodeAndNothingRecorded() {
    put(OTHER, "web.yaml", QUEUE);
    put(OWN, "big.yaml", "#" + "x".repeat(TemplateLimits.MAX_TEMPLATE_BYTES) + "\n" + QUEUE);

    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":\"s3://" + OTHER + "/web.yaml\"}",
        403, "TEMPLATE_URL_NOT_ALLOWED");
    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":\"https://example.com/web.yaml\"}",
        400, "TEMPLATE_URL_INVALID");
    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":\"file:///etc/passwd\"}",
        400, "TEMPLATE_URL_INVALID");
    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":\"s3://" + OWN + "/missing.yaml\"}",
        404, "TEMPLATE_URL_NOT_FOUND");
    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":\"s3://" + OWN + "/big.yaml\"}",
        413, "TEMPLATE_TOO_LARGE");
    assertRefused(
        "{\"stackName\":\"web\",\"templateBody\":\"x\",\"templateUrl\":\"s3://" + OWN
            + "/web.yaml\"}",
        400, "INVALID_REQUEST");
    assertRefused(
        "{\"stackName\":\"web\",\"templateUrl\":5}", 400, "INVALID_REQUEST");

    assertTrue(history.list(StackRef.of(ACCOUNT, REGION, "web"), 10, null).items().isEmpty());
    assertTrue(executions.started.isEmpty());
  }

  private void assertRefused(String body, int status, String code) {
    ApiRoutes.Response r = post(body);
    assertEquals(status, r.status(), () -> body + " -> " + r.body());
    JsonNode error = Json.mapper().valueToTree(r.body()).path("error");
    assertEquals(code, error.path("code").asText(), () -> body + " -> " + r.body());
  }

  private ApiRoutes.Response post(String body) {
    return routes.handle("POST", "/deployments", Map.of(), body, "alice");
  }

  private void put(String bucket, String key, String text) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(text));
  }
}
