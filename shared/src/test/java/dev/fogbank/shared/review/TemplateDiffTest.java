package dev.fogbank.shared.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateDiffTest {
  static final String BEFORE =
      """
      Parameters:
        Env: {Type: String, Default: dev}
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            VisibilityTimeout: 30
            QueueName: !Sub "${Env}-jobs"
        Gone:
          Type: AWS::SNS::Topic
        Same:
          Type: AWS::SNS::Topic
          Properties: {DisplayName: same}
      Outputs:
        QueueUrl: {Value: !Ref Queue}
      """;

  static TemplateDiff diff(String before, String after) {
    return TemplateDiff.of(read(before), Map.of(), read(after), Map.of(), "web",
        ResourceSchemas.bundled());
  }

  static Template read(String text) {
    return TemplateReader.read(text);
  }

  @Test
  void of_whenTheSameTemplateWrittenDifferently_thenEmpty() {
    String json =
        "{\"Parameters\":{\"Env\":{\"Type\":\"String\",\"Default\":\"dev\"}},\"Resources\":{"
            + "\"Same\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"DisplayName\":\"same\"}},"
            + "\"Gone\":{\"Type\":\"AWS::SNS::Topic\"},"
            + "\"Queue\":{\"Type\":\"AWS::SQS::Queue\",\"Properties\":{\"QueueName\":"
            + "{\"Fn::Sub\":\"${Env}-jobs\"},\"VisibilityTimeout\":\"30\"}}},"
            + "\"Outputs\":{\"QueueUrl\":{\"Value\":{\"Ref\":\"Queue\"}}}}";

    TemplateDiff diff = diff(BEFORE, json);

    assertTrue(diff.isEmpty(), diff::toString);
  }

  @Test
  void of_whenResourcesAddedRemovedAndModified_thenEachWithItsChangedProperties() {
    String after =
        BEFORE
            .replace("VisibilityTimeout: 30", "VisibilityTimeout: 60")
            .replace("${Env}-jobs", "${Env}-work")
            .replace("  Gone:\n    Type: AWS::SNS::Topic\n", "  New:\n    Type: AWS::S3::Bucket\n"
                + "    DeletionPolicy: Retain\n")
            .replace("QueueUrl: {Value: !Ref Queue}", "QueueArn: {Value: !GetAtt Queue.Arn}");

    TemplateDiff diff = diff(BEFORE, after);

    assertEquals(List.of("Gone", "New", "Queue"),
        diff.changes().stream().map(TemplateDiff.ResourceChange::logicalId).toList());
    assertEquals(TemplateDiff.Action.REMOVE, diff.changes().get(0).action());
    assertEquals(TemplateDiff.Action.ADD, diff.changes().get(1).action());
    TemplateDiff.ResourceChange queue = diff.changes().get(2);
    assertEquals(TemplateDiff.Action.MODIFY, queue.action());
    // QueueName is create-only in the SQS schema: renaming a queue replaces it.
    assertEquals(Replacement.TRUE, queue.replacement(), queue::toString);
    assertEquals(List.of("QueueName", "VisibilityTimeout"),
        queue.properties().stream().map(PropertyChange::path).sorted().toList());
    assertEquals(List.of("+QueueArn", "-QueueUrl"), diff.outputs());
    assertEquals(List.of(), diff.parameters());
  }

  @Test
  void of_whenOnlyAParameterDefaultChangesAResolvedValue_thenThePropertyChanges() {
    TemplateDiff diff = diff(BEFORE, BEFORE.replace("Default: dev", "Default: prod"));

    assertEquals(1, diff.changes().size(), diff::toString);
    assertEquals("QueueName", diff.changes().get(0).properties().get(0).path());
  }

  @Test
  void of_whenAnAttributeAndATypeChange_thenTheAttributeAndTheReplacementAreNamed() {
    TemplateDiff diff =
        diff(BEFORE, BEFORE.replace("  Same:\n    Type: AWS::SNS::Topic\n",
                "  Same:\n    Type: AWS::SNS::Topic\n    DependsOn: Queue\n")
            .replace("  Gone:\n    Type: AWS::SNS::Topic", "  Gone:\n    Type: AWS::SQS::Queue"));

    TemplateDiff.ResourceChange gone = diff.changes().get(0);
    assertEquals(Replacement.TRUE, gone.replacement(), gone::toString);
    assertEquals("Type", gone.properties().get(0).path());
    TemplateDiff.ResourceChange same = diff.changes().get(1);
    assertEquals("DependsOn", same.properties().get(0).path(), same::toString);
    assertEquals(Replacement.FALSE, same.replacement());
  }
}
