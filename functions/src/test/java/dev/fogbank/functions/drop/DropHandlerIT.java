package dev.fogbank.functions.drop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.drop.DropFile;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.DroppedObject;
import dev.fogbank.shared.drop.S3DropSource;
import dev.fogbank.shared.execution.SfnExecutionStarter;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * The drop function as S3 invokes it: ObjectCreated events (fixtures) for objects really uploaded
 * to a versioned bucket on the emulator, read back through {@link S3DropSource}, recorded in
 * history on DynamoDB Local and started as Step Functions executions on the emulator.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class DropHandlerIT {
  private static final String BUCKET = "fogbank-drop-test"; // as in the fixtures
  private static final String ARTIFACTS_BUCKET = "fogbank-artifacts-test";
  private static final String ACCOUNT = "123456789012";
  private static final String REQUESTER = "AWS:AROAEXAMPLEROLEID:alice"; // the fixture's uploader
  private static final String PUT = "s3-object-created-put.json";
  private static final String TEMPLATE =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: {}\n";
  private static final String TEMPLATE_V2 =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      DelaySeconds: 5\n";
  private static final String TEMPLATE_KEY = "stacks/web/template.yaml";
  private static final String MANIFEST_KEY = "stacks/web/deployment.yaml";
  private static final String MANIFEST_V2 = "parameters:\n  Team: search\n";
  private static final String DEFINITION =
      "{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Pass\", \"End\": true}}}";

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private String stateMachineArn;
  private DynamoDbDeploymentHistory history;
  private DropHandler handler;
  private final ExecutorService invocations = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    clients = aws.clients(faults);
    clients.s3().createBucket(r -> r.bucket(BUCKET));
    clients.s3().createBucket(r -> r.bucket(ARTIFACTS_BUCKET));
    clients
        .s3()
        .putBucketVersioning(
            r ->
                r.bucket(BUCKET)
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    stateMachineArn =
        clients
            .sfn()
            .createStateMachine(
                r ->
                    r.name("fogbank-deploy")
                        .definition(DEFINITION)
                        .roleArn("arn:aws:iam::" + ACCOUNT + ":role/fogbank-deploy"))
            .stateMachineArn();
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new S3TemplateStore(clients.s3(), ARTIFACTS_BUCKET),
            new SfnExecutionStarter(clients.sfn(), stateMachineArn),
            Clock.systemUTC(),
            ACCOUNT,
            aws.region(),
            null,
            DeploymentOptions.defaults());
    handler = new DropHandler(new DropIntake(intake, new S3DropSource(clients.s3())));
  }

  @AfterEach
  void tearDown() {
    invocations.shutdownNow();
    clients.close();
  }

  @Test
  void templateUpload_thenQueuedDeploymentWithIdFromTheFolderVersionsRead() throws Exception {
    String key = "stacks/web/template.yaml";
    String version = upload(key, TEMPLATE);

    List<String> results = handle(S3Events.forUpload(PUT, key, version, TEMPLATE.length()));

    String expectedId =
        DropIntake.deploymentIdFor(
            BUCKET,
            new DropFile(key, version, TEMPLATE.getBytes(StandardCharsets.UTF_8)),
            Optional.empty());
    assertEquals(List.of(expectedId), results);
    assertTrue(expectedId.matches("d-drop-[0-9a-f]{24}"), expectedId);
    DeploymentRecord record = history.get(expectedId).orElseThrow();
    assertEquals(DeploymentStatus.QUEUED, record.status());
    assertEquals("web", record.stack().name());
    assertEquals("drop", record.source().wireName());
    assertEquals(REQUESTER, record.requester());

    List<ExecutionListItem> executions = executions();
    assertEquals(1, executions.size());
    assertEquals(expectedId, executions.getFirst().name());
    JsonNode input = executionInput(executions.getFirst());
    assertEquals(expectedId, input.path("deploymentId").asText());
    assertEquals("web", input.path("stackName").asText());
    assertEquals(record.templateSha256(), input.path("templateSha256").asText());
  }

  // --- a template and its manifest uploaded together: one deployment, as S3 delivers them ------

  @Test
  void templateThenManifestASecondApart_whenEachEventHandled_thenOneDeploymentWithNewManifest()
      throws Exception {
    givenDeployedFolder();

    ObjectNode templateEvent = uploadWithEvent(TEMPLATE_KEY, TEMPLATE_V2);
    Future<List<String>> first = handleAsync(templateEvent);
    Thread.sleep(1_000);
    List<String> second = handle(uploadWithEvent(MANIFEST_KEY, MANIFEST_V2));

    assertOneDeploymentOfV2(first.get(), second);
  }

  @Test
  void manifestThenTemplateASecondApart_whenEachEventHandled_thenOneDeploymentWithNewManifest()
      throws Exception {
    givenDeployedFolder();

    ObjectNode manifestEvent = uploadWithEvent(MANIFEST_KEY, MANIFEST_V2);
    Future<List<String>> first = handleAsync(manifestEvent);
    Thread.sleep(1_000);
    List<String> second = handle(uploadWithEvent(TEMPLATE_KEY, TEMPLATE_V2));

    assertOneDeploymentOfV2(first.get(), second);
  }

  @Test
  void templateAndManifestTogether_whenEventsHandledConcurrently_thenOneDeployment()
      throws Exception {
    givenDeployedFolder();
    ObjectNode templateEvent = uploadWithEvent(TEMPLATE_KEY, TEMPLATE_V2);
    ObjectNode manifestEvent = uploadWithEvent(MANIFEST_KEY, MANIFEST_V2);

    // Lambda runs the two invocations side by side: both read, and submit, at the same moment.
    Future<List<String>> first = handleAsync(manifestEvent);
    Future<List<String>> second = handleAsync(templateEvent);

    assertOneDeploymentOfV2(first.get(), second.get());
  }

  @Test
  void templateAndManifestEventsEachDeliveredFiveTimes_inAnyOrder_thenOneDeployment()
      throws Exception {
    // S3 delivers each notification at least once, in no set order: 5 copies of the template's
    // and 5 of the manifest's event, shuffled (fixed seeds, printed on failure), the first round
    // side by side as Lambda would run them, then four of them one after the other, late.
    givenDeployedFolder();
    ObjectNode templateEvent = uploadWithEvent(TEMPLATE_KEY, TEMPLATE_V2);
    ObjectNode manifestEvent = uploadWithEvent(MANIFEST_KEY, MANIFEST_V2);
    List<ObjectNode> deliveries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      deliveries.add(templateEvent);
      deliveries.add(manifestEvent);
    }
    Set<List<String>> answers = new HashSet<>();
    for (long seed : new long[] {13L, 2026L}) {
      List<ObjectNode> order = new ArrayList<>(deliveries);
      Collections.shuffle(order, new Random(seed));
      if (seed == 13L) {
        List<Future<List<String>>> running = new ArrayList<>();
        order.forEach(event -> running.add(handleAsync(event)));
        for (Future<List<String>> f : running) {
          answers.add(f.get());
        }
      } else {
        // Late copies one after the other (each waits DropIntake's settle time): four suffice.
        order.subList(0, 4).forEach(event -> answers.add(handle(event)));
      }
      assertEquals(1, answers.size(), "seed " + seed + ": every delivery names one deployment");
    }
    List<String> one = answers.iterator().next();
    assertOneDeploymentOfV2(one, one);
  }

  @Test
  void onlyManifestChangedLater_thenRedeploysTemplateWithNewParameters() {
    String deployed = handle(uploadWithEvent(TEMPLATE_KEY, TEMPLATE)).getFirst();

    String redeployed = handle(uploadWithEvent(MANIFEST_KEY, MANIFEST_V2)).getFirst();

    assertNotEquals(deployed, redeployed);
    DeploymentRecord record = history.get(redeployed).orElseThrow();
    assertEquals(Map.of("Team", "search"), record.parameters());
    assertEquals(history.get(deployed).orElseThrow().templateSha256(), record.templateSha256());
    assertEquals(2, executions().size());
  }

  @Test
  void templateEventDeliveredAgainAfterTheManifestOfTheSameDrop_thenNothingNewStarts() {
    ObjectNode templateEvent = uploadWithEvent(TEMPLATE_KEY, TEMPLATE);
    String deployed = handle(uploadWithEvent(MANIFEST_KEY, MANIFEST_V2)).getFirst();

    // S3 delivers at least once, and late: the duplicate reads the same folder versions.
    List<String> duplicate = handle(templateEvent);

    assertEquals(List.of(deployed), duplicate);
    assertEquals(1, history.list(stack("web"), 10, null).items().size());
    assertEquals(1, executions().size());
  }

  @Test
  void twoTemplatesInOneFolder_thenFailedRecordAskingForOneAndNoExecution() {
    upload("stacks/web/template.json", "{\"Resources\": {}}");

    String id = handle(uploadWithEvent(TEMPLATE_KEY, TEMPLATE)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("INVALID_REQUEST", record.error().code());
    assertEquals(
        "stacks/web/ holds [stacks/web/template.yaml, stacks/web/template.json]: keep one"
            + " template per stack (template.yaml, template.yml or template.json)",
        record.error().message());
    assertTrue(executions().isEmpty());
  }

  /** A stack already deployed from an older template and manifest, whose events are long gone. */
  private void givenDeployedFolder() {
    upload(TEMPLATE_KEY, TEMPLATE);
    upload(MANIFEST_KEY, "parameters:\n  Team: payments\n");
  }

  private void assertOneDeploymentOfV2(List<String> first, List<String> second) {
    assertEquals(first, second, "both events name the same deployment");
    List<DeploymentRecord> records = history.list(stack("web"), 10, null).items();
    assertEquals(1, records.size(), records::toString);
    DeploymentRecord record = records.getFirst();
    assertEquals(first.getFirst(), record.deploymentId());
    assertEquals(Map.of("Team", "search"), record.parameters());
    assertEquals(sha256(TEMPLATE_V2), record.templateSha256());
    assertEquals(1, executions().size());
  }

  @Test
  void templateUploadedAgain_thenNewVersionIsANewDeployment() {
    String key = "stacks/web/template.yaml";
    String first = handle(S3Events.forUpload(PUT, key, upload(key, TEMPLATE), 1)).getFirst();
    String second =
        handle(S3Events.forUpload(PUT, key, upload(key, TEMPLATE + "# v2\n"), 1)).getFirst();

    assertNotEquals(first, second);
    assertEquals(2, history.list(stack("web"), 10, null).items().size());
    assertEquals(2, executions().size());
  }

  @Test
  void sameEventDeliveredTwice_thenOneRecordAndOneExecution() {
    // S3 delivers notifications at least once: the duplicate must start nothing new.
    String key = "stacks/web/template.yaml";
    ObjectNode event = S3Events.forUpload(PUT, key, upload(key, TEMPLATE), TEMPLATE.length());

    List<String> first = handle(event);
    List<String> second = handle(event);

    assertEquals(first, second);
    assertEquals(1, history.list(stack("web"), 10, null).items().size());
    assertEquals(1, executions().size());
  }

  @Test
  void manifestBesideTemplate_thenParametersAndTagsOnRecordAndExecution() throws Exception {
    upload(
        "stacks/web/deployment.yaml",
        "parameters:\n  Team: payments\n  Subnets: [subnet-1, subnet-2]\n  Count: 2\n"
            + "tags:\n  owner: alice\n");
    String key = "stacks/web/template.yaml";

    String id = handle(S3Events.forUpload(PUT, key, upload(key, TEMPLATE), 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    Map<String, String> parameters =
        Map.of("Team", "payments", "Subnets", "subnet-1,subnet-2", "Count", "2");
    assertEquals(parameters, record.parameters());
    assertEquals(Map.of("owner", "alice"), record.tags());
    JsonNode input = executionInput(executions().getFirst());
    assertEquals("subnet-1,subnet-2", input.path("parameters").path("Subnets").asText());
    assertEquals("alice", input.path("tags").path("owner").asText());
  }

  @Test
  void manifestUploadedAlone_thenIgnoredWithReasonAndNothingRecorded() {
    String key = "stacks/web/deployment.yaml";

    List<String> results =
        handle(S3Events.forUpload(PUT, key, upload(key, "parameters:\n  Team: x\n"), 1));

    assertEquals(
        List.of(
            "ignored: stacks/web/deployment.yaml uploaded without a template beside it: waiting"
                + " for the template"),
        results);
    assertTrue(history.list(stack("web"), 10, null).items().isEmpty());
    assertTrue(executions().isEmpty());
  }

  @Test
  void manifestUploadedBesideExistingTemplate_thenRedeploysTemplateWithNewParameters() {
    upload("stacks/web/template.yaml", TEMPLATE);
    String key = "stacks/web/deployment.yaml";

    String id =
        handle(S3Events.forUpload(PUT, key, upload(key, "parameters:\n  Team: search\n"), 1))
            .getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.QUEUED, record.status());
    assertEquals(Map.of("Team", "search"), record.parameters());
    assertEquals(1, executions().size());
  }

  @Test
  void misplacedKey_thenFailedRecordExplainingLayoutAndNoExecution() {
    String key = "templates/web.yaml";
    String version = upload(key, TEMPLATE);

    String id = handle(S3Events.forUpload(PUT, key, version, 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("INVALID_REQUEST", record.error().code());
    assertEquals(
        "unexpected drop key 'templates/web.yaml': expected stacks/<stack-name>/template.yaml"
            + " (or .yml/.json) with an optional deployment.yaml beside it",
        record.error().message());
    assertTrue(executions().isEmpty());
  }

  @Test
  void templateUnreadable_whenS3DeniesGetObject_thenFailedRecordWithS3sReasonAndNoExecution() {
    String key = "stacks/web/template.yaml";
    String version = upload(key, TEMPLATE);
    // Stands in for a dropped object the control plane may not read (encrypted with a KMS key its
    // role may not use, or denied by a bucket policy): 403 AccessDenied, which moto never answers.
    faults.failNext("GetObject", FaultInjector.ALWAYS, 403, "AccessDenied", "Access Denied");

    String id = handle(S3Events.forUpload(PUT, key, version, 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("INVALID_REQUEST", record.error().code(), "a refusal, not an outage");
    assertEquals(
        "S3 GetObject of s3://"
            + BUCKET
            + "/"
            + key
            + " failed: rejected by AWS (HTTP 403 AccessDenied): Access Denied",
        record.error().message());
    assertEquals(1, faults.attempts("GetObject"), "a refusal is not retried");
    assertTrue(executions().isEmpty());
  }

  @Test
  void templateNotStorable_whenS3DeniesPutObject_thenFailedInternalWithS3sReasonAndNoExecution() {
    String key = "stacks/web/template.yaml";
    String version = upload(key, TEMPLATE);
    // Stands in for the control plane's own artifacts bucket refusing the drop function's write
    // (a bucket policy or KMS key policy that does not allow its role): 403 AccessDenied, which
    // moto never answers. A retry would be refused the same way, so the drop is recorded.
    faults.clear(); // count only the drop function's own PutObject, not the upload's
    faults.failNext("PutObject", FaultInjector.ALWAYS, 403, "AccessDenied", "Access Denied");

    String id = handle(S3Events.forUpload(PUT, key, version, 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("INTERNAL", record.error().code());
    assertTrue(
        record.error().message().endsWith("rejected by AWS (HTTP 403 AccessDenied): Access Denied"),
        record.error().message());
    assertEquals(1, faults.attempts("PutObject"), "a refusal is not retried");
    assertTrue(executions().isEmpty());
  }

  @Test
  void invalidManifest_thenFailedManifestInvalidAndNoExecution() {
    upload("stacks/web/deployment.yaml", "parameters:\n  Team: payments\nowners: [alice]\n");
    String key = "stacks/web/template.yaml";

    String id = handle(S3Events.forUpload(PUT, key, upload(key, TEMPLATE), 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("MANIFEST_INVALID", record.error().code());
    // The message names the key and lists the allowed ones (DeploymentManifest's list).
    assertTrue(
        record.error().message().startsWith("deployment.yaml: unknown key 'owners' (allowed: parameters, tags,"),
        record.error().message());
    assertEquals("web", record.stack().name());
    assertTrue(executions().isEmpty());
  }

  @Test
  void objectRemovedEvent_thenIgnoredAndNothingRecorded() {
    JsonNode event = S3Events.load("s3-object-removed-delete.json");

    List<String> results = handler.handle(event);

    assertEquals(List.of("ignored: ObjectRemoved:Delete"), results);
    assertTrue(history.list(stack("web"), 10, null).items().isEmpty());
    assertTrue(executions().isEmpty());
  }

  @Test
  void urlEncodedKeyWithPlus_thenKeyIsDecodedBeforeReading() {
    // S3 encodes a space as '+' and a literal '+' as %2B. The object is read under its real key
    // (a still-encoded key would not be found) and then refused for its stack name.
    String key = "stacks/web app/template.yaml";
    String version = upload(key, TEMPLATE);

    String id =
        handle(S3Events.forUpload(PUT, "stacks/web+app/template.yaml", version, 1)).getFirst();

    assertEquals(
        DropIntake.eventDeploymentId(new DroppedObject(BUCKET, key, version, null, 0, null)),
        id);
    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals("INVALID_STACK_NAME", record.error().code());
    assertTrue(
        record.error().message().startsWith("invalid stack name 'web app'"),
        record.error().message());
    assertTrue(executions().isEmpty());
  }

  @Test
  void urlEncodedMisplacedKey_thenFailedRecordNamesDecodedKey() {
    String key = "drafts/my template+v2.yaml";
    String version = upload(key, TEMPLATE);

    String id =
        handle(S3Events.forUpload(PUT, "drafts/my+template%2Bv2.yaml", version, 1)).getFirst();

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertTrue(
        record.error().message().startsWith("unexpected drop key 'drafts/my template+v2.yaml'"),
        record.error().message());
  }

  // --- helpers ----------------------------------------------------------------------------

  private List<String> handle(ObjectNode event) {
    return handler.handle(event);
  }

  /** The handler on its own thread, as Lambda runs each S3 event in its own invocation. */
  private Future<List<String>> handleAsync(ObjectNode event) {
    return invocations.submit(() -> handler.handle(event));
  }

  private ObjectNode uploadWithEvent(String key, String body) {
    return S3Events.forUpload(PUT, key, upload(key, body), body.length());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads to the versioned bucket; returns the version S3 assigned. */
  private String upload(String key, String body) {
    String version =
        clients
            .s3()
            .putObject(
                r -> r.bucket(BUCKET).key(key),
                RequestBody.fromString(body, StandardCharsets.UTF_8))
            .versionId();
    assertTrue(version != null && !version.isBlank(), "the bucket is versioned");
    return version;
  }

  private List<ExecutionListItem> executions() {
    return clients.sfn().listExecutions(r -> r.stateMachineArn(stateMachineArn)).executions();
  }

  private JsonNode executionInput(ExecutionListItem execution) throws Exception {
    return Json.mapper()
        .readTree(
            clients
                .sfn()
                .describeExecution(r -> r.executionArn(execution.executionArn()))
                .input());
  }

  private static StackRef stack(String name) {
    return StackRef.of(ACCOUNT, "us-east-1", name);
  }
}
