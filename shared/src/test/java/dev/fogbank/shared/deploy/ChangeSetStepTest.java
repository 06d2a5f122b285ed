package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ResourceChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * $.changeSet is read by deploy.asl.json's Choice on $.changeSet.status: its shape is a contract.
 */
class ChangeSetStepTest {

  private static final ChangeSet READY =
      new ChangeSet(
          "web",
          "arn:stack/web/1",
          "arn:changeSet/fogbank-d-1/2",
          "fogbank-d-1",
          ChangeSet.Type.CREATE,
          ChangeSet.Status.READY,
          null,
          List.of(
              new ResourceChange("Add", "Queue", "AWS::SQS::Queue", null),
              new ResourceChange("Remove", "Topic", "AWS::SNS::Topic", null)));

  @Test
  void json_whenWritten_thenStatusAndTypeAreTheNamesTheStateMachineCompares() throws Exception {
    JsonNode json = Json.mapper().valueToTree(ChangeSetStep.of(READY));

    assertEquals("arn:changeSet/fogbank-d-1/2", json.path("changeSetId").asText());
    assertEquals("CREATE", json.path("type").asText());
    assertEquals("READY", json.path("status").asText());
    assertEquals(1, json.path("summary").path("adds").asInt(), json::toString);
    assertEquals(1, json.path("summary").path("removes").asInt(), json::toString);
    assertTrue(json.path("changes").isMissingNode(), "rows stay out of the execution's state");
  }

  @Test
  void json_whenWarningsWritten_thenReadBackAsTheSameList() throws Exception {
    ChangeSetStep step = ChangeSetStep.of(READY, List.of("processed template, Resources.Fn: x"));

    ChangeSetStep back =
        Json.mapper().readValue(Json.mapper().writeValueAsString(step), ChangeSetStep.class);

    assertEquals(List.of("processed template, Resources.Fn: x"), back.warnings());
    assertEquals(step, back);
  }

  @Test
  void json_whenNoChangesReadBack_thenNoChangesAndExecutableChangeSetKeepsIds() throws Exception {
    ChangeSetStep step =
        Json.mapper()
            .readValue(
                """
                {"changeSetId":"arn:cs","changeSetName":"fogbank-d-2","type":"UPDATE",
                 "stackId":"arn:stack","status":"NO_CHANGES",
                 "summary":{"adds":0,"modifies":0,"removes":0}}\
                """,
                ChangeSetStep.class);

    assertTrue(step.noChanges());
    assertEquals(List.of(), step.warnings(), "a state written before warnings existed reads");
    ChangeSet changeSet = step.toChangeSet("web");
    assertEquals("arn:cs", changeSet.changeSetId());
    assertEquals("fogbank-d-2", changeSet.name());
    assertEquals(ChangeSet.Type.UPDATE, changeSet.type());
    assertEquals("web", changeSet.stackName());
  }
}
