package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.StackBusyException;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackResource;
import dev.fogbank.shared.template.Resource;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateWriter;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.shared.wait.FakeTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Bootstrap of the real control-plane template into the AWS emulator, through the real SDK.
 *
 * <p>The function jars are small stand-ins unless a test says otherwise: the emulator stores Lambda
 * code but never runs it, so keys, uploads, the stack and its resources do not depend on what the
 * jars hold.
 */
@ExtendWith(AwsEndpointExtension.class)
class BootstrapIT {

  private static final String STACK = "fogbank";
  private static final String ACCOUNT = "123456789012";

  /** What moto creates for CloudFormation (other types it skips silently). */
  private static final Set<String> EMULATED_TYPES =
      Set.of(
          "AWS::DynamoDB::Table",
          "AWS::S3::Bucket",
          "AWS::SNS::Topic",
          "AWS::Lambda::Function",
          "AWS::IAM::Role",
          "AWS::Logs::LogGroup",
          "AWS::StepFunctions::StateMachine",
          "AWS::Events::Rule",
          "AWS::SQS::Queue");

  @TempDir Path temp;

  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private LambdaClient lambda;
  private IamClient iam;
  private CloudWatchLogsClient logs;
  private EventBridgeClient events;
  private SqsClient sqs;
  private final FaultInjector faults = new FaultInjector();
  private final List<String> lines = new ArrayList<>();

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    this.aws = aws;
    this.clients = aws.clients(faults);
    this.lambda = clients.configure(LambdaClient.builder()).build();
    // IAM is a global service: the emulator serves it on the same endpoint, signed for us-east-1.
    this.iam = clients.configure(IamClient.builder()).region(Region.AWS_GLOBAL).build();
    this.logs = clients.configure(CloudWatchLogsClient.builder()).build();
    this.events = clients.configure(EventBridgeClient.builder()).build();
    this.sqs = clients.configure(SqsClient.builder()).build();
  }

  @AfterEach
  void tearDown() {
    for (AutoCloseable client : List.of(lambda, iam, logs, events, sqs)) {
      try {
        client.close();
      } catch (Exception e) {
        throw new AssertionError("could not close " + client, e);
      }
    }
    clients.close();
  }

  // --- install, re-run, update ---------------------------------------------------------------

  @Test
  void deploy_whenNoStack_thenCreatesItAndEveryEmulatedResourceReallyExists() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");

    long started = System.nanoTime();
    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    System.out.println("bootstrap create (small jars): " + millisSince(started) + " ms");

    assertEquals(BootstrapResult.Outcome.CREATE_COMPLETE, result.outcome(), report());
    assertEquals("bootstrap: fogbank CREATE_COMPLETE", result.summary());
    assertTrue(result.bucketCreated());
    assertEquals(
        ArtifactSetTest.ARTIFACTS, result.uploaded().size(), "jars and definition: " + report());
    assertEquals(
        new TreeSet<>(result.uploaded().stream().map(Artifact::key).toList()),
        artifactKeys(),
        "the bucket holds exactly the uploaded artifacts");
    assertTrue(lines.contains("change: Add ControlTable AWS::DynamoDB::Table"), report());

    JsonNode template = synthesized();
    Map<String, StackResource> resources = new TreeMap<>();
    for (StackResource r : result.resources()) {
      resources.put(r.logicalId(), r);
    }
    int checked = 0;
    for (Map.Entry<String, JsonNode> e : template.path("Resources").properties()) {
      String type = e.getValue().path("Type").asText();
      if (!EMULATED_TYPES.contains(type) || e.getValue().has("Condition")) {
        continue;
      }
      StackResource deployed = resources.get(e.getKey());
      assertNotNull(deployed, e.getKey() + " is not among the stack's resources");
      assertTrue(
          exists(type, deployed.physicalId()),
          e.getKey() + " (" + type + ") " + deployed.physicalId() + " does not exist");
      checked++;
    }
    assertTrue(checked >= 30, "checked " + checked + " resources");
    assertEquals(
        "fogbank-drop-" + ACCOUNT + "-" + aws.region(),
        result.outputs().get(ControlPlaneStack.OUTPUT_DROP_BUCKET));
    // The artifacts bucket is set up as CDK's bootstrap sets up its own.
    assertEquals(
        "Enabled",
        clients.s3().getBucketVersioning(r -> r.bucket(artifactsBucket())).statusAsString());
    assertTrue(
        clients
            .s3()
            .getPublicAccessBlock(r -> r.bucket(artifactsBucket()))
            .publicAccessBlockConfiguration()
            .blockPublicAcls());
    assertEquals(
        "AES256",
        clients
            .s3()
            .getBucketEncryption(r -> r.bucket(artifactsBucket()))
            .serverSideEncryptionConfiguration()
            .rules()
            .getFirst()
            .applyServerSideEncryptionByDefault()
            .sseAlgorithmAsString());
  }

  @Test
  void exists_whenTheResourceIsNotThere_thenFalse() {
    // The existence checks must be able to fail, or the test before proves nothing.
    assertFalse(exists("AWS::Lambda::Function", "fogbank-nope"));
    assertFalse(exists("AWS::IAM::Role", "fogbank-nope"));
    assertFalse(exists("AWS::Logs::LogGroup", "/aws/lambda/fogbank-nope"));
    assertFalse(exists("AWS::Events::Rule", "fogbank-nope"));
    assertFalse(
        exists(
            "AWS::SQS::Queue", aws.endpoint().resolve("/" + ACCOUNT + "/fogbank-nope").toString()));
  }

  @Test
  void deploy_whenRunAgainUnchanged_thenUploadsNothingAndReportsNoChanges() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    lines.clear();
    faults.clear();

    long started = System.nanoTime();
    BootstrapResult second = bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    System.out.println("bootstrap second run (small jars): " + millisSince(started) + " ms");

    assertEquals(BootstrapResult.Outcome.NO_CHANGES, second.outcome(), report());
    assertEquals("bootstrap: fogbank no changes", second.summary());
    assertEquals(List.of(), second.uploaded());
    assertEquals(0, faults.attempts("PutObject"), "nothing uploaded");
    assertEquals(0, faults.attempts("ExecuteChangeSet"));
    assertTrue(
        lines.contains(
            "artifacts: up to date (" + ArtifactSetTest.ARTIFACTS + " already uploaded)"),
        report());
    assertEquals(List.of(), changeSetsOf(STACK), "the empty change set is deleted");
  }

  @Test
  void deploy_whenOneJarChanged_thenOnlyItsFunctionsChangeAndAreUpdated() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    Map<String, String> before = codeShas();
    FunctionJars.change(jars, FunctionArtifact.API, "v2");
    lines.clear();

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.UPDATE_COMPLETE, result.outcome(), report());
    assertEquals(1, result.uploaded().size(), "only the changed jar is uploaded");
    assertTrue(result.uploaded().getFirst().key().startsWith("functions/api/"));
    assertFalse(result.changes().isEmpty(), report());
    for (ResourceChange change : result.changes()) {
      assertTrue(
          change.resourceType().startsWith("AWS::Lambda::"),
          "only Lambda resources change: " + BootstrapMessages.change(change));
    }
    assertTrue(
        result.changes().stream().anyMatch(c -> c.logicalId().equals("ApiFunction")), report());
    Map<String, String> after = codeShas();
    assertNotEquals(before.get("fogbank-api"), after.get("fogbank-api"), "new code deployed");
    before.remove("fogbank-api");
    after.remove("fogbank-api");
    assertEquals(before, after, "the other functions keep their code");
  }

  @Test
  void deploy_whenTemplateOverInlineLimit_thenSentThroughTheArtifactsBucket() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    ControlPlane padded =
        withTemplate(
            defaults -> {
              Template model = ControlPlaneStack.template();
              model.metadata(
                  "Padding", "x".repeat(ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES));
              return ControlPlaneTemplate.synthesize(
                  model, ResourceSchemas.bundled(), defaults, TemplateWriter::yaml);
            });

    BootstrapResult result = bootstrap(padded).deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.CREATE_COMPLETE, result.outcome(), report());
    assertTrue(bucketKeys().stream().anyMatch(k -> k.startsWith("templates/")), report());
    assertTrue(lines.stream().anyMatch(l -> l.contains("over CloudFormation's 51,200-byte")));
  }

  @Test
  void deploy_withTheBuiltJars_thenCreatesAndSecondRunHasNoChanges() {
    Path built = FunctionJars.built().orElse(null);
    assumeTrue(built != null, "the functions module's jars are not built (mvn package)");

    long started = System.nanoTime();
    BootstrapResult first = bootstrap().deploy(BootstrapRequest.of(STACK, built));
    long firstMillis = millisSince(started);
    started = System.nanoTime();
    BootstrapResult second = bootstrap().deploy(BootstrapRequest.of(STACK, built));
    long secondMillis = millisSince(started);
    System.out.printf(
        "bootstrap with built jars (%s): first %d ms, second %d ms%n",
        BootstrapMessages.size(first.uploaded().stream().mapToLong(Artifact::size).sum()),
        firstMillis,
        secondMillis);

    assertEquals(BootstrapResult.Outcome.CREATE_COMPLETE, first.outcome(), report());
    assertEquals(BootstrapResult.Outcome.NO_CHANGES, second.outcome(), report());
    assertEquals(List.of(), second.uploaded());
  }

  // --- bad input: nothing uploaded --------------------------------------------------------------

  @Test
  void deploy_whenTemplateInvalid_thenFailsNamingTheProblemBeforeAnyUpload() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    ControlPlane broken =
        withTemplate(
            defaults -> {
              Template model = ControlPlaneStack.template();
              model.add(Resource.of("Broken", "AWS::S3::Bucket").property("NoSuchProperty", 1));
              return ControlPlaneTemplate.synthesize(
                  model, ResourceSchemas.bundled(), defaults, TemplateWriter::yaml);
            });

    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> bootstrap(broken).deploy(BootstrapRequest.of(STACK, jars)));

    assertTrue(e.getMessage().contains("Resources.Broken"), e.getMessage());
    assertTrue(e.getMessage().contains("NoSuchProperty"), e.getMessage());
    assertBucketAbsent();
    assertEquals(0, faults.attempts("PutObject"));
    assertEquals(0, faults.attempts("CreateChangeSet"));
  }

  @Test
  void deploy_whenAJarIsMissing_thenFailsNamingTheFileBeforeAnyUpload() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    java.nio.file.Files.delete(
        jars.resolve(FunctionArtifact.SLACK.jarFileName(FunctionJars.TEST_VERSION)));

    BootstrapException e =
        assertThrows(
            BootstrapException.class, () -> bootstrap().deploy(BootstrapRequest.of(STACK, jars)));

    assertTrue(e.getMessage().contains("functions-0.0.0-test-slack.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("mvn -pl functions -am package"), e.getMessage());
    assertBucketAbsent();
  }

  // --- interrupted runs converge ----------------------------------------------------------------

  @Test
  void deploy_whenACreateChangeSetWasNeverExecuted_thenRemovesTheReviewStackAndCreates()
      throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    // An earlier run stopped after CreateChangeSet: the stack is REVIEW_IN_PROGRESS.
    new CloudFormationStackGateway(clients.cloudFormation())
        .createChangeSet(
            new ChangeSetRequest(
                STACK,
                ControlPlaneNames.CHANGE_SET_PREFIX + "interrupted",
                "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\"}}}",
                null,
                Map.of(),
                Map.of(),
                null,
                null));
    assertEquals(
        "REVIEW_IN_PROGRESS",
        clients
            .cloudFormation()
            .describeStacks(r -> r.stackName(STACK))
            .stacks()
            .getFirst()
            .stackStatusAsString());

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.CREATE_COMPLETE, result.outcome(), report());
    assertTrue(
        lines.contains("removed stack fogbank left in REVIEW_IN_PROGRESS by an interrupted run"),
        report());
    assertEquals(
        "CREATE_COMPLETE",
        clients
            .cloudFormation()
            .describeStacks(r -> r.stackName(STACK))
            .stacks()
            .getFirst()
            .stackStatusAsString());
  }

  @Test
  void deploy_whenAnUpdateChangeSetWasLeftUnexecuted_thenRemovesItAndUpdates() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    // An earlier run stopped after CreateChangeSet: its change set is still there.
    String deployed = clients.cloudFormation().getTemplate(r -> r.stackName(STACK)).templateBody();
    Map<String, String> parameters = new LinkedHashMap<>();
    clients
        .cloudFormation()
        .describeStacks(r -> r.stackName(STACK))
        .stacks()
        .getFirst()
        .parameters()
        .forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
    parameters.put(FunctionArtifact.DROP.parameterName(), "functions/drop/leftover.jar");
    // The control-plane template is over CloudFormation's inline limit: it goes by URL.
    String templateUrl =
        new S3TemplateStore(clients.s3(), artifactsBucket())
            .put(deployed.getBytes(StandardCharsets.UTF_8))
            .url();
    new CloudFormationStackGateway(clients.cloudFormation())
        .createChangeSet(
            new ChangeSetRequest(
                STACK,
                ControlPlaneNames.CHANGE_SET_PREFIX + "interrupted",
                null,
                templateUrl,
                parameters,
                Map.of(),
                null,
                null));
    assertEquals(1, changeSetsOf(STACK).size());
    FunctionJars.change(jars, FunctionArtifact.DROP, "v2");
    lines.clear();

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.UPDATE_COMPLETE, result.outcome(), report());
    assertTrue(
        lines.contains(
            "removed change set fogbank-bootstrap-interrupted left by an interrupted run"),
        report());
    assertEquals(List.of(), changeSetsOf(STACK));
  }

  @Test
  void deploy_whenTheExecuteAnswerWasLost_thenTheNextRunFindsNothingToDo() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    FunctionJars.change(jars, FunctionArtifact.DROP, "v2");
    // Stands in for a run cut off while ExecuteChangeSet was on the wire (network loss, Ctrl-C):
    // CloudFormation got the call, the caller never heard back (500 on every attempt).
    faults.internalFailureNext("ExecuteChangeSet", FaultInjector.ALWAYS);
    assertThrows(
        AwsUnavailableException.class, () -> bootstrap().deploy(BootstrapRequest.of(STACK, jars)));
    faults.clear();
    lines.clear();

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.NO_CHANGES, result.outcome(), report());
    assertEquals(List.of(), result.uploaded(), "the jar went up in the interrupted run");
  }

  @Test
  void deploy_whenStackIsInProgress_thenWaitsForItAndGoesOn() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    FunctionJars.change(jars, FunctionArtifact.SLACK, "v2");
    // Stands in for another update still running on the stack (moto completes synchronously):
    // the next two DescribeStacks answers say UPDATE_IN_PROGRESS.
    faults.rewriteStackStatus(2, "UPDATE_IN_PROGRESS");
    lines.clear();

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.UPDATE_COMPLETE, result.outcome(), report());
    assertTrue(
        lines.getFirst().startsWith("stack fogbank is UPDATE_IN_PROGRESS: waiting"), report());
  }

  @Test
  void deploy_whenStackStaysInProgress_thenStackBusyAtTheDeadlineWithoutSleeping()
      throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    // Stands in for another update that outlasts bootstrap's patience (moto completes at once).
    faults.rewriteStackStatus(FaultInjector.ALWAYS, "UPDATE_IN_PROGRESS");
    FakeTime time = FakeTime.create();
    ControlPlaneBootstrap patient =
        new ControlPlaneBootstrap(
            ControlPlane.fogbank(),
            aws.region(),
            new S3ArtifactStore(clients.s3(), aws.region(), false),
            new CloudFormationStackGateway(clients.cloudFormation()),
            new StsAccountLookup(clients.settings(), clients.credentialsProvider()),
            ControlPlane.fogbank().emulatorParameters(),
            lines::add,
            time,
            time.waiter(Duration.ofSeconds(5)));

    StackBusyException e =
        assertThrows(
            StackBusyException.class,
            () ->
                patient.deploy(
                    BootstrapRequest.of(STACK, jars).withTimeout(Duration.ofMinutes(2))));

    assertEquals(
        "stack 'fogbank' is still UPDATE_IN_PROGRESS after 120 s; run bootstrap again once that"
            + " operation ends (it picks up from there)",
        e.getMessage());
    assertEquals(
        Duration.ofMinutes(2), time.pauses().stream().reduce(Duration.ZERO, Duration::plus));
    assertTrue(
        time.pauses().stream().allMatch(p -> p.compareTo(Duration.ofSeconds(5)) <= 0),
        time.pauses()::toString);
  }

  @Test
  void deploy_whenTheStackRolledBack_thenItIsDeletedAndCreatedAgain() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    // Stands in for a first creation that failed and rolled back (moto never rolls back): a stack
    // whose resources are gone but one, and whose next two DescribeStacks answers (bootstrap's,
    // then the gateway's) say ROLLBACK_COMPLETE.
    String firstId =
        clients
            .cloudFormation()
            .createStack(
                r ->
                    r.stackName(STACK)
                        .templateBody(
                            "{\"Resources\": {\"Leftover\": {\"Type\": \"AWS::SNS::Topic\"}}}"))
            .stackId();
    faults.rewriteStackStatus(2, "ROLLBACK_COMPLETE");
    lines.clear();

    BootstrapResult result = bootstrap().deploy(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.CREATE_COMPLETE, result.outcome(), report());
    String secondId =
        clients
            .cloudFormation()
            .describeStacks(r -> r.stackName(STACK))
            .stacks()
            .getFirst()
            .stackId();
    assertNotEquals(firstId, secondId, "a new stack replaced the rolled-back one");
    assertEquals(1, faults.attempts("DeleteStack"));
  }

  // --- self-upgrade through the drop bucket -----------------------------------------------------

  @Test
  void upgrade_whenNewTemplateDropsTheTable_thenRefusedAndNothingWritten() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    lines.clear();

    UpgradeRefusedException e =
        assertThrows(
            UpgradeRefusedException.class,
            () ->
                bootstrap(withoutTable())
                    .upgradeThroughDropBucket(BootstrapRequest.of(STACK, jars)));

    assertTrue(
        e.getMessage().contains("ControlTable (AWS::DynamoDB::Table) would be deleted"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertEquals(List.of(), dropKeys(), "nothing reached the drop bucket");
    assertEquals(List.of(), changeSetsOf(STACK), "the preview change set is deleted");
  }

  @Test
  void upgrade_whenForced_thenWritesTemplateAndManifestToTheDropBucket() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    // The template versions the drop bucket; moto's CloudFormation ignores VersioningConfiguration,
    // so do here what AWS does there (the deployment id is derived from the version id).
    clients
        .s3()
        .putBucketVersioning(
            r -> r.bucket(dropBucket()).versioningConfiguration(v -> v.status("Enabled")));
    lines.clear();

    BootstrapResult result =
        bootstrap(withoutTable())
            .upgradeThroughDropBucket(BootstrapRequest.of(STACK, jars).withForce(true));

    assertEquals(BootstrapResult.Outcome.SUBMITTED, result.outcome(), report());
    assertEquals(
        List.of("stacks/fogbank/deployment.yaml", "stacks/fogbank/template.yaml"), dropKeys());
    JsonNode template = ControlPlaneTemplate.of(dropObject("stacks/fogbank/template.yaml")).root();
    assertFalse(
        template.path("Resources").has(ControlPlaneStack.TABLE),
        "the forced template is the one written");
    assertTrue(template.path("Resources").has(ControlPlaneStack.DROP_BUCKET));
    String manifest = dropObject("stacks/fogbank/deployment.yaml");
    assertTrue(manifest.contains("ArtifactsBucketName: \"" + artifactsBucket() + "\""), manifest);
    assertTrue(manifest.contains("FunctionAliases: \"false\""), manifest);
    assertTrue(result.summary().startsWith("bootstrap: fogbank upgrade submitted to s3://"));
    assertNotNull(result.submission().orElseThrow().deploymentId(), "the drop bucket is versioned");
    assertTrue(result.submission().orElseThrow().deploymentId().startsWith("d-drop-"));
  }

  @Test
  void upgrade_whenAJarChanged_thenGuardPassesAndTemplateCarriesTheNewKeys() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    FunctionJars.change(jars, FunctionArtifact.STEPS_LEDGER, "v2");
    lines.clear();

    BootstrapResult result = bootstrap().upgradeThroughDropBucket(BootstrapRequest.of(STACK, jars));

    assertEquals(BootstrapResult.Outcome.SUBMITTED, result.outcome(), report());
    assertFalse(result.changes().isEmpty(), report());
    for (ResourceChange change : result.changes()) {
      assertTrue(
          change.resourceType().startsWith("AWS::Lambda::"), BootstrapMessages.change(change));
    }
    assertTrue(
        lines.contains(
            "guard: no protected resource (table, buckets, topic) is deleted" + " or replaced"),
        report());
    String newKey = result.uploaded().getFirst().key();
    assertTrue(newKey.startsWith("functions/steps-ledger/"), newKey);
    assertTrue(
        dropObject("stacks/fogbank/template.yaml").contains(newKey),
        "the artifact keys travel as the parameters' defaults");
  }

  @Test
  void upgrade_whenNothingChanged_thenNoChangesAndNothingWritten() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");
    bootstrap().deploy(BootstrapRequest.of(STACK, jars));
    lines.clear();

    BootstrapResult result = bootstrap().upgradeThroughDropBucket(BootstrapRequest.of(STACK, jars));

    // The drop template bakes the keys in as defaults, so the template text differs; the values
    // CloudFormation would use do not.
    assertEquals(BootstrapResult.Outcome.NO_CHANGES, result.outcome(), report());
    assertEquals(List.of(), dropKeys());
  }

  @Test
  void upgrade_whenNoControlPlaneInstalled_thenSaysToBootstrapFirst() throws Exception {
    Path jars = FunctionJars.fake(temp.resolve("functions"), "v1");

    BootstrapException e =
        assertThrows(
            BootstrapException.class,
            () -> bootstrap().upgradeThroughDropBucket(BootstrapRequest.of(STACK, jars)));

    assertTrue(e.getMessage().contains("stack 'fogbank' does not exist"), e.getMessage());
    assertBucketAbsent();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private ControlPlaneBootstrap bootstrap() {
    return bootstrap(ControlPlane.fogbank());
  }

  private ControlPlaneBootstrap bootstrap(ControlPlane controlPlane) {
    return ControlPlaneBootstrap.create(clients, controlPlane, lines::add);
  }

  private static ControlPlane withTemplate(TemplateSource source) {
    ControlPlane fogbank = ControlPlane.fogbank();
    return new ControlPlane(source, fogbank.layout(), fogbank.emulatorParameters());
  }

  /** The real template without its table (references to it left dangling: never deployed). */
  private static ControlPlane withoutTable() {
    return withTemplate(
        defaults -> {
          JsonNode root = ControlPlane.fogbank().template().render(defaults).root().deepCopy();
          ((ObjectNode) root.get("Resources")).remove(ControlPlaneStack.TABLE);
          return ControlPlaneTemplate.of(root.toPrettyString());
        });
  }

  private JsonNode synthesized() {
    return ControlPlane.fogbank().template().render(Map.of()).root();
  }

  private String artifactsBucket() {
    return ControlPlaneNames.artifactsBucketName(ACCOUNT, aws.region());
  }

  private String dropBucket() {
    return "fogbank-drop-" + ACCOUNT + "-" + aws.region();
  }

  /** The function and state-machine artifacts in the bucket (not templates staged for a URL). */
  private Set<String> artifactKeys() {
    Set<String> keys = bucketKeys();
    keys.removeIf(key -> key.startsWith("templates/"));
    return keys;
  }

  private Set<String> bucketKeys() {
    Set<String> keys = new TreeSet<>();
    for (S3Object o : clients.s3().listObjectsV2(r -> r.bucket(artifactsBucket())).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  private List<String> dropKeys() {
    return clients
        .s3()
        .listObjectsV2(r -> r.bucket(dropBucket()).prefix("stacks/"))
        .contents()
        .stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  private String dropObject(String key) {
    return clients
        .s3()
        .getObjectAsBytes(r -> r.bucket(dropBucket()).key(key))
        .asString(StandardCharsets.UTF_8);
  }

  private void assertBucketAbsent() {
    try {
      clients.s3().headBucket(r -> r.bucket(artifactsBucket()));
      throw new AssertionError("artifacts bucket exists: something was uploaded; " + report());
    } catch (NoSuchBucketException e) {
      // expected
    } catch (S3Exception e) {
      assertEquals(404, e.statusCode());
    }
  }

  private List<String> changeSetsOf(String stack) {
    String stackId =
        clients
            .cloudFormation()
            .describeStacks(r -> r.stackName(stack))
            .stacks()
            .getFirst()
            .stackId();
    return clients.cloudFormation().listChangeSets(r -> r.stackName(stackId)).summaries().stream()
        .filter(s -> stackId.equals(s.stackId()))
        .filter(s -> !"EXECUTE_COMPLETE".equals(s.executionStatusAsString()))
        .map(s -> s.changeSetName())
        .toList();
  }

  /** Function name → CodeSha256, for the stack's functions. */
  private Map<String, String> codeShas() {
    Map<String, String> shas = new TreeMap<>();
    lambda
        .listFunctionsPaginator()
        .functions()
        .forEach(f -> shas.put(f.functionName(), f.codeSha256()));
    assertFalse(shas.isEmpty(), "no functions listed");
    return new LinkedHashMap<>(shas);
  }

  /** Whether the resource exists, asked of its own service ("not found" answers are false). */
  private boolean exists(String type, String physicalId) {
    try {
      return existsOrThrows(type, physicalId);
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 || e.statusCode() == 400) {
        return false;
      }
      throw e;
    }
  }

  private boolean existsOrThrows(String type, String physicalId) {
    return switch (type) {
      case "AWS::DynamoDB::Table" ->
          clients.dynamoDb().describeTable(r -> r.tableName(physicalId)).table() != null;
      case "AWS::S3::Bucket" -> {
        clients.s3().headBucket(r -> r.bucket(physicalId));
        yield true;
      }
      case "AWS::SNS::Topic" ->
          !clients.sns().getTopicAttributes(r -> r.topicArn(physicalId)).attributes().isEmpty();
      case "AWS::StepFunctions::StateMachine" ->
          clients.sfn().describeStateMachine(r -> r.stateMachineArn(physicalId)).name() != null;
      case "AWS::Lambda::Function" ->
          lambda.getFunction(r -> r.functionName(physicalId)).configuration() != null;
      case "AWS::IAM::Role" -> iam.getRole(r -> r.roleName(physicalId)).role() != null;
      case "AWS::Logs::LogGroup" ->
          logs.describeLogGroups(r -> r.logGroupNamePrefix(physicalId)).logGroups().stream()
              .anyMatch(g -> g.logGroupName().equals(physicalId));
      case "AWS::Events::Rule" ->
          events
                  .describeRule(
                      r -> r.name(physicalId.substring(physicalId.lastIndexOf('/') + 1)))
                  .arn()
              != null;
      case "AWS::SQS::Queue" ->
          !sqs.getQueueAttributes(
                  r -> r.queueUrl(physicalId).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .isEmpty();
      default -> throw new AssertionError("no check for " + type);
    };
  }

  private String report() {
    return String.join("\n", lines);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
