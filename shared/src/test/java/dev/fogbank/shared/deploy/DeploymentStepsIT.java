package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;
import dev.fogbank.shared.deploy.StepResults.LockAttempt;
import dev.fogbank.shared.deploy.StepResults.StackProgress;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackLockedException;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.validation.AwsReferenceCheck;
import dev.fogbank.shared.validation.RequiredTags;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.FailedResource;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deploy state machine's steps, one call per Task state, over the real adapters: locks and
 * history on DynamoDB Local, CloudFormation on the emulator, templates in a bucket on it.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class DeploymentStepsIT {
  private static final String ACCOUNT = "123456789012";
  private static final String QUEUE =
      """
      {"Parameters": {"Retention": {"Type": "Number", "Default": "345600"}},
       "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
         "Properties": {"MessageRetentionPeriod": {"Ref": "Retention"}}}}}
      """;

  private static final String SAM_FUNCTION =
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
          + "    Type: AWS::Serverless::Function\n"
          + "    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: s3://b/k}\n";

  /** SAM_FUNCTION as CloudFormation expands it: a role and a function using it. */
  private static final String SAM_FUNCTION_PROCESSED =
      """
      {
        "Resources": {
          "FnRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["sts:AssumeRole"], "Principal": {"Service": ["lambda.amazonaws.com"]}}]}}},
          "Fn": {
            "Type": "AWS::Lambda::Function",
            "Properties": {
              "Handler": "a.b",
              "Runtime": "python3.12",
              "Code": {"S3Bucket": "b", "S3Key": "k"},
              "Role": {"Fn::GetAtt": ["FnRole", "Arn"]}
            }
          }
        }
      }
      """;

  private final FaultInjector faults = new FaultInjector();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T22:05:01Z"));
  private AwsClientFactory clients;
  private String region;
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private TemplateStore templates;
  private DeploymentLedger ledger;
  private StackDeployer stackChanges;
  private String stack;
  private DynamoDbClient dynamoDb;
  private String table;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    clients = aws.clients(faults);
    region = aws.region();
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = new DynamoDbLockStore(dynamoDb, table, clock);
    String bucket = "steps-templates-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    templates = new S3TemplateStore(clients.s3(), bucket);
    ledger = new DeploymentLedger(locks, history, notifier, clock);
    stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
            templates,
            Optional.empty(),
            ResourceSchemas.bundled(),
            clock);
    stack = "steps-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void acquireLock_whenFree_thenRunningAndOneStartedNotification() {
    DeploymentInput in = queued("d-1", QUEUE);

    LockAttempt attempt = ledger.acquireLock(in, null);
    LockAttempt retried = ledger.acquireLock(in, attempt.waitDeadline());

    assertTrue(attempt.acquired());
    assertEquals("d-1", attempt.holderDeploymentId());
    assertEquals(clock.instant().plusSeconds(7200), attempt.expiresAt());
    assertTrue(retried.acquired(), "a retried AcquireLock keeps its own lock");
    DeploymentRecord record = history.get("d-1").orElseThrow();
    assertEquals(DeploymentStatus.RUNNING, record.status());
    assertEquals(clock.instant(), record.startedAt());
    assertEquals(List.of(DeploymentEvent.Kind.STARTED), notifier.kinds(), "announced once");
    assertEquals("d-1", notifier.events.getFirst().deploymentId());
    assertEquals(stack, notifier.events.getFirst().stackName());
  }

  @Test
  void acquireLock_whenTimePassesBeforeTheLockIsTaken_thenStartedWhenItWasTaken() {
    // Every reading of this clock is 1 ms later: a step that began before the previous holder
    // released the lock must not be recorded as started before that holder's end.
    TickingClock ticking = new TickingClock(clock.instant());
    DynamoDbLockStore tickingLocks = new DynamoDbLockStore(dynamoDb, table, ticking);
    DeploymentLedger tickingLedger = new DeploymentLedger(tickingLocks, history, notifier, ticking);
    DeploymentInput in = queued("d-late", QUEUE);

    assertTrue(tickingLedger.acquireLock(in, null).acquired());

    Instant lockTaken = tickingLocks.read(in.stack()).orElseThrow().acquiredAt();
    Instant started = history.get("d-late").orElseThrow().startedAt();
    assertFalse(started.isBefore(lockTaken), started + " is before the lock was taken, " + lockTaken);
  }

  @Test
  void acquireLock_whenHeldByAnother_thenNotAcquiredWithHolderAndDeadline() {
    LockAttempt holder = ledger.acquireLock(queued("d-holder", QUEUE), null);
    notifier.events.clear();
    DeploymentInput waiting = queued("d-waiting", QUEUE);

    LockAttempt attempt = ledger.acquireLock(waiting, null);

    assertFalse(attempt.acquired());
    assertEquals("d-holder", attempt.holderDeploymentId());
    assertEquals(holder.expiresAt(), attempt.expiresAt());
    assertEquals(clock.instant().plusSeconds(600), attempt.waitDeadline());
    assertEquals(DeploymentStatus.QUEUED, history.get("d-waiting").orElseThrow().status());
    assertTrue(notifier.events.isEmpty(), "nothing announced while waiting");
  }

  @Test
  void acquireLock_whenCancelledWhileQueued_thenCancelledAndLockNotKept() {
    DeploymentInput in = queued("d-cancelled", QUEUE);
    assertTrue(
        history
            .transitionIf(
                "d-cancelled",
                DeploymentStatus.QUEUED,
                StatusChange.cancelled(
                    clock.instant(), new DeploymentError("CANCELLED", "cancelled by tester")))
            .isPresent());

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> ledger.acquireLock(in, null));

    assertEquals(ErrorCode.CANCELLED, e.code());
    assertTrue(locks.read(in.stack()).isEmpty(), "the lock was given back in the same step");
    assertEquals(DeploymentStatus.CANCELLED, history.get("d-cancelled").orElseThrow().status());
    assertTrue(notifier.events.isEmpty(), "no STARTED announced");
    assertTrue(
        history
            .transitionIf(
                "d-cancelled",
                DeploymentStatus.QUEUED,
                StatusChange.cancelled(clock.instant(), new DeploymentError("CANCELLED", "again")))
            .isEmpty(),
        "a second cancel finds it no longer QUEUED");
  }

  @Test
  void acquireLock_whenCancelledWhileWaitingForAnotherLock_thenCancelledAndHolderKeepsIt() {
    ledger.acquireLock(queued("d-holder", QUEUE), null);
    DeploymentInput waiting = queued("d-waiting", QUEUE);
    Instant deadline = ledger.acquireLock(waiting, null).waitDeadline();
    assertTrue(
        history
            .transitionIf(
                "d-waiting",
                DeploymentStatus.QUEUED,
                StatusChange.cancelled(
                    clock.instant(), new DeploymentError("CANCELLED", "cancelled by tester")))
            .isPresent());

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> ledger.acquireLock(waiting, deadline));

    assertEquals(ErrorCode.CANCELLED, e.code());
    assertEquals("d-holder", locks.read(waiting.stack()).orElseThrow().deploymentId());
  }

  @Test
  void acquireLock_whenStillHeldPastDeadline_thenStackLockedNamingHolder() {
    ledger.acquireLock(queued("d-holder", QUEUE), null);
    DeploymentInput waiting = queued("d-waiting", QUEUE);
    Instant deadline = ledger.acquireLock(waiting, null).waitDeadline();
    clock.set(deadline);

    StackLockedException e =
        assertThrows(StackLockedException.class, () -> ledger.acquireLock(waiting, deadline));

    assertEquals(ErrorCode.LOCKED, e.code());
    assertTrue(e.getMessage().startsWith("stack '" + stack + "' stayed locked by deployment"
        + " d-holder for the whole wait of 600 s"), e.getMessage());
  }

  @Test
  void validate_whenTemplateIsDeployable_thenSizeResourcesAndFormat() {
    TemplateCheck check = stackChanges.validate(queued("d-1", QUEUE));

    assertEquals(QUEUE.getBytes(StandardCharsets.UTF_8).length, check.sizeBytes());
    assertEquals(1, check.resourceCount());
    assertEquals("json", check.format());
  }

  @Test
  void validate_whenPropertyMisspelt_thenTemplateInvalidWithLineAndColumnAndNoStack() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () ->
                stackChanges.validate(
                    queued(
                        "d-1",
                        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
                            + "    Properties:\n      DelaySecond: 5\n")));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().contains("Resources.Queue.Properties.DelaySecond"), e.getMessage());
    assertTrue(e.getMessage().contains("(line 5, column 7)"), e.getMessage());
  }

  @Test
  void validate_whenTemplateHasATransform_thenAcceptedWithAWarningThatItIsNotSchemaChecked() {
    TemplateCheck check =
        stackChanges.validate(
            queued(
                "d-1",
                "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                    + "    Type: AWS::Serverless::Function\n"
                    + "    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: s3://b/k}\n"));

    assertEquals(1, check.warnings().size(), check.warnings()::toString);
    assertTrue(check.warnings().get(0).startsWith("Transform: "), check.warnings()::toString);
  }

  @Test
  void validate_whenTemplateHasNoResources_thenTemplateInvalid() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> stackChanges.validate(queued("d-1", "{\"Description\": \"nothing\"}")));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
  }

  @Test
  void createChangeSet_whenNoTransform_thenNoGetTemplateCallAndNoWarnings() {
    DeploymentInput in = queued("d-1", QUEUE);

    ChangeSetStep changeSet = stackChanges.createChangeSet(in);

    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(List.of(), changeSet.warnings());
    assertEquals(0, faults.attempts("GetTemplate"), "a template without Transform costs no call");
  }

  @Test
  void createChangeSet_whenTransformsProcessedFormIsValid_thenReadyAfterOneGetTemplate() {
    // Stands in for CloudFormation expanding SAM when it creates the change set and GetTemplate
    // (ChangeSetName, TemplateStage Processed) returning the expansion; moto runs no transform.
    faults.rewriteNext("GetTemplate", 1, body -> templateAnswer(body, SAM_FUNCTION_PROCESSED));
    DeploymentInput in = queued("d-1", SAM_FUNCTION);

    ChangeSetStep changeSet = stackChanges.createChangeSet(in);

    assertTrue(faults.exhausted(), "the processed template was read");
    assertEquals(1, faults.attempts("GetTemplate"));
    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(List.of(), changeSet.warnings());
    assertTrue(changeSetExists(changeSet.changeSetId()), "kept for execution");
  }

  @Test
  void createChangeSet_whenProcessedFormHasMisspeltPropertyAndDanglingRef_thenRefusedAndDeleted() {
    // Stands in for a SAM expansion carrying what the raw template hides (a misspelt pass-through
    // property, a GetAtt of a resource that does not exist); moto runs no transform.
    String broken =
        SAM_FUNCTION_PROCESSED
            .replace("\"Handler\"", "\"Handlr\"")
            .replace("[\"FnRole\", \"Arn\"]", "[\"FnRoel\", \"Arn\"]");
    faults.rewriteNext("GetTemplate", 1, body -> templateAnswer(body, broken));
    DeploymentInput in = queued("d-1", SAM_FUNCTION);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> stackChanges.createChangeSet(in));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    String message = e.getMessage();
    assertTrue(message.contains("Resources.Fn.Properties.Handlr"), message);
    assertTrue(message.contains("(line 9, column 9)"), message);
    assertTrue(message.contains("FnRoel"), message);
    assertTrue(message.contains("lines and columns refer to the processed template"), message);
    assertTrue(
        message.contains("change set '" + StackDeployer.changeSetName("d-1") + "' deleted"),
        message);
    assertEquals(1, faults.attempts("DeleteChangeSet"), "the change set is deleted");
    assertEquals(
        Optional.empty(),
        new CloudFormationStackGateway(clients.cloudFormation()).describe(stack),
        "no empty REVIEW_IN_PROGRESS stack left");
  }

  @Test
  void createChangeSet_whenProcessedFormHasAWarning_thenReadyWithItNamedAsProcessed() {
    // Stands in for a macro's expansion using a type the bundled schemas do not know.
    String unknownType =
        SAM_FUNCTION_PROCESSED.replace("\"AWS::IAM::Role\"", "\"Acme::Widget::Thing\"");
    faults.rewriteNext("GetTemplate", 1, body -> templateAnswer(body, unknownType));

    ChangeSetStep changeSet = stackChanges.createChangeSet(queued("d-1", SAM_FUNCTION));

    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(1, changeSet.warnings().size(), changeSet.warnings()::toString);
    assertTrue(
        changeSet.warnings().get(0).startsWith("processed template, Resources.FnRole"),
        changeSet.warnings()::toString);
  }

  @Test
  void createChangeSet_whenGetTemplateFails_thenReadyWithWarningThatProcessedFormIsUnchecked() {
    // Stands in for an endpoint refusing GetTemplate for a change set's processed stage (an
    // emulator without that API answers a ValidationError).
    faults.failNext(
        "GetTemplate", 1, 400, "ValidationError", "TemplateStage Processed is not supported");

    ChangeSetStep changeSet = stackChanges.createChangeSet(queued("d-1", SAM_FUNCTION));

    assertTrue(faults.exhausted(), "GetTemplate was called");
    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(1, changeSet.warnings().size(), changeSet.warnings()::toString);
    String warning = changeSet.warnings().get(0);
    assertTrue(warning.contains("processed template"), warning);
    assertTrue(warning.contains("was not checked"), warning);
    assertTrue(warning.contains("TemplateStage Processed is not supported"), warning);
  }

  @Test
  void createChangeSet_whenProcessedFormIsOverTheReadersSizeLimit_thenReadyWithWarning() {
    // Stands in for a SAM expansion larger than the 1 MiB fogbank reads (CloudFormation accepted
    // it: the change set exists); moto runs no transform.
    String large =
        SAM_FUNCTION_PROCESSED.replaceFirst(
            "\\{", "{\"Metadata\": {\"Padding\": \"" + "x".repeat(1_100_000) + "\"},");
    faults.rewriteNext("GetTemplate", 1, body -> templateAnswer(body, large));

    ChangeSetStep changeSet = stackChanges.createChangeSet(queued("d-1", SAM_FUNCTION));

    assertTrue(faults.exhausted(), "the large processed template was read");
    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(1, changeSet.warnings().size(), changeSet.warnings()::toString);
    String warning = changeSet.warnings().get(0);
    assertTrue(warning.contains("was not checked"), warning);
    assertTrue(warning.contains("over the 1048576 bytes fogbank reads"), warning);
  }

  @Test
  void createChangeSet_whenEmulatorAnswersTheUntransformedTemplate_thenReadyWithWarning() {
    // moto 5.2 itself: for an existing stack GetTemplate answers the deployed template as
    // submitted, Transform and all (it runs no transform). No fault injected.
    deployFully(queued("d-1", SAM_FUNCTION));
    DeploymentInput update = queued("d-2", SAM_FUNCTION.replace("Handler: a.b", "Handler: a.c"));
    ledger.acquireLock(update, null);

    ChangeSetStep changeSet = stackChanges.createChangeSet(update);

    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(ChangeSet.Type.UPDATE, changeSet.type());
    assertEquals(
        List.of(
            "Transform: the processed template (Transform AWS::Serverless-2016-10-31 expanded)"
                + " was not checked: CloudFormation returned it still untransformed"),
        changeSet.warnings());
  }

  @Test
  void createChangeSet_whenEmulatorAnswersAnEmptyProcessedTemplate_thenReadyWithWarning() {
    // moto 5.2 itself: GetTemplate ignores ChangeSetName and answers {} for a stack still in
    // REVIEW_IN_PROGRESS. No fault injected.
    ChangeSetStep changeSet = stackChanges.createChangeSet(queued("d-1", SAM_FUNCTION));

    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(1, faults.attempts("GetTemplate"));
    assertEquals(
        List.of(
            "Transform: the processed template (Transform AWS::Serverless-2016-10-31 expanded)"
                + " was not checked: CloudFormation returned no processed template"),
        changeSet.warnings());
  }

  @Test
  void deploy_whenNewStack_thenReadyExecutedCompleteSucceededAndReleased() {
    DeploymentInput in = queued("d-1", QUEUE);
    assertTrue(ledger.acquireLock(in, null).acquired());
    stackChanges.validate(in);

    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    assertEquals(ChangeSet.Status.READY, changeSet.status());
    assertEquals(ChangeSet.Type.CREATE, changeSet.type());
    assertEquals(new ChangeSummary(1, 0, 0), changeSet.summary());
    assertEquals(StackDeployer.changeSetName("d-1"), changeSet.changeSetName());
    assertNotNull(changeSet.changeSetId());

    ExecutionStep execution = stackChanges.execute(in, changeSet);
    assertEquals(clock.instant(), execution.executedAt());
    assertEquals(clock.instant().plusSeconds(3600), execution.deadline());

    StackProgress progress = stackChanges.checkStack(in, execution);
    assertEquals("CREATE_COMPLETE", progress.status());
    assertFalse(progress.inProgress());

    DeploymentRecord record = ledger.recordResult(in, changeSet);
    assertEquals(DeploymentStatus.SUCCEEDED, record.status());
    assertEquals(new ChangeSummary(1, 0, 0), record.changeSummary());
    assertTrue(ledger.releaseLock(in));
    assertTrue(locks.read(in.stack()).isEmpty());
    ledger.notifyOutcome(in);
    assertEquals(
        List.of(DeploymentEvent.Kind.STARTED, DeploymentEvent.Kind.SUCCEEDED), notifier.kinds());
  }

  @Test
  void deploy_whenTemplateIdenticalToStack_thenNoChangesRecorded() {
    deployFully(queued("d-1", QUEUE));
    DeploymentInput again = queued("d-2", QUEUE);
    ledger.acquireLock(again, null);

    ChangeSetStep changeSet = stackChanges.createChangeSet(again);

    assertTrue(changeSet.noChanges(), changeSet.toString());
    DeploymentRecord record = ledger.recordResult(again, changeSet);
    assertEquals(DeploymentStatus.NO_CHANGES, record.status());
    ledger.notifyOutcome(again);
    assertEquals(DeploymentEvent.Kind.NO_CHANGES, notifier.kinds().getLast());
  }

  @Test
  void checkStack_whenStackRolledBack_thenStackFailedNamingStatus() {
    // Stands in for CloudFormation rolling the stack back after a resource failed
    // (ROLLBACK_COMPLETE); moto completes every creation it accepts and never rolls back.
    DeploymentInput in = queued("d-1", QUEUE);
    ledger.acquireLock(in, null);
    ExecutionStep execution = stackChanges.execute(in, stackChanges.createChangeSet(in));
    faults.rewriteStackStatus(1, "ROLLBACK_COMPLETE");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> stackChanges.checkStack(in, execution));

    assertTrue(faults.exhausted(), "the rewritten status was read");
    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertTrue(
        e.getMessage().startsWith("stack '" + stack + "' ended ROLLBACK_COMPLETE"),
        e.getMessage());
  }

  @Test
  void checkStack_whenUpdateRolledBack_thenFailedResourceFirstAndRecordedAsDetails() {
    // Stands in for CloudFormation failing one resource of an update and rolling the stack back
    // (UPDATE_ROLLBACK_COMPLETE): AWS's DescribeStackEvents then lists, newest first, the stack's
    // rollback, the other resources cancelled, and the resource that failed first. moto emits only
    // stack-level events and never rolls back, so those events are added to its answer.
    deployFully(queued("d-1", QUEUE));
    DeploymentInput in = queued("d-2", QUEUE.replace("345600", "1209600"));
    ledger.acquireLock(in, null);
    clock.set(clock.instant().plusSeconds(60));
    ExecutionStep execution = stackChanges.execute(in, stackChanges.createChangeSet(in));
    Instant t = execution.executedAt();
    faults.rewriteStackStatus(1, "UPDATE_ROLLBACK_COMPLETE");
    faults.rewriteNext(
        "DescribeStackEvents",
        1,
        body ->
            body.replaceFirst(
                    "<StackEvents>",
                    "<StackEvents>"
                        + event(t.plusSeconds(30), stack, "AWS::CloudFormation::Stack",
                            "UPDATE_ROLLBACK_IN_PROGRESS",
                            "The following resource(s) failed to update: [Queue].")
                        + event(t.plusSeconds(21), "Topic", "AWS::SNS::Topic", "UPDATE_FAILED",
                            "Resource update cancelled")
                        + event(t.plusSeconds(20), "Queue", "AWS::SQS::Queue", "UPDATE_FAILED",
                            "Resource handler returned message: \"Invalid value for the parameter"
                                + " MessageRetentionPeriod\" (HandlerErrorCode: InvalidRequest)"))
                .replaceFirst(
                    "</StackEvents>",
                    // An earlier deployment's failure: before this one started, never its cause.
                    event(t.minusSeconds(3600), "OldTable", "AWS::DynamoDB::Table",
                            "CREATE_FAILED", "an older failure")
                        + "</StackEvents>"));

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> stackChanges.checkStack(in, execution));

    assertTrue(faults.exhausted(), "the rewritten status and events were read");
    assertEquals(ErrorCode.STACK_FAILED, e.code());
    String cause =
        "Queue (AWS::SQS::Queue) UPDATE_FAILED: Resource handler returned message: \"Invalid value"
            + " for the parameter MessageRetentionPeriod\" (HandlerErrorCode: InvalidRequest)";
    assertTrue(e.getMessage().startsWith(cause + "\nstack '" + stack + "' ended"), e.getMessage());
    assertFalse(e.getMessage().contains("OldTable"), e.getMessage());
    FailedResource details = FailedResource.parse(e.getMessage()).orElseThrow();
    assertEquals(
        new FailedResource(
            "Queue",
            "AWS::SQS::Queue",
            "UPDATE_FAILED",
            "Resource handler returned message: \"Invalid value for the parameter"
                + " MessageRetentionPeriod\" (HandlerErrorCode: InvalidRequest)"),
        details);

    ledger.recordFailure(in, new DeploymentError(e.code().name(), e.getMessage(), details));
    DeploymentRecord stored = history.get("d-2").orElseThrow();
    assertEquals(DeploymentStatus.FAILED, stored.status());
    assertEquals(details, stored.error().details());
  }

  /** One member of DescribeStackEvents' XML answer, as AWS writes it. */
  private String event(
      Instant at, String logicalId, String type, String status, String reason) {
    String escaped = reason.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    return "<member><StackId>arn:aws:cloudformation:" + region + ":" + ACCOUNT + ":stack/" + stack
        + "/x</StackId><EventId>" + UUID.randomUUID() + "</EventId><StackName>" + stack
        + "</StackName><LogicalResourceId>" + logicalId + "</LogicalResourceId>"
        + "<PhysicalResourceId>" + logicalId + "</PhysicalResourceId><ResourceType>" + type
        + "</ResourceType><Timestamp>" + at + "</Timestamp><ResourceStatus>" + status
        + "</ResourceStatus><ResourceStatusReason>" + escaped
        + "</ResourceStatusReason></member>";
  }

  @Test
  void checkStack_whenStillInProgress_thenInProgressUntilDeadlineThenStackFailed() {
    // Stands in for CloudFormation still creating the stack; moto finishes synchronously.
    DeploymentInput in = queued("d-1", QUEUE);
    ledger.acquireLock(in, null);
    ExecutionStep execution = stackChanges.execute(in, stackChanges.createChangeSet(in));
    faults.rewriteStackStatus(2, "CREATE_IN_PROGRESS");

    StackProgress progress = stackChanges.checkStack(in, execution);
    clock.set(execution.deadline());
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> stackChanges.checkStack(in, execution));

    assertTrue(progress.inProgress());
    assertEquals("CREATE_IN_PROGRESS", progress.status());
    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertEquals(
        "stack '" + stack + "' still CREATE_IN_PROGRESS after 3600 s", e.getMessage());
  }

  @Test
  void releaseLock_whenHeldByAnother_thenFalseAndLockKept() {
    ledger.acquireLock(queued("d-holder", QUEUE), null);

    assertFalse(ledger.releaseLock(queued("d-other", QUEUE)));
    assertEquals("d-holder", locks.read(StackRef.of(ACCOUNT, region, stack)).get().deploymentId());
  }

  // --- helpers ----------------------------------------------------------------------------

  /** A QUEUED deployment of {@code template} to this test's stack, as DeploymentIntake makes it. */
  private DeploymentInput queued(String id, String template) {
    TemplateStore.StoredTemplate stored =
        templates.put(template.getBytes(StandardCharsets.UTF_8));
    DeploymentRecord record =
        DeploymentRecord.requested(
            id,
            StackRef.of(ACCOUNT, region, stack),
            DeploymentSource.API,
            "tester",
            stored.sha256(),
            stored.location(),
            // Only a template that declares it gets a value: CloudFormation (and Validate)
            // refuse a value for a parameter the template does not have.
            template.contains("\"Retention\"") ? Map.of("Retention", "86400") : Map.of(),
            Map.of("team", "platform"),
            clock.instant());
    history.append(record);
    return DeploymentInput.fromRecord(record, null, DeploymentOptions.defaults());
  }

  private StackDeployer withRules(TemplateRules rules) {
    return new StackDeployer(
        new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
        templates,
        Optional.empty(),
        ResourceSchemas.bundled(),
        rules,
        RequiredTags.none(),
        AwsReferenceCheck.create(clients),
        clock);
  }

  @Test
  void validate_whenRuleFindingBlocks_thenRejectedCheckAndRecordRejectionStoresFindings() {
    DeploymentInput in = queued("d-rejected", QUEUE);
    ledger.acquireLock(in, null);
    TemplateRules flagQueue =
        (t, p) ->
            List.of(
                new Finding(
                    "FB-SQS-001",
                    Severity.HIGH,
                    "Queue",
                    "Resources.Queue",
                    "queue is not encrypted",
                    t.positionOf("Resources.Queue"),
                    null));

    TemplateCheck check = withRules(flagQueue).validate(in);
    DeploymentRecord record = ledger.recordRejection(in, check);
    ledger.releaseLock(in);
    ledger.notifyOutcome(in);

    assertTrue(check.rejected());
    assertEquals(DeploymentStatus.REJECTED, record.status());
    assertEquals("REJECTED", record.error().code());
    assertTrue(record.error().message().contains("FB-SQS-001 HIGH"), record.error()::message);
    DeploymentRecord stored = history.get("d-rejected").orElseThrow();
    assertEquals(check.validation(), stored.validation());
    assertEquals(2, stored.validation().findings().get(0).line());
    assertEquals(DeploymentEvent.Kind.REJECTED, notifier.events.getLast().kind());
    // History is final: a late failure step cannot rewrite a rejection.
    assertEquals(
        DeploymentStatus.REJECTED,
        ledger.recordFailure(in, new DeploymentError("INTERNAL", "late"), check).status());
  }

  /** A queue whose name and a tag come from SSM and Secrets Manager; the AMI from an SSM type. */
  private static final String REFERENCING =
      """
      Parameters:
        Ami:
          Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
          Default: /vflow/ami
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: "{{resolve:ssm:/vflow/queue-name}}"
            Tags:
              - Key: secret-version
                Value: "{{resolve:secretsmanager:vflow-db:SecretString:password}}"
              - Key: image
                Value: !Ref Ami
      """;

  @Test
  void validate_whenReferencedParameterAndSecretMissing_thenTemplateInvalidNamingEachWithLine() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String template = REFERENCING.replace("vflow", "vflow" + suffix);
    StackDeployer deployer = withRules((t, p) -> List.of());

    TemplateInvalidException e =
        assertThrows(
            TemplateInvalidException.class, () -> deployer.validate(queued("d-pre-1", template)));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    String message = e.getMessage();
    assertTrue(message.contains("no SSM parameter '/vflow" + suffix + "/queue-name'"), message);
    assertTrue(message.contains("(line 9, column 19)"), message);
    assertTrue(message.contains("no secret 'vflow" + suffix + "-db'"), message);
    assertTrue(message.contains("(line 12, column 19)"), message);
    assertTrue(message.contains("no SSM parameter '/vflow" + suffix + "/ami'"), message);

    // Once they exist (a SecureString too: checked without decryption), the template passes.
    clients.ssm().putParameter(r -> r.name("/vflow" + suffix + "/queue-name").value("q").type("String"));
    clients.ssm().putParameter(r -> r.name("/vflow" + suffix + "/ami").value("ami-12345678").type("SecureString"));
    clients.secretsManager().createSecret(r -> r.name("vflow" + suffix + "-db").secretString("{\"password\":\"p\"}"));
    TemplateCheck check = deployer.validate(queued("d-pre-2", template));
    assertFalse(check.rejected());
  }

  @Test
  void validate_whenNoReferenceCheck_thenEachReferenceIsAWarningNotARefusal() {
    TemplateCheck check = stackChanges.validate(queued("d-pre-0", REFERENCING));

    assertEquals(3, check.warnings().size(), check.warnings()::toString);
    assertTrue(
        check.warnings().get(0).startsWith("{{resolve:ssm:/vflow/queue-name}} (line 9, column 19)"),
        check.warnings()::toString);
    assertTrue(check.warnings().get(0).contains("not checked"), check.warnings()::toString);
  }

  @Test
  void validate_whenSsmRefusesTheLookup_thenInternalNamingTheReferenceAndAwsReason() {
    // Stands in for AWS refusing the control plane's role ssm:GetParameter on the parameter.
    faults.failNext("GetParameter", 1, 400, "AccessDeniedException", "not authorized to GetParameter");
    StackDeployer deployer = withRules((t, p) -> List.of());

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> deployer.validate(queued("d-pre-3", REFERENCING)));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("{{resolve:ssm:/vflow/queue-name}}"), e::getMessage);
    assertTrue(e.getMessage().contains("not authorized to GetParameter"), e::getMessage);
    assertEquals(1, faults.attempts("GetParameter"), "a refusal is not retried");
  }

  @Test
  void validate_whenSecretsManagerIsDown_thenAwsUnavailableForTheStateMachineToRetry() {
    // Stands in for a Secrets Manager outage that outlasts the SDK's own retries.
    faults.internalFailureNext("DescribeSecret", 3);
    String template =
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
            + "      QueueName: '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:"
            + "123456789012:secret:db-AbCdEf:SecretString:name}}'\n";

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> withRules((t, p) -> List.of()).validate(queued("d-pre-4", template)));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("line 5"), e::getMessage);
  }

  @Test
  void validate_whenFindingBelowBlockAt_thenNotRejectedAndRecordResultKeepsTheWarnings() {
    DeploymentInput in = queued("d-warned", QUEUE);
    TemplateRules low =
        (t, p) ->
            List.of(new Finding("FB-LOG-001", Severity.LOW, "Queue", "Resources.Queue", "m", null, null));

    TemplateCheck check = withRules(low).validate(in);

    assertFalse(check.rejected());
    assertEquals(1, check.validation().counts().get(Severity.LOW));
  }

  /** GetTemplate's answer with {@code template} as its TemplateBody, as AWS would send it. */
  private static String templateAnswer(String answer, String template) {
    String escaped = template.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return answer.replaceFirst(
        "(?s)<TemplateBody>.*</TemplateBody>",
        Matcher.quoteReplacement("<TemplateBody>" + escaped + "</TemplateBody>"));
  }

  private boolean changeSetExists(String changeSetId) {
    try {
      clients.cloudFormation().describeChangeSet(r -> r.changeSetName(changeSetId));
      return true;
    } catch (ChangeSetNotFoundException e) {
      return false;
    }
  }

  private void deployFully(DeploymentInput in) {
    ledger.acquireLock(in, null);
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    ExecutionStep execution = stackChanges.execute(in, changeSet);
    assertFalse(stackChanges.checkStack(in, execution).inProgress());
    ledger.recordResult(in, changeSet);
    ledger.releaseLock(in);
  }

  private static final class RecordingNotifier implements Notifier {
    final List<DeploymentEvent> events = new ArrayList<>();

    @Override
    public synchronized void notify(DeploymentEvent event) {
      events.add(event);
    }

    List<DeploymentEvent.Kind> kinds() {
      return events.stream().map(DeploymentEvent::kind).toList();
    }
  }

  /** A clock 1 ms later at each reading. */
  private static final class TickingClock extends Clock {
    private final java.util.concurrent.atomic.AtomicLong millis;

    TickingClock(Instant start) {
      millis = new java.util.concurrent.atomic.AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.incrementAndGet());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A clock the test moves: lock deadlines and stack timeouts without waiting. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
