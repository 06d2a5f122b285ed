package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.review.ExportImpact;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The review's downstream check on the emulator, which has no ListImports (moto answers HTTP 500
 * without an AWS error): the importers come from the Fn::ImportValue in the templates of the
 * stacks the endpoint lists, the review says so, and removing an export still imported is blocked
 * before CloudFormation runs anything.
 */
@ExtendWith(AwsEndpointExtension.class)
class ExportReviewIT {
  private static final String ACCOUNT = "123456789012";

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private String region;
  private TemplateStore templates;
  private StackDeployer stackChanges;
  private String suffix;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    region = aws.region();
    String bucket = "exports-templates-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    templates = new S3TemplateStore(clients.s3(), bucket);
    stackChanges =
        new StackDeployer(
            new CloudFormationStackGateway(clients.cloudFormation(), Duration.ofSeconds(30)),
            templates,
            Optional.empty(),
            ResourceSchemas.bundled(),
            Clock.systemUTC());
    suffix = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void review_whenExportRemovedThatAnotherStackImports_thenBlockedNamingItWithTheFallbackNote() {
    String exporter = "net-" + suffix;
    String exportName = "net-" + suffix + "-TopicArn";
    create(exporter, exporting(exportName));
    create("app-" + suffix, importing(exportName));
    create("other-" + suffix, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");

    ReviewReport report = review(exporter, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");

    assertTrue(report.blocked(), report::toString);
    ExportImpact impact = report.exports().getFirst();
    assertEquals(exportName, impact.exportName());
    assertEquals(List.of("app-" + suffix), impact.importers());
    String notes = String.join("\n", report.notes());
    assertTrue(notes.contains(exportName + ": imported by app-" + suffix), notes);
    assertTrue(notes.contains("has no ListImports"), notes);
    assertTrue(faults.attempts("ListImports") >= 1, "ListImports was asked first");
  }

  @Test
  void review_whenExportRemovedThatNothingImports_thenNotBlockedAndSaysWhereThatCameFrom() {
    String exporter = "lone-" + suffix;
    String exportName = "lone-" + suffix + "-TopicArn";
    create(exporter, exporting(exportName));

    ReviewReport report = review(exporter, "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");

    assertFalse(report.blocked(), report::toString);
    assertEquals(List.of(), report.exports().getFirst().importers());
    String notes = String.join("\n", report.notes());
    assertTrue(notes.contains(exportName + ": none imports it"), notes);
  }

  private static String exporting(String exportName) {
    return "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"
        + "Outputs:\n  TopicArn:\n    Value: !Ref Topic\n    Export:\n      Name: " + exportName
        + "\n";
  }

  /** Imports through Fn::Sub of its own parameter default: resolved as CloudFormation would. */
  private static String importing(String exportName) {
    String prefix = exportName.substring(0, exportName.indexOf("-TopicArn"));
    return "Parameters:\n  Network:\n    Type: String\n    Default: " + prefix + "\n"
        + "Resources:\n  Alerts:\n    Type: AWS::SNS::Topic\n    Properties:\n"
        + "      DisplayName:\n        Fn::ImportValue: !Sub '${Network}-TopicArn'\n";
  }

  private void create(String stack, String template) {
    clients.cloudFormation().createStack(r -> r.stackName(stack).templateBody(template));
  }

  private ReviewReport review(String stack, String template) {
    TemplateStore.StoredTemplate stored =
        templates.put(template.getBytes(StandardCharsets.UTF_8));
    DeploymentRecord record =
        DeploymentRecord.requested(
            "d-" + stack,
            StackRef.of(ACCOUNT, region, stack),
            DeploymentSource.API,
            "tester",
            stored.sha256(),
            stored.location(),
            Map.of(),
            Map.of(),
            Instant.now());
    DeploymentInput in =
        DeploymentInput.fromRecord(
            record, null, DeploymentOptions.defaults(), null, ReviewPolicy.defaults());
    ChangeSetStep changeSet = stackChanges.createChangeSet(in);
    return stackChanges.review(in, changeSet);
  }
}
