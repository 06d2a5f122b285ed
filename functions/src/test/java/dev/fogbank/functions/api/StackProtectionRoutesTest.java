package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.StackProtection;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * options.production reaches the deployment's input, and GET /deployments/{id} shows the stack
 * policy and termination protection ExecuteChangeSet set (history on DynamoDB Local).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class StackProtectionRoutesTest {
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final List<String> inputs = new ArrayList<>();
  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ExecutionStarter executions =
        (name, input) -> {
          inputs.add(input);
          return new ExecutionStarter.StartedExecution(name, false);
        };
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new TemplateStore() {
              @Override
              public StoredTemplate put(byte[] body) {
                return new StoredTemplate("0".repeat(64), "memory:t", null);
              }

              @Override
              public byte[] get(String location) {
                return TEMPLATE.getBytes(StandardCharsets.UTF_8);
              }
            },
            executions,
            Clock.systemUTC(),
            "123456789012",
            "us-east-1",
            null,
            DeploymentOptions.defaults());
    routes =
        new ApiRoutes(
            intake, history, DynamoDbLockStore.create(dynamoDb, table), "123456789012", "us-east-1");
  }

  @Test
  void post_whenProductionTrue_thenTheInputCarriesItBesideTheStackPolicy() {
    submit("{\"stackPolicy\": \"protect-all\", \"production\": true}");
    submit("{\"stackPolicy\": \"protect-all\"}");

    JsonNode production = parse(inputs.get(0)).path("reviewPolicy");
    JsonNode other = parse(inputs.get(1)).path("reviewPolicy");
    assertTrue(production.path("production").asBoolean(), production.toString());
    assertEquals("protect-all", production.path("stackPolicy").asText());
    assertFalse(other.path("production").asBoolean(), other.toString());
  }

  @Test
  void post_whenProductionNotABoolean_then400NamingTheOptions() {
    ApiRoutes.Response r = postDeployment("{\"production\": [1]}");

    assertEquals(400, r.status());
    assertTrue(message(r).contains("\"production\": true|false"), message(r));
  }

  @Test
  void get_whenStackProtected_thenStackPolicyNameAndShaAndTerminationProtection() {
    String id = submit("{\"stackPolicy\": \"protect-stateful\", \"production\": true}");
    String sha = StackPolicies.of("protect-stateful").sha256();
    history.transition(id, StatusChange.running(Instant.now()));
    history.transition(
        id,
        StatusChange.succeeded(Instant.now(), ChangeSummary.NONE)
            .withProtection(new StackProtection("protect-stateful", sha, true)));

    JsonNode shown = get(id);

    assertEquals("protect-stateful", shown.path("stackPolicy").path("name").asText());
    assertEquals(sha, shown.path("stackPolicy").path("sha256").asText());
    assertTrue(shown.path("terminationProtection").asBoolean());
  }

  @Test
  void get_whenNothingSetOnTheStack_thenNeitherFieldShown() {
    String id = submit("{\"stackPolicy\": \"none\"}");
    history.transition(id, StatusChange.running(Instant.now()));
    history.transition(
        id,
        StatusChange.succeeded(Instant.now(), ChangeSummary.NONE)
            .withProtection(StackProtection.NONE));

    JsonNode shown = get(id);

    assertEquals("SUCCEEDED", shown.path("status").asText());
    assertFalse(shown.has("stackPolicy"), shown.toString());
    assertFalse(shown.has("terminationProtection"), shown.toString());
  }

  private JsonNode get(String id) {
    ApiRoutes.Response r = routes.handle("GET", "/deployments/" + id, null, null, "alice");
    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    return Json.mapper().valueToTree(r.body());
  }

  private String submit(String options) {
    ApiRoutes.Response r = postDeployment(options);
    assertEquals(202, r.status(), () -> String.valueOf(r.body()));
    return Json.mapper().valueToTree(r.body()).path("deploymentId").asText();
  }

  private ApiRoutes.Response postDeployment(String options) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("stackName", "web")
            .put("templateBody", TEMPLATE)
            .set("options", parse(options))
            .toString();
    return routes.handle("POST", "/deployments", null, body, "alice");
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String message(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("message").asText();
  }
}
