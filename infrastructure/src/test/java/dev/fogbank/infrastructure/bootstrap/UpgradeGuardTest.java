package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.stack.ResourceChange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpgradeGuardTest {

  private static final String DEPLOYED =
      """
      Resources:
        ControlTable: {Type: AWS::DynamoDB::Table}
        DropBucket: {Type: AWS::S3::Bucket}
        NotificationTopic: {Type: AWS::SNS::Topic}
        LogsBucket: {Type: AWS::S3::Bucket}
        Fn: {Type: AWS::Lambda::Function}
      """;

  private final UpgradeGuard guard =
      new UpgradeGuard(
          Set.of("ControlTable", "DropBucket", "NotificationTopic"), ControlPlaneLayout.DATA_TYPES);

  private static JsonNode parse(String yaml) {
    return ControlPlaneTemplate.of(yaml).root();
  }

  @Test
  void refusals_whenOnlyFunctionsChange_thenNone() {
    List<ResourceChange> changes =
        List.of(new ResourceChange("Modify", "Fn", "AWS::Lambda::Function", "True", null));

    assertEquals(List.of(), guard.refusals(parse(DEPLOYED), parse(DEPLOYED), changes));
  }

  @Test
  void refusals_whenTheTableIsDropped_thenRefusedNamingIt() {
    JsonNode next = parse(DEPLOYED.replace("  ControlTable: {Type: AWS::DynamoDB::Table}\n", ""));

    assertEquals(
        List.of(
            "ControlTable (AWS::DynamoDB::Table) would be deleted: the new template has no"
                + " resource ControlTable"),
        guard.refusals(parse(DEPLOYED), next, List.of()));
  }

  @Test
  void refusals_whenAProtectedResourceChangesType_thenRefused() {
    JsonNode next =
        parse(
            DEPLOYED.replace(
                "NotificationTopic: {Type: AWS::SNS::Topic}",
                "NotificationTopic: {Type: AWS::SQS::Queue}"));

    assertEquals(
        List.of(
            "NotificationTopic (AWS::SNS::Topic) would be replaced: the new template makes it"
                + " AWS::SQS::Queue"),
        guard.refusals(parse(DEPLOYED), next, List.of()));
  }

  @Test
  void refusals_whenTheChangeSetReplacesOrRemovesData_thenRefusedEvenIfNotListedById() {
    List<ResourceChange> changes =
        List.of(
            new ResourceChange("Modify", "DropBucket", "AWS::S3::Bucket", "True", null),
            new ResourceChange(
                "Modify", "ControlTable", "AWS::DynamoDB::Table", "Conditional", null),
            new ResourceChange("Remove", "LogsBucket", "AWS::S3::Bucket", null, null),
            new ResourceChange("Modify", "NotificationTopic", "AWS::SNS::Topic", "False", null));

    assertEquals(
        List.of(
            "DropBucket (AWS::S3::Bucket) would be replaced (change set: Replacement True)",
            "ControlTable (AWS::DynamoDB::Table) would be replaced (change set: Replacement"
                + " Conditional)",
            "LogsBucket (AWS::S3::Bucket) would be deleted (change set: Remove)"),
        guard.refusals(parse(DEPLOYED), parse(DEPLOYED), changes));
  }
}
