package dev.fogbank.shared.review;

import static dev.fogbank.shared.review.ChangeReviewTest.changeSet;
import static dev.fogbank.shared.review.ChangeReviewTest.modify;
import static dev.fogbank.shared.review.ChangeReviewTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportImpactTest {

  private static final String NETWORK =
      """
      Resources:
        Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
        Queue: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 30}}
      Outputs:
        VpcId:
          Value: !Ref Vpc
          Export: {Name: !Sub '${AWS::StackName}-VpcId'}
        QueueUrl:
          Value: !Ref Queue
          Export: {Name: orders-queue-url}
        QueueArn:
          Value: !GetAtt Queue.Arn
          Export: {Name: orders-queue-arn}
      """;

  private final List<String> asked = new ArrayList<>();
  private final Map<String, List<String>> imports =
      Map.of("orders-VpcId", List.of("web", "batch"), "orders-queue-url", List.of("worker"));
  private final ChangeReview review =
      ChangeReview.of(
          ResourceSchemas.bundled(),
          name -> {
            asked.add(name);
            return imports.getOrDefault(name, List.of());
          });

  @Test
  void review_whenImportedExportRemoved_thenBlockedNamingTheImporters() {
    String next =
        NETWORK.substring(0, NETWORK.indexOf("Outputs:"))
            + "Outputs:\n  QueueArn:\n    Value: !GetAtt Queue.Arn\n"
            + "    Export: {Name: orders-queue-arn}\n";

    Review result = review.review(request(changeSet(), NETWORK, next));

    assertTrue(result.blocked());
    ExportImpact vpc = impact(result, "orders-VpcId");
    assertEquals(ExportImpact.Kind.REMOVED, vpc.kind());
    assertEquals(List.of("web", "batch"), vpc.importers());
    assertTrue(vpc.blocks());
    assertTrue(
        result.blockReasons().stream().anyMatch(r -> r.contains("web, batch")),
        result.blockReasons().toString());
    assertEquals(List.of("worker"), impact(result, "orders-queue-url").importers());
    assertEquals(
        List.of("orders-VpcId", "orders-queue-url"),
        result.exports().stream().map(ExportImpact::exportName).toList(),
        "the export kept as it was is not an impact");
  }

  @Test
  void review_whenExportRenamed_thenOldNameGoesAndIsBlockedWhileImported() {
    String next = NETWORK.replace("Name: orders-queue-url", "Name: orders-jobs-url");

    Review result = review.review(request(changeSet(), NETWORK, next));

    ExportImpact url = impact(result, "orders-queue-url");
    assertEquals(ExportImpact.Kind.RENAMED, url.kind());
    assertTrue(url.reason().contains("orders-jobs-url"), url.reason());
    assertTrue(result.blocked());
  }

  @Test
  void review_whenExportedResourceReplaced_thenValueChangesAndBlocked() {
    String next = NETWORK.replace("CidrBlock: 10.0.0.0/16", "CidrBlock: 10.1.0.0/16");

    Review result =
        review.review(request(changeSet(modify("Vpc", "AWS::EC2::VPC")), NETWORK, next));

    ExportImpact vpc = impact(result, "orders-VpcId");
    assertEquals(ExportImpact.Kind.VALUE_CHANGES, vpc.kind());
    assertTrue(vpc.reason().contains("Vpc, which is replaced"), vpc.reason());
    assertTrue(vpc.blocks());
  }

  @Test
  void review_whenExportedResourceModifiedInPlace_thenValueMayChangeNotBlocked() {
    String next = NETWORK.replace("VisibilityTimeout: 30", "VisibilityTimeout: 60");

    Review result =
        review.review(request(changeSet(modify("Queue", "AWS::SQS::Queue")), NETWORK, next));

    assertEquals(
        List.of("orders-queue-url", "orders-queue-arn"),
        result.exports().stream().map(ExportImpact::exportName).toList());
    ExportImpact url = impact(result, "orders-queue-url");
    assertEquals(ExportImpact.Kind.VALUE_MAY_CHANGE, url.kind());
    assertEquals(List.of("worker"), url.importers());
    assertFalse(result.blocked(), result.blockReasons().toString());
    assertFalse(asked.contains("orders-VpcId"), "only affected exports are looked up");
  }

  @Test
  void review_whenNothingTouchesExports_thenNoImpactAndNoLookup() {
    Review result = review.review(request(changeSet(), NETWORK, NETWORK));

    assertEquals(List.of(), result.exports());
    assertEquals(List.of(), asked);
  }

  @Test
  void review_whenExportedValueComesFromChangedParameter_thenValueChanges() {
    String template =
        """
        Parameters: {Domain: {Type: String}}
        Resources:
          Queue: {Type: AWS::SQS::Queue}
        Outputs:
          Url:
            Value: !Sub 'https://${Domain}/orders'
            Export: {Name: orders-queue-url}
        """;

    Review result =
        review.review(
            new ReviewRequest(
                changeSet(),
                template,
                template,
                Map.of("Domain", "a.example.com"),
                Map.of("Domain", "b.example.com"),
                null));

    ExportImpact url = impact(result, "orders-queue-url");
    assertEquals(ExportImpact.Kind.VALUE_CHANGES, url.kind());
    assertTrue(url.blocks(), "worker imports it");
  }

  private static ExportImpact impact(Review review, String exportName) {
    return review.exports().stream()
        .filter(e -> exportName.equals(e.exportName()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no impact on " + exportName + ": " + review.exports()));
  }
}
