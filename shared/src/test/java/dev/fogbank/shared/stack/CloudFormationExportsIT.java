package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.UpdateTerminationProtectionRequest;

/**
 * The port's exports, importers, stack policy and termination protection, through the real SDK to
 * the emulator. moto 5.2 has no ListImports and no UpdateTerminationProtection (it answers HTTP
 * 500): their AWS answers are given at the SDK layer, each test naming the behaviour.
 */
@ExtendWith(AwsEndpointExtension.class)
class CloudFormationExportsIT {

  private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

  private final FaultInjector faults = new FaultInjector();
  private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();
  private AwsClientFactory clients;
  private CloudFormationClient cloudFormation;
  private CloudFormationStackGateway gateway;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            sent.add(context.request());
          }
        };
    clients = aws.clients(faults, recorder);
    cloudFormation = clients.cloudFormation();
    gateway = new CloudFormationStackGateway(cloudFormation, Duration.ofSeconds(60));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void exports_whenStackExportsOutputs_thenListedWithExportingStack() {
    String stack = uniqueStackName("exports");
    String exportName = stack + "-QueueUrl";
    String stackId =
        cloudFormation
            .createStack(
                r ->
                    r.stackName(stack)
                        .templateBody(
                            """
                            {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
                             "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"},
                               "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-QueueUrl"}}}}}
                            """))
            .stackId();

    StackExport export =
        gateway.exports().stream()
            .filter(e -> e.name().equals(exportName))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no export " + exportName));

    assertEquals(stackId, export.exportingStackId());
    assertTrue(export.value().contains("sqs"), export.value());
  }

  @Test
  void importers_whenAwsAnswersTwoPages_thenEveryImportingStack() {
    // Stands in for AWS's ListImports (moto has none): two pages joined by NextToken.
    faults
        .answerNext("ListImports", 1, imports(List.of("web", "batch"), "page-2"))
        .answerNext("ListImports", 1, imports(List.of("reports"), null));

    List<String> importers = gateway.importers("orders-VpcId");

    assertEquals(List.of("web", "batch", "reports"), importers);
    assertEquals(2, faults.attempts("ListImports"));
  }

  @Test
  void importers_whenAwsSaysNotImportedByAnyStack_thenEmpty() {
    // AWS answers an export nothing imports with a ValidationError, not an empty list.
    faults.failNext(
        "ListImports",
        1,
        400,
        "ValidationError",
        "Export 'orders-VpcId' is not imported by any stack.");

    assertEquals(List.of(), gateway.importers("orders-VpcId"));
  }

  @Test
  void importers_whenEndpointHasNoListImports_thenImportsUnsupported() {
    // Nothing injected: moto 5.2 itself answers ListImports with HTTP 500 and no AWS error.
    ImportsUnsupportedException e =
        assertThrows(ImportsUnsupportedException.class, () -> gateway.importers("orders-VpcId"));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("no ListImports"), e.getMessage());
  }

  @Test
  void importers_whenAwsAnswersInternalFailure_thenAnOutageRetriedNotUnsupported() {
    // CloudFormation's own 5xx carries an error document (InternalFailure): an outage.
    faults.failNext(
        "ListImports", FaultInjector.ALWAYS, 500, "InternalFailure", "An internal error occurred");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> gateway.importers("orders-VpcId"));

    assertFalse(e instanceof ImportsUnsupportedException, e.getMessage());
    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(faults.attempts("ListImports") > 1, "the SDK retried it");
  }

  @Test
  void stackNames_whenStacksCreatedAndOneDeleted_thenTheLiveOnesOnly() {
    String live = "live-" + UUID.randomUUID().toString().substring(0, 8);
    String gone = "gone-" + UUID.randomUUID().toString().substring(0, 8);
    String template = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n";
    cloudFormation.createStack(r -> r.stackName(live).templateBody(template));
    cloudFormation.createStack(r -> r.stackName(gone).templateBody(template));
    cloudFormation.deleteStack(r -> r.stackName(gone));

    List<String> names = gateway.stackNames();

    assertTrue(names.contains(live), names::toString);
    assertFalse(names.contains(gone), names::toString);
  }

  @Test
  void importers_whenAwsRefuses_thenStackFailedWithAwsReasonOnce() {
    // AWS refusing the call: the role lacks cloudformation:ListImports.
    faults.failNext(
        "ListImports",
        1,
        403,
        "AccessDenied",
        "User is not authorized to perform: cloudformation:ListImports");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> gateway.importers("orders-VpcId"));

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertTrue(e.getMessage().contains("orders-VpcId"), e.getMessage());
    assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
    assertEquals(1, faults.attempts("ListImports"));
  }

  @Test
  void setStackPolicy_whenStackExists_thenCloudFormationKeepsThePolicy() {
    String stack = uniqueStackName("policy");
    cloudFormation.createStack(
        r ->
            r.stackName(stack)
                .templateBody("{\"Resources\": {\"Queue\": {\"Type\": \"AWS::SQS::Queue\"}}}"));
    String policy =
        "{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"Update:*\",\"Principal\":\"*\","
            + "\"Resource\":\"*\"}]}";

    gateway.setStackPolicy(stack, policy);

    assertEquals(policy, cloudFormation.getStackPolicy(r -> r.stackName(stack)).stackPolicyBody());
  }

  @Test
  void setStackPolicy_whenStackMissing_thenStackFailedWithAwsReason() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> gateway.setStackPolicy(uniqueStackName("missing"), "{\"Statement\":[]}"));

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void setTerminationProtection_whenAwsAccepts_thenRequestTurnsItOnForTheStack() {
    // moto has no UpdateTerminationProtection; AWS answers it with the stack id.
    String stackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/web/1";
    faults.answerNext(
        "UpdateTerminationProtection",
        1,
        "<UpdateTerminationProtectionResponse xmlns=\""
            + NS
            + "\"><UpdateTerminationProtectionResult><StackId>"
            + stackId
            + "</StackId></UpdateTerminationProtectionResult><ResponseMetadata><RequestId>r"
            + "</RequestId></ResponseMetadata></UpdateTerminationProtectionResponse>");

    gateway.setTerminationProtection("web", true);

    UpdateTerminationProtectionRequest request =
        sent.stream()
            .filter(UpdateTerminationProtectionRequest.class::isInstance)
            .map(UpdateTerminationProtectionRequest.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("web", request.stackName());
    assertEquals(true, request.enableTerminationProtection());
    assertTrue(faults.exhausted());
  }

  private static String imports(List<String> stacks, String nextToken) {
    StringBuilder body =
        new StringBuilder("<ListImportsResponse xmlns=\"" + NS + "\"><ListImportsResult><Imports>");
    stacks.forEach(s -> body.append("<member>").append(s).append("</member>"));
    body.append("</Imports>");
    if (nextToken != null) {
      body.append("<NextToken>").append(nextToken).append("</NextToken>");
    }
    return body.append(
            "</ListImportsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                + "</ListImportsResponse>")
        .toString();
  }

  private static String uniqueStackName(String purpose) {
    return "it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
