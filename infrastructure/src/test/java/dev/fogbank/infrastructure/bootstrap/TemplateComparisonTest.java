package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.stack.ResourceChange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateComparisonTest {

  private static final String BASE =
      """
      Parameters:
        CodeKey: {Type: String}
        Retention: {Type: Number, Default: 30}
      Resources:
        Table: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Ref AWS::StackName}}
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Code: {S3Bucket: b, S3Key: !Ref CodeKey}
        Logs:
          Type: AWS::Logs::LogGroup
          Properties: {RetentionInDays: !Ref Retention}
        Other:
          Type: AWS::SNS::Topic
          Properties: {TopicName: !Sub "${AWS::StackName}-${Retention}"}
      """;

  private static JsonNode parse(String yaml) {
    return ControlPlaneTemplate.of(yaml).root();
  }

  @Test
  void changes_whenOnlyAParameterValueChanges_thenTheResourcesUsingItAreModified() {
    JsonNode t = parse(BASE);

    List<ResourceChange> changes =
        TemplateComparison.changes(
            t, Map.of("CodeKey", "a.jar", "Retention", "30"), t, Map.of("CodeKey", "b.jar"));

    assertEquals(
        List.of(
            new ResourceChange(
                "Modify", "Fn", "AWS::Lambda::Function", null, "parameter CodeKey changed")),
        changes);
  }

  @Test
  void changes_whenAParameterUsedThroughSubChanges_thenSubUsersAreModified() {
    JsonNode t = parse(BASE);

    List<ResourceChange> changes =
        TemplateComparison.changes(
            t,
            Map.of("CodeKey", "a", "Retention", "30"),
            t,
            Map.of("CodeKey", "a", "Retention", "7"));

    assertEquals(
        List.of("Logs", "Other"), changes.stream().map(ResourceChange::logicalId).toList());
  }

  @Test
  void changes_whenResourcesAddedRemovedRetypedOrRedefined_thenEachIsListed() {
    JsonNode before = parse(BASE);
    JsonNode after =
        parse(
            BASE.replace(
                    "Table: {Type: AWS::DynamoDB::Table",
                    "Table: {Type: AWS::DynamoDB::GlobalTable")
                .replace("Other:\n    Type: AWS::SNS::Topic", "Extra:\n    Type: AWS::SNS::Topic")
                .replace("S3Bucket: b", "S3Bucket: c"));
    Map<String, String> values = Map.of("CodeKey", "a");

    List<ResourceChange> changes = TemplateComparison.changes(before, values, after, values);

    assertEquals(
        List.of(
            new ResourceChange(
                "Modify",
                "Table",
                "AWS::DynamoDB::GlobalTable",
                "True",
                "type changes from AWS::DynamoDB::Table to AWS::DynamoDB::GlobalTable"),
            new ResourceChange("Modify", "Fn", "AWS::Lambda::Function", null, "definition changed"),
            new ResourceChange(
                "Remove", "Other", "AWS::SNS::Topic", null, "not in the new template"),
            new ResourceChange("Add", "Extra", "AWS::SNS::Topic", null, "new")),
        changes);
  }

  @Test
  void same_whenOnlyDefaultsDifferButValuesAgree_thenTrue() {
    JsonNode deployed = parse(BASE);
    JsonNode withDefault =
        parse(BASE.replace("CodeKey: {Type: String}", "CodeKey: {Type: String, Default: a.jar}"));

    assertTrue(
        TemplateComparison.same(
            deployed, Map.of("CodeKey", "a.jar", "Retention", "30"), withDefault, Map.of()));
    assertFalse(
        TemplateComparison.same(
            deployed, Map.of("CodeKey", "old.jar", "Retention", "30"), withDefault, Map.of()),
        "the default is the value the drop deployment gets");
    assertTrue(
        TemplateComparison.changes(
                deployed, Map.of("CodeKey", "old.jar", "Retention", "30"), withDefault, Map.of())
            .stream()
            .allMatch(c -> c.logicalId().equals("Fn")));
  }

  @Test
  void same_whenAnOutputChanges_thenFalse() {
    JsonNode before = parse(BASE);
    JsonNode after = parse(BASE + "Outputs:\n  T: {Value: !Ref Table}\n");

    assertFalse(
        TemplateComparison.same(before, Map.of("CodeKey", "a"), after, Map.of("CodeKey", "a")));
  }

  @Test
  void parameterReferences_whenSubHasLocalVariablesAndAttributes_thenOnlyOuterNames() {
    JsonNode node =
        parse(
                """
                Resources:
                  X:
                    Type: T
                    Properties:
                      A: !Sub ["${Local}-${Outer}-${Res.Arn}-${!Literal}", {Local: !Ref Inner}]
                """)
            .path("Resources")
            .path("X");

    assertEquals(Set.of("Outer", "Inner"), TemplateComparison.parameterReferences(node));
  }
}
