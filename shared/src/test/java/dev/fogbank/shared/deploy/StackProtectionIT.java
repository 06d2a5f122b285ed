package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackRef;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The ExecuteChangeSet step protects the stack before it runs: the stack policy through
 * SetStackPolicy (moto keeps it: GetStackPolicy reads it back) and, for a production stack,
 * termination protection through UpdateTerminationProtection (moto has no such action; AWS's
 * answer is injected at the SDK layer).
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class StackProtectionIT {
  private static final String ACCOUNT = "123456789012";
  private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  private static final String QUEUE =
      """
      Resources:
        Queue:
          Type: AWS::SQS::Queue
      """;

  private static final String TWO_QUEUES =
      """
      Resources:
        Queue:
          Type: AWS::SQS::Queue
        Other:
          Type: AWS::SQS::Queue
      """;

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private String region;
  private TemplateStore templates;
  private StackDeployer stackChanges;
  private String stack;
  private DynamoDbDeploymentHistory history;
  private DeploymentLedger ledger;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ledger =
        new DeploymentLedger(
            new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC()),
            history,
            event -> {},
            Clock.systemUTC());
    clients = aws.clients(faults);
    region = aws.region();
    String bucket = "protect-templates-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    templates = new S3TemplateStore(clients.s3(), bucket);
    stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
            templates,
            Optional.empty(),
            ResourceSchemas.bundled(),
            Clock.systemUTC());
    stack = "protect-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void execute_whenNewStackWithProtectStateful_thenPolicySetBeforeTheCreateAndRecorded() {
    DeploymentInput in = queued("d-new", QUEUE, ReviewPolicy.parse(null, "protect-stateful"));
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);

    ExecutionStep execution = stackChanges.execute(in, changeSet);

    String expected = StackPolicies.of("protect-stateful").json();
    assertEquals(expected, policyOf(stack));
    assertEquals("protect-stateful", execution.protection().stackPolicy());
    assertEquals(
        StackPolicies.of("protect-stateful").sha256(), execution.protection().stackPolicySha256());
    assertEquals(64, execution.protection().stackPolicySha256().length());
    assertFalse(execution.protection().terminationProtection());
    assertEquals(0, faults.attempts("UpdateTerminationProtection"));
  }

  @Test
  void execute_whenUpdateWithCustomPolicy_thenItReplacesTheEarlierOne() {
    deploy(queued("d-v1", QUEUE, ReviewPolicy.parse(null, "protect-all")));
    String custom =
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:Modify\",\"Principal\":\"*\","
            + "\"Resource\":\"*\"}]}";
    DeploymentInput in = queued("d-v2", TWO_QUEUES, ReviewPolicy.parse(null, custom));

    ExecutionStep execution = stackChanges.execute(in, stackChanges.createChangeSet(in));

    assertEquals(custom, policyOf(stack));
    assertEquals("custom", execution.protection().stackPolicy());
  }

  @Test
  void execute_whenPolicyNotGiven_thenNoSetStackPolicyCallAndAnEarlierPolicyStays() {
    deploy(queued("d-v1", QUEUE, ReviewPolicy.parse(null, "protect-all")));
    ExecutionStep absent = deploy(queued("d-absent", TWO_QUEUES, ReviewPolicy.defaults()));

    assertEquals(1, faults.attempts("SetStackPolicy"), "only the first deployment set one");
    assertNull(absent.protection().stackPolicy());
    assertNull(absent.protection().stackPolicySha256());
    assertEquals(StackPolicies.of("protect-all").json(), policyOf(stack));
  }

  @Test
  void execute_whenNoneAfterProtectAll_thenAllowAllPolicyReplacesItAndIsRecorded() {
    deploy(queued("d-v1", QUEUE, ReviewPolicy.parse(null, "protect-all")));
    assertEquals(StackPolicies.of("protect-all").json(), policyOf(stack));

    ExecutionStep none = deploy(queued("d-none", TWO_QUEUES, ReviewPolicy.parse(null, "none")));

    // CloudFormation cannot delete a stack policy: an allow-all one is what removes protection.
    String allowAll = policyOf(stack);
    assertEquals(StackPolicies.of("none").json(), allowAll);
    assertTrue(
        allowAll.contains("\"Effect\":\"Allow\"") && !allowAll.contains("Deny"), allowAll);
    assertEquals(2, faults.attempts("SetStackPolicy"));
    assertEquals("none", none.protection().stackPolicy());
    assertEquals(StackPolicies.of("none").sha256(), none.protection().stackPolicySha256());
  }

  @Test
  void execute_whenProduction_thenTerminationProtectionTurnedOnForTheStack() {
    // moto has no UpdateTerminationProtection; AWS answers it with the stack id.
    faults.answerNext("UpdateTerminationProtection", 1, terminationProtectionAnswer());
    DeploymentInput in =
        queued("d-prod", QUEUE, ReviewPolicy.parse(null, null).withProduction(true));

    ExecutionStep execution = deploy(in);

    assertEquals(1, faults.attempts("UpdateTerminationProtection"));
    assertTrue(faults.exhausted());
    assertTrue(execution.protection().terminationProtection());
    assertEquals(1, faults.attempts("ExecuteChangeSet"));
  }

  @Test
  void execute_whenSetStackPolicyRefused_thenNothingExecutes() {
    // AWS refuses SetStackPolicy to a caller without cloudformation:SetStackPolicy.
    faults.failNext(
        "SetStackPolicy",
        1,
        403,
        "AccessDenied",
        "User is not authorized to perform: cloudformation:SetStackPolicy");
    DeploymentInput in = queued("d-denied", QUEUE, ReviewPolicy.parse(null, "protect-all"));
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> stackChanges.execute(in, changeSet));

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
    assertEquals(0, faults.attempts("ExecuteChangeSet"));
  }

  @Test
  void recordResult_whenExecutedWithProtection_thenTheRecordKeepsPolicyNameAndSha() {
    DeploymentInput in =
        queued("d-rec", QUEUE, ReviewPolicy.parse(null, "protect-stateful").withProduction(true));
    history.append(
        DeploymentRecord.requested(
            in.deploymentId(),
            StackRef.of(ACCOUNT, region, stack),
            DeploymentSource.API,
            "tester",
            "0".repeat(64),
            in.templateLocation(),
            Map.of(),
            Map.of(),
            Instant.now()));
    faults.answerNext("UpdateTerminationProtection", 1, terminationProtectionAnswer());
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    ExecutionStep execution = stackChanges.execute(in, changeSet);

    DeploymentRecord record =
        ledger.recordResult(in, changeSet, null, null, execution.protection());

    assertEquals(record, history.get(in.deploymentId()).orElseThrow());
    assertEquals("protect-stateful", record.stackProtection().stackPolicy());
    assertEquals(
        StackPolicies.of("protect-stateful").sha256(), record.stackProtection().stackPolicySha256());
    assertTrue(record.stackProtection().terminationProtection());
  }

  private String terminationProtectionAnswer() {
    return "<UpdateTerminationProtectionResponse xmlns=\""
        + NS
        + "\"><UpdateTerminationProtectionResult><StackId>arn:aws:cloudformation:"
        + region
        + ":"
        + ACCOUNT
        + ":stack/"
        + stack
        + "/1</StackId></UpdateTerminationProtectionResult><ResponseMetadata><RequestId>r"
        + "</RequestId></ResponseMetadata></UpdateTerminationProtectionResponse>";
  }

  private String policyOf(String stackName) {
    return clients.cloudFormation().getStackPolicy(r -> r.stackName(stackName)).stackPolicyBody();
  }

  private ExecutionStep deploy(DeploymentInput in) {
    return stackChanges.execute(in, stackChanges.createChangeSet(in));
  }

  private DeploymentInput queued(String id, String template, ReviewPolicy policy) {
    TemplateStore.StoredTemplate stored =
        templates.put(template.getBytes(StandardCharsets.UTF_8));
    DeploymentRecord record =
        DeploymentRecord.requested(
            id + "-" + stack,
            StackRef.of(ACCOUNT, region, stack),
            DeploymentSource.API,
            "tester",
            stored.sha256(),
            stored.location(),
            Map.of(),
            Map.of(),
            Instant.now());
    return DeploymentInput.fromRecord(record, null, DeploymentOptions.defaults(), null, policy);
  }
}
