package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackBusyException;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.shared.wait.FakeTime;
import dev.fogbank.shared.wait.Waiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** CloudFormationStackGateway through the real SDK over HTTP to the emulator. */
@ExtendWith(AwsEndpointExtension.class)
class CloudFormationStackGatewayIT {

  private static final Duration AWAIT = Duration.ofSeconds(60);

  private static final String QUEUE_V1 =
      """
      {"Parameters": {"Retention": {"Type": "Number", "Default": "345600"}},
       "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
         "Properties": {"MessageRetentionPeriod": {"Ref": "Retention"}}}}}
      """;

  private static final String QUEUE_V2 =
      """
      {"Parameters": {"Retention": {"Type": "Number", "Default": "345600"}},
       "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
         "Properties": {"MessageRetentionPeriod": {"Ref": "Retention"},
                        "VisibilityTimeout": 120}}}}
      """;

  private static final String NO_CHANGES_REASON =
      "The submitted information didn't contain changes. Submit different information to create"
          + " a change set.";

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private CloudFormationClient cloudFormation;
  private CloudFormationStackGateway gateway;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    cloudFormation = clients.cloudFormation();
    gateway = new CloudFormationStackGateway(cloudFormation, AWAIT);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void createChangeSet_whenStackIsNew_thenCreateIsReadyWithAddAndExecutes() {
    String stack = uniqueStackName("new");
    ChangeSetRequest request =
        new ChangeSetRequest(
            stack,
            changeSetName(),
            QUEUE_V1,
            null,
            Map.of("Retention", "86400"),
            Map.of("team", "platform"),
            null,
            "first deployment");

    ChangeSet handle = gateway.createChangeSet(request);
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertEquals(ChangeSet.Type.CREATE, handle.type());
    assertEquals(ChangeSet.Status.READY, outcome.status());
    assertEquals(List.of("Add"), outcome.changes().stream().map(ResourceChange::action).toList());
    assertEquals("Queue", outcome.changes().getFirst().logicalId());
    assertEquals("AWS::SQS::Queue", outcome.changes().getFirst().resourceType());

    gateway.executeChangeSet(handle);

    StackState state = awaitSettled(stack);
    assertEquals("CREATE_COMPLETE", state.status());
    assertEquals(handle.stackId(), state.stackId());
    Stack raw = cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().getFirst();
    assertTrue(raw.tags().contains(Tag.builder().key("team").value("platform").build()));
    assertEquals(
        "86400",
        raw.parameters().stream()
            .filter(p -> p.parameterKey().equals("Retention"))
            .findFirst()
            .orElseThrow()
            .parameterValue());
    List<StackEvent> events = gateway.recentEvents(stack, 2);
    assertFalse(events.isEmpty());
    assertTrue(events.size() <= 2);
    assertEquals("CREATE_COMPLETE", events.getFirst().status(), "newest event first");
  }

