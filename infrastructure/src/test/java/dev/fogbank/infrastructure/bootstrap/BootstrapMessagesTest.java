package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BootstrapMessagesTest {

  @Test
  void change_whenFromChangeSet_thenActionIdTypeAndReplacement() {
    assertEquals(
        "change: Modify ApiFunction AWS::Lambda::Function replacement=False",
        BootstrapMessages.change(
            new ResourceChange("Modify", "ApiFunction", "AWS::Lambda::Function", "False", null)));
  }

  @Test
  void change_whenFromComparisonWithoutReplacement_thenReasonInParentheses() {
    assertEquals(
        "change: Modify ApiFunction AWS::Lambda::Function (parameter ApiCodeKey changed)",
        BootstrapMessages.change(
            new ResourceChange(
                "Modify",
                "ApiFunction",
                "AWS::Lambda::Function",
                null,
                "parameter ApiCodeKey changed")));
  }

  @Test
  void uploaded_thenKeyNameAndSize() {
    Artifact jar =
        new Artifact(
            "function api",
            "ApiCodeKey",
            "functions/api/ab.jar",
            "ab",
            12_345_678,
            new Artifact.FileSource(Path.of("x.jar")));

    assertEquals(
        "uploaded: functions/api/ab.jar (function api, 12.3 MB)", BootstrapMessages.uploaded(jar));
    assertEquals("512 B", BootstrapMessages.size(512));
    assertEquals("4.1 kB", BootstrapMessages.size(4_096));
  }

  @Test
  void summary_forEachOutcome() {
    assertEquals(
        "bootstrap: fogbank CREATE_COMPLETE",
        summary(BootstrapResult.Outcome.CREATE_COMPLETE, null));
    assertEquals(
        "bootstrap: fogbank UPDATE_COMPLETE",
        summary(BootstrapResult.Outcome.UPDATE_COMPLETE, null));
    assertEquals(
        "bootstrap: fogbank no changes", summary(BootstrapResult.Outcome.NO_CHANGES, null));
    assertEquals(
        "bootstrap: fogbank upgrade submitted to s3://drop/stacks/fogbank/template.yaml as"
            + " deployment d-drop-1",
        summary(
            BootstrapResult.Outcome.SUBMITTED,
            new BootstrapResult.DropSubmission(
                "drop",
                "stacks/fogbank/template.yaml",
                "stacks/fogbank/deployment.yaml",
                true,
                "v1",
                "d-drop-1")));
  }

  @Test
  void manifest_thenParametersQuotedAndSorted() {
    assertEquals(
        "# written by fogbank bootstrap --via-control-plane\n"
            + "parameters:\n"
            + "  ArtifactsBucketName: \"fogbank-artifacts-1-us-east-1\"\n"
            + "  FunctionAliases: \"false\"\n",
        new String(
            SelfUpgrade.manifest(
                Map.of(
                    "FunctionAliases",
                    "false",
                    "ArtifactsBucketName",
                    "fogbank-artifacts-1-us-east-1")),
            java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void outputsFromResources_whenOutputsAreRefs_thenPhysicalIds() {
    var template =
        ControlPlaneTemplate.of(
                """
                Resources:
                  Bucket: {Type: AWS::S3::Bucket}
                  Api: {Type: AWS::ApiGatewayV2::Api}
                Outputs:
                  BucketName: {Value: !Ref Bucket}
                  Url: {Value: !GetAtt Api.ApiEndpoint}
                """)
            .root();

    assertEquals(
        Map.of("BucketName", "my-bucket"),
        EmulatorOutputs.fromResources(
            template,
            List.of(
                new StackResource("Bucket", "AWS::S3::Bucket", "my-bucket", "CREATE_COMPLETE"),
                new StackResource("Api", "AWS::ApiGatewayV2::Api", "", "CREATE_COMPLETE"))));
  }

  private static String summary(
      BootstrapResult.Outcome outcome, BootstrapResult.DropSubmission submission) {
    return new BootstrapResult(
            "fogbank",
            outcome,
            "b",
            false,
            List.of(),
            List.of(),
            Map.of(),
            List.of(),
            Optional.ofNullable(submission))
        .summary();
  }
}
