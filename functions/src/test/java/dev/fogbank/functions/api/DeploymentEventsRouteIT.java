package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.api.ApiHandlerTest.RecordingExecutionStarter;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentEvents;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /deployments/{id}/events} through the Lambda handler (API Gateway HTTP API events),
 * the stack events read from CloudFormation (the emulator, real SDK) and recorded in the history
 * (DynamoDB Local).
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class DeploymentEventsRouteIT {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  private static final String QUEUE_V2 =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      VisibilityTimeout: 60\n";

  private final FaultInjector faults = new FaultInjector();
  private DynamoDbDeploymentHistory history;
  private CloudFormationClient cloudFormation;
  private ApiHandler handler;
  private String stack;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    cloudFormation = aws.clients(faults).cloudFormation();
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DeploymentIntake intake =
        new DeploymentIntake(
            history, new ApiHandlerTest.MemoryTemplateStore(), new RecordingExecutionStarter(),
            Clock.systemUTC(), ACCOUNT, REGION, null, DeploymentOptions.defaults());
    handler =
        new ApiHandler(
            new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), ACCOUNT,
                    REGION)
                .withDeploymentEvents(
                    () ->
                        new DeploymentEvents(
                            history, () -> new CloudFormationStackGateway(cloudFormation))));
    stack = "events-it-" + System.nanoTime();
  }

  /** A deployment of {@code stack} that took its lock now (RUNNING). */
  private String running() throws InterruptedException {
    String id = "d-events-" + System.nanoTime();
    Instant now = Instant.now();
    history.append(
        DeploymentRecord.requested(
            id, StackRef.of(ACCOUNT, REGION, stack), DeploymentSource.API, "alice",
            "ab".repeat(32), "memory:t", Map.of(), Map.of(), now));
    history.transition(id, StatusChange.running(now));
    Thread.sleep(20); // the stack's first event comes after the lock, as a change set's does
    return id;
  }

  private void succeeded(String id) throws InterruptedException {
    Thread.sleep(20);
    history.transition(id, StatusChange.succeeded(Instant.now(), new ChangeSummary(1, 0, 0)));
    Thread.sleep(20);
  }

  private APIGatewayV2HTTPResponse get(String path, Map<String, String> query) {
    ObjectNode event =
        HttpApiEvents.withQuery(
            HttpApiEvents.request("http-api-v2-get-stack-deployments.json", "GET", path), query);
    return handler.handleRequest(HttpApiEvents.bind(event), null);
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.mapper().readTree(response.getBody());
  }

  /** Every event of the deployment, page by page ({@code limit} a page): "logicalId STATUS". */
  private List<String> walk(String id, int limit) throws Exception {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("limit", Integer.toString(limit));
      if (token != null) {
        query.put("nextToken", token);
      }
      APIGatewayV2HTTPResponse r = get("/deployments/" + id + "/events", query);
      assertEquals(200, r.getStatusCode(), r.getBody());
      JsonNode body = json(r);
      assertFalse(body.path("truncated").asBoolean());
      body.path("items").forEach(e -> seen.add(
          e.path("logicalResourceId").asText() + " " + e.path("resourceStatus").asText()));
      token = body.has("nextToken") ? body.path("nextToken").asText() : null;
    } while (token != null);
    return seen;
  }

  @Test
  void listEvents_whenTheDeploymentCreatedItsStack_thenItsEventsOldestFirstEachWithItsFields()
      throws Exception {
    String id = running();
    cloudFormation.createStack(r -> r.stackName(stack).templateBody(QUEUE));
    succeeded(id);

    APIGatewayV2HTTPResponse r = get("/deployments/" + id + "/events", Map.of("limit", "100"));

    assertEquals(200, r.getStatusCode(), r.getBody());
    JsonNode body = json(r);
    assertEquals(id, body.path("deploymentId").asText());
    List<String> seen = new ArrayList<>();
    body.path("items").forEach(e -> seen.add(
        e.path("logicalResourceId").asText() + " " + e.path("resourceStatus").asText()));
    // moto records the stack's own events only (CloudFormation adds one per resource status).
    assertEquals(
        List.of(stack + " CREATE_IN_PROGRESS", stack + " CREATE_COMPLETE"), seen, body.toString());
    JsonNode started = body.path("items").get(0);
    assertEquals("AWS::CloudFormation::Stack", started.path("resourceType").asText());
    assertEquals("User Initiated", started.path("statusReason").asText());
    assertTrue(
        started.path("physicalResourceId").asText().startsWith("arn:aws:cloudformation:"),
        started.toString());
    assertFalse(started.path("eventId").asText().isEmpty(), started.toString());
    assertTrue(
        Instant.parse(started.path("timestamp").asText())
            .isBefore(Instant.parse(body.path("items").get(1).path("timestamp").asText())));
    assertFalse(body.has("nextToken"));
    assertEquals(seen, walk(id, 1));
  }

  @Test
  void listEvents_whenCloudFormationAlsoListsTheResourcesEvents_thenTheyAreAmongTheStacks()
      throws Exception {
    // Stands in for CloudFormation's DescribeStackEvents, which lists each resource's status
    // changes between the stack's own: moto lists the stack's only, so the queue's are added to
    // its answer, AWS-shaped, timed between the stack's.
    String id = running();
    cloudFormation.createStack(r -> r.stackName(stack).templateBody(QUEUE));
    var stackEvents = cloudFormation.describeStackEvents(r -> r.stackName(stack)).stackEvents();
    Instant started = stackEvents.getLast().timestamp();
    java.time.Duration took =
        java.time.Duration.between(started, stackEvents.getFirst().timestamp());
    succeeded(id);
    faults.rewriteNext(
        "DescribeStackEvents",
        1,
        body ->
            body.replaceFirst(
                "<StackEvents>",
                "<StackEvents>"
                    + member(started.plus(took.multipliedBy(2).dividedBy(3)), "Queue",
                        "CREATE_COMPLETE", null)
                    + member(started.plus(took.dividedBy(3)), "Queue", "CREATE_IN_PROGRESS",
                        "Resource creation Initiated")));

    APIGatewayV2HTTPResponse r = get("/deployments/" + id + "/events", Map.of());

    assertTrue(faults.exhausted(), "the events were read from CloudFormation");
    JsonNode items = json(r).path("items");
    List<String> seen = new ArrayList<>();
    items.forEach(e -> seen.add(
        e.path("logicalResourceId").asText() + " " + e.path("resourceStatus").asText()));
    assertEquals(
        List.of(stack + " CREATE_IN_PROGRESS", "Queue CREATE_IN_PROGRESS", "Queue CREATE_COMPLETE",
            stack + " CREATE_COMPLETE"),
        seen,
        r.getBody());
    JsonNode queue = items.get(2);
    assertEquals("AWS::SQS::Queue", queue.path("resourceType").asText());
    assertEquals("https://sqs.us-east-1.amazonaws.com/123456789012/q",
        queue.path("physicalResourceId").asText());
    assertEquals("Resource creation Initiated", items.get(1).path("statusReason").asText());
  }

  /** One member of DescribeStackEvents' XML answer, as AWS writes it. */
  private String member(Instant at, String logicalId, String status, String reason) {
    return "<member><StackId>arn:aws:cloudformation:" + REGION + ":" + ACCOUNT + ":stack/" + stack
        + "/x</StackId><EventId>" + java.util.UUID.randomUUID() + "</EventId><StackName>" + stack
        + "</StackName><LogicalResourceId>" + logicalId + "</LogicalResourceId>"
        + "<PhysicalResourceId>https://sqs.us-east-1.amazonaws.com/123456789012/q"
        + "</PhysicalResourceId><ResourceType>AWS::SQS::Queue</ResourceType><Timestamp>" + at
        + "</Timestamp><ResourceStatus>" + status + "</ResourceStatus>"
        + (reason == null ? "" : "<ResourceStatusReason>" + reason + "</ResourceStatusReason>")
        + "</member>";
  }

  @Test
  void listEvents_whenTheStackChangesAfterTheDeploymentEnded_thenItsEventsStayItsOwn()
      throws Exception {
    String first = running();
    cloudFormation.createStack(r -> r.stackName(stack).templateBody(QUEUE));
    succeeded(first);
    List<String> before = walk(first, 100);

    String second = running();
    cloudFormation.updateStack(r -> r.stackName(stack).templateBody(QUEUE_V2));
    List<String> whileRunning = walk(second, 100);
    succeeded(second);

    assertEquals(before, walk(first, 100));
    assertTrue(before.contains(stack + " CREATE_COMPLETE"), before.toString());
    assertFalse(before.stream().anyMatch(s -> s.contains("UPDATE")), before.toString());
    assertTrue(whileRunning.contains(stack + " UPDATE_COMPLETE"), whileRunning.toString());
    assertFalse(whileRunning.stream().anyMatch(s -> s.contains("CREATE")), whileRunning.toString());
    assertEquals(whileRunning, walk(second, 100));
  }

  @Test
  void listEvents_whenUnknownTamperedOrForeign_thenPreciseErrors() throws Exception {
    String id = running();
    cloudFormation.createStack(r -> r.stackName(stack).templateBody(QUEUE));
    succeeded(id);
    String other = running();
    String token =
        json(get("/deployments/" + id + "/events", Map.of("limit", "1"))).path("nextToken")
            .asText();

    APIGatewayV2HTTPResponse unknown = get("/deployments/d-nope/events", Map.of());
    APIGatewayV2HTTPResponse tampered =
        get("/deployments/" + id + "/events", Map.of("nextToken", token + "x"));
    APIGatewayV2HTTPResponse foreign =
        get("/deployments/" + other + "/events", Map.of("nextToken", token));
    APIGatewayV2HTTPResponse badLimit = get("/deployments/" + id + "/events", Map.of("limit", "0"));

    assertEquals(404, unknown.getStatusCode());
    assertEquals("NOT_FOUND", json(unknown).path("error").path("code").asText());
    assertEquals(400, tampered.getStatusCode());
    assertEquals("INVALID_NEXT_TOKEN", json(tampered).path("error").path("code").asText());
    assertEquals(400, foreign.getStatusCode());
    assertEquals("INVALID_NEXT_TOKEN", json(foreign).path("error").path("code").asText());
    assertEquals(400, badLimit.getStatusCode());
    assertEquals("INVALID_REQUEST", json(badLimit).path("error").path("code").asText());
  }
}