  @Test
  void createChangeSet_whenStackExists_thenUpdateWithModify() {
    String stack = uniqueStackName("update");
    deploy(stack, QUEUE_V1);

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V2));
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertEquals(ChangeSet.Type.UPDATE, handle.type());
    assertEquals(ChangeSet.Status.READY, outcome.status());
    assertEquals(1, outcome.changes().size());
    assertEquals("Modify", outcome.changes().getFirst().action());
    assertEquals("Queue", outcome.changes().getFirst().logicalId());

    gateway.executeChangeSet(handle);
    assertEquals("UPDATE_COMPLETE", awaitSettled(stack).status());
  }

  @Test
  void awaitChangeSet_whenTemplateUnchanged_thenNoChangesAndChangeSetDeleted() {
    String stack = uniqueStackName("same");
    deploy(stack, QUEUE_V1);

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V1));
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertEquals(ChangeSet.Status.NO_CHANGES, outcome.status());
    assertTrue(outcome.changes().isEmpty());
    assertFalse(changeSetExists(handle), "the empty change set is deleted");
    assertEquals("CREATE_COMPLETE", gateway.describe(stack).orElseThrow().status());
  }

  @Test
  void awaitChangeSet_whenCreateHasNoChanges_thenChangeSetAndReviewStackDeleted() {
    // Stands in for AWS failing a CREATE change set whose resources are all conditioned out
    // ("didn't contain changes"); moto reports such a change set CREATE_COMPLETE.
    faults.rewriteNext(
        "DescribeChangeSet",
        1,
        body ->
            body.replace("<Status>CREATE_COMPLETE</Status>", "<Status>FAILED</Status>")
                .replace(
                    "<ExecutionStatus>AVAILABLE</ExecutionStatus>",
                    "<ExecutionStatus>UNAVAILABLE</ExecutionStatus><StatusReason>"
                        + NO_CHANGES_REASON
                        + "</StatusReason>"));
    String stack = uniqueStackName("empty");

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V1));
    assertEquals("REVIEW_IN_PROGRESS", gateway.describe(stack).orElseThrow().status());
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertTrue(faults.exhausted(), "the rewrite was used");
    assertEquals(ChangeSet.Status.NO_CHANGES, outcome.status());
    assertFalse(changeSetExists(handle), "the empty change set is deleted");
    assertEquals(Optional.empty(), gateway.describe(stack), "no REVIEW_IN_PROGRESS leftover");
  }

  @Test
  void awaitChangeSet_whenCreationFailsForAnotherReason_thenFailedWithReasonAndKept() {
    // Stands in for a change set CloudFormation fails asynchronously (here a transform error);
    // moto completes every change set it accepts.
    String reason =
        "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application"
            + " Specification document.";
    faults.rewriteNext(
        "DescribeChangeSet",
        1,
        body ->
            body.replace("<Status>CREATE_COMPLETE</Status>", "<Status>FAILED</Status>")
                .replace(
                    "<ExecutionStatus>AVAILABLE</ExecutionStatus>",
                    "<ExecutionStatus>UNAVAILABLE</ExecutionStatus><StatusReason>"
                        + reason
                        + "</StatusReason>"));
    String stack = uniqueStackName("failed");

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V1));
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertEquals(ChangeSet.Status.FAILED, outcome.status());
    assertEquals(reason, outcome.reason());
    assertTrue(changeSetExists(handle), "a failed change set stays for inspection");
  }

  @Test
  void awaitChangeSet_whenStillBeingCreated_thenPollsUntilReady() {
    // Stands in for CloudFormation computing the change set asynchronously (CREATE_PENDING,
    // CREATE_IN_PROGRESS); moto answers CREATE_COMPLETE at once.
    faults.rewriteNext(
        "DescribeChangeSet",
        2,
        body ->
            body.replace(
                "<Status>CREATE_COMPLETE</Status>", "<Status>CREATE_IN_PROGRESS</Status>"));
    String stack = uniqueStackName("slow");

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V1));
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);

    assertEquals(ChangeSet.Status.READY, outcome.status());
    assertEquals(3, faults.attempts("DescribeChangeSet"));
  }

  @Test
  void awaitChangeSet_whenNeverReadyWithinTimeout_thenAwsUnavailable() {
    // Stands in for a change set CloudFormation leaves CREATE_IN_PROGRESS past our patience.
    faults.rewriteNext(
        "DescribeChangeSet",
        FaultInjector.ALWAYS,
        body ->
            body.replace(
                "<Status>CREATE_COMPLETE</Status>", "<Status>CREATE_IN_PROGRESS</Status>"));
    String stack = uniqueStackName("stuck");
    FakeTime time = FakeTime.create();
    CloudFormationStackGateway patient =
        new CloudFormationStackGateway(cloudFormation, AWAIT, time.waiter(Duration.ofSeconds(2)));
    ChangeSet handle = patient.createChangeSet(request(stack, QUEUE_V1));

    AwsUnavailableException e =
        assertThrows(
            AwsUnavailableException.class,
            () -> patient.awaitChangeSet(handle, Duration.ofMinutes(1)));

    assertTrue(e.getMessage().contains("'" + stack + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("still CREATE_IN_PROGRESS after 60 s"), e.getMessage());
    // Waited the whole minute (on the fake clock), polling at least every 2 s.
    assertEquals(
        Duration.ofMinutes(1), time.pauses().stream().reduce(Duration.ZERO, Duration::plus));
    assertTrue(
        time.pauses().stream().allMatch(p -> p.compareTo(Duration.ofSeconds(2)) <= 0),
        time.pauses()::toString);
  }

  @Test
  void createChangeSet_whenStackRolledBack_thenDeletesItAndCreatesAgain() {
    // Stands in for a first creation that failed and rolled back (ROLLBACK_COMPLETE), which
    // CloudFormation only lets you delete; moto never rolls back.
    String stack = uniqueStackName("rolledback");
    String oldStackId = deploy(stack, QUEUE_V1);
    faults.rewriteStackStatus(1, "ROLLBACK_COMPLETE");

    ChangeSet handle = gateway.createChangeSet(request(stack, QUEUE_V1));

    assertEquals(ChangeSet.Type.CREATE, handle.type());
    assertNotEquals(oldStackId, handle.stackId(), "a new stack, not the rolled-back one");
    assertEquals(1, faults.attempts("DeleteStack"));
    assertEquals(
        Optional.empty(),
        cloudFormation.describeStacks(r -> r.stackName(oldStackId)).stacks().stream()
            .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE"))
            .findFirst(),
        "the rolled-back stack is deleted");
    ChangeSet outcome = gateway.awaitChangeSet(handle, AWAIT);
    assertEquals(ChangeSet.Status.READY, outcome.status());
    assertEquals("Add", outcome.changes().getFirst().action());
    gateway.executeChangeSet(handle);
    assertEquals("CREATE_COMPLETE", awaitSettled(stack).status());
  }

  @Test
  void createChangeSet_whenStackInProgress_thenStackBusyNamingStackAndStatus() {
    // Stands in for another operation still running on the stack; moto completes synchronously.
    String stack = uniqueStackName("busy");
    deploy(stack, QUEUE_V1);
    faults.rewriteStackStatus(1, "UPDATE_IN_PROGRESS");

    StackBusyException e =
        assertThrows(
            StackBusyException.class, () -> gateway.createChangeSet(request(stack, QUEUE_V2)));

    assertEquals(ErrorCode.STACK_BUSY, e.code());
    assertTrue(e.getMessage().contains("'" + stack + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("UPDATE_IN_PROGRESS"), e.getMessage());
    assertEquals(1, faults.attempts("CreateChangeSet"), "only the deploy's own change set");
  }

  @Test
  void describe_whenThrottledTwice_thenSdkBacksOffAndSucceeds() {
    // Stands in for CloudFormation's account-wide API rate limit ("Rate exceeded").
    String stack = uniqueStackName("throttled");
    deploy(stack, QUEUE_V1);
    faults.clear();
    faults.throttleNext("DescribeStacks", 2);

    Optional<StackState> state = gateway.describe(stack);

    assertEquals("CREATE_COMPLETE", state.orElseThrow().status());
    assertEquals(3, faults.attempts("DescribeStacks"), "two throttled attempts, then success");
    assertTrue(faults.exhausted());
  }

  @Test
  void createChangeSet_whenCloudFormationFailsPersistently_thenAwsUnavailableAfterRetries() {
    // Stands in for a CloudFormation outage: HTTP 500 InternalFailure on every attempt.
    String stack = uniqueStackName("outage");
    faults.internalFailureNext("CreateChangeSet", FaultInjector.ALWAYS);

    AwsUnavailableException e =
        assertThrows(
            AwsUnavailableException.class, () -> gateway.createChangeSet(request(stack, QUEUE_V1)));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertEquals(
        "CloudFormation CreateChangeSet for stack '"
            + stack
            + "' failed: service unavailable (HTTP 500 InternalFailure) after 8 attempts",
        e.getMessage());
    assertEquals(8, faults.attempts("CreateChangeSet"));
  }

  @Test
  void createChangeSet_whenCloudFormationRejectsTemplate_thenTemplateInvalidWithItsReason() {
    // Stands in for CloudFormation's synchronous template validation in CreateChangeSet; moto
    // 5.2 accepts any template it can parse there (and answers HTTP 500 to one it cannot).
    String awsReason =
        "Template format error: Unresolved resource dependencies [Missing] in the Resources block"
            + " of the template";
    faults.failNext("CreateChangeSet", 1, 400, "ValidationError", awsReason);
    String stack = uniqueStackName("invalid");
    ChangeSetRequest request = request(stack, QUEUE_V1);

    TemplateInvalidException e =
        assertThrows(TemplateInvalidException.class, () -> gateway.createChangeSet(request));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertEquals(
        "CloudFormation rejected change set '"
            + request.changeSetName()
            + "' for stack '"
            + stack
            + "': "
            + awsReason,
        e.getMessage());
    assertEquals(1, faults.attempts("CreateChangeSet"), "a validation error is not retried");
  }

  @Test
  void describe_whenStackDoesNotExist_thenEmpty() {
    assertEquals(Optional.empty(), gateway.describe(uniqueStackName("absent")));
    assertEquals(List.of(), gateway.recentEvents(uniqueStackName("absent"), 10));
  }

  @Test
  void describe_whenStackHasParametersAndOutputs_thenBothInOrder() {
    String stack = uniqueStackName("outputs");
    // CreateStack, not a change set: moto keeps no Outputs after ExecuteChangeSet.
    cloudFormation.createStack(
        r ->
            r.stackName(stack)
                .templateBody(
                    """
                    {"Parameters": {"Retention": {"Type": "Number", "Default": "345600"}},
                     "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
                       "Properties": {"MessageRetentionPeriod": {"Ref": "Retention"}}}},
                     "Outputs": {"QueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]}}}}
                    """));

    StackState state = gateway.describe(stack).orElseThrow();

    assertEquals(Map.of("Retention", "345600"), state.parameters());
    assertEquals(List.of("QueueName"), List.copyOf(state.outputs().keySet()));
    assertTrue(state.outputs().get("QueueName").contains(stack), state.outputs().toString());
  }

  @Test
  void template_whenOriginalStage_thenTheBodyAsSubmitted() {
    String stack = uniqueStackName("template");
    deploy(stack, QUEUE_V1);

    assertEquals(QUEUE_V1, gateway.template(stack, TemplateStage.ORIGINAL));
  }

  @Test
  void resources_whenDeployed_thenLogicalIdTypeAndPhysicalId() {
    String stack = uniqueStackName("resources");
    deploy(stack, QUEUE_V1);

    List<StackResource> resources = gateway.resources(stack);

    assertEquals(1, resources.size(), resources.toString());
    assertEquals("Queue", resources.getFirst().logicalId());
    assertEquals("AWS::SQS::Queue", resources.getFirst().resourceType());
    assertTrue(resources.getFirst().physicalId().contains(stack), resources.toString());
  }

  @Test
  void changeSets_whenOneExecutedAndOnePending_thenListedAsSuchAndPendingOneDeletable() {
    String stack = uniqueStackName("listed");
    String stackId = deploy(stack, QUEUE_V1);
    ChangeSet pending = gateway.createChangeSet(request(stack, QUEUE_V2));

    Map<String, ChangeSet.Status> listed = new TreeMap<>();
    gateway.changeSets(stackId).forEach(c -> listed.put(c.changeSetId(), c.status()));

    assertEquals(ChangeSet.Status.READY, listed.get(pending.changeSetId()), listed.toString());
    assertEquals(2, listed.size(), listed.toString());
    assertTrue(listed.containsValue(ChangeSet.Status.EXECUTED), listed.toString());

    gateway.deleteChangeSet(pending.changeSetId());
    assertFalse(changeSetExists(pending));

    // Stands in for AWS's answer to deleting a change set already gone (moto answers HTTP 500).
    faults.failNext(
        "DeleteChangeSet",
        1,
        404,
        "ChangeSetNotFound",
        "ChangeSet [" + pending.name() + "] does not exist");
    gateway.deleteChangeSet(pending.changeSetId());
    assertTrue(faults.exhausted(), "the second delete met the stand-in answer");
  }

  @Test
  void deleteStack_whenGivenItsId_thenTheStackIsGone() {
    String stack = uniqueStackName("deleted");
    String stackId = deploy(stack, QUEUE_V1);

    gateway.deleteStack(stackId);

    assertEquals(
        Optional.empty(),
        waiter()
            .until(
                "deletion",
                AWAIT,
                () -> gateway.describe(stackId),
                Optional::isEmpty,
                s -> new IllegalStateException(stackId + " still " + s.orElseThrow().status())));
  }

  @Test
  void processedTemplate_whenEmulatorAnswersEmpty_thenEmpty() {
    // moto 5.2 itself: GetTemplate ignores ChangeSetName and TemplateStage and answers {} for a
    // stack still in REVIEW_IN_PROGRESS.
    String stack = uniqueStackName("processed-empty");
    ChangeSet ready = created(stack, QUEUE_V1);

    assertEquals(Optional.empty(), gateway.processedTemplate(ready));
    assertEquals(1, faults.attempts("GetTemplate"));
  }

  @Test
  void processedTemplate_whenCloudFormationExpandedTheTransform_thenItsBody() {
    // Stands in for GetTemplate (ChangeSetName, TemplateStage Processed) answering a change set's
    // expanded template, which moto never computes.
    faults.rewriteNext(
        "GetTemplate",
        1,
        body ->
            body.replaceFirst(
                "(?s)<TemplateBody>.*</TemplateBody>",
                "<TemplateBody>" + QUEUE_V2.replace("<", "&lt;") + "</TemplateBody>"));
    String stack = uniqueStackName("processed");
    ChangeSet ready = created(stack, QUEUE_V1);

    assertEquals(Optional.of(QUEUE_V2), gateway.processedTemplate(ready));
  }

  @Test
  void discardChangeSet_whenCreate_thenChangeSetAndReviewStackDeleted() {
    String stack = uniqueStackName("discard-new");
    ChangeSet ready = created(stack, QUEUE_V1);

    gateway.discardChangeSet(ready);

    assertFalse(changeSetExists(ready));
    assertEquals(Optional.empty(), gateway.describe(stack), "no REVIEW_IN_PROGRESS leftover");
  }

  @Test
  void discardChangeSet_whenUpdate_thenChangeSetDeletedAndStackKept() {
    String stack = uniqueStackName("discard-update");
    deploy(stack, QUEUE_V1);
    ChangeSet ready = created(stack, QUEUE_V2);

    gateway.discardChangeSet(ready);

    assertFalse(changeSetExists(ready));
    assertEquals("CREATE_COMPLETE", gateway.describe(stack).orElseThrow().status());
  }

  // --- helpers ----------------------------------------------------------------------------

  /** Creates the stack through the gateway and waits for it; returns its id. */
  private String deploy(String stack, String template) {
    ChangeSet handle = gateway.createChangeSet(request(stack, template));
    assertEquals(ChangeSet.Status.READY, gateway.awaitChangeSet(handle, AWAIT).status());
    gateway.executeChangeSet(handle);
    assertTrue(awaitSettled(stack).succeeded());
    return handle.stackId();
  }

  /** moto finishes synchronously; LocalStack and AWS do not. */
  private StackState awaitSettled(String stack) {
    return waiter()
        .until(
            "stack " + stack,
            AWAIT,
            () -> gateway.describe(stack).orElseThrow(),
            state -> !state.inProgress(),
            state -> new IllegalStateException(stack + " still " + state.status()));
  }

  private static Waiter waiter() {
    return Waiter.of(Duration.ofMillis(250));
  }

  /** A change set of {@code template} for {@code stack}, created and awaited. */
  private ChangeSet created(String stack, String template) {
    return gateway.awaitChangeSet(gateway.createChangeSet(request(stack, template)), AWAIT);
  }

  private boolean changeSetExists(ChangeSet handle) {
    return cloudFormation.listChangeSets(r -> r.stackName(handle.stackId())).summaries().stream()
        .anyMatch(s -> s.changeSetId().equals(handle.changeSetId()));
  }

  private static ChangeSetRequest request(String stack, String template) {
    return new ChangeSetRequest(stack, changeSetName(), template, null, null, null, null, null);
  }

  private static String changeSetName() {
    return "cs-" + UUID.randomUUID();
  }

  private static String uniqueStackName(String purpose) {
    return "it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
