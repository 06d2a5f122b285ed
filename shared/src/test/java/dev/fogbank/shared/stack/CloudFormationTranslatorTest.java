package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CloudFormationTranslatorTest {

  @Test
  void toResourceChanges_whenAwsGivesDetails_thenScopeAndEachTargetKept() {
    ChangeSet changeSet = ChangeSetFixtures.ready("/review/aws-update-table-key.json");

    ResourceChange table = changeSet.changes().getFirst();
    assertEquals("Table", table.logicalId());
    assertEquals("True", table.replacement());
    assertEquals(List.of("Properties"), table.scope());
    assertEquals(
        List.of(
            new ResourceChange.Detail(
                "Properties", "KeySchema", "Always", "Static", "DirectModification", null),
            new ResourceChange.Detail(
                "Properties",
                "AttributeDefinitions",
                "Never",
                "Static",
                "DirectModification",
                null)),
        table.details());
    ResourceChange removed = changeSet.changes().get(3);
    assertEquals("Remove", removed.action());
    assertEquals(null, removed.replacement(), "AWS gives no Replacement for a removal");
    assertEquals(List.of(), removed.details());
  }
}
