package dev.fogbank.shared.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.rules.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredTagsTest {
  private final RequiredTags required =
      RequiredTags.parse("owner=[a-z]+\n\ncost-center=CC-[0-9]{4}\n");

  @Test
  void check_whenAllPresentAndMatching_thenNoFinding() {
    assertEquals(List.of(), required.check(Map.of("owner", "alice", "cost-center", "CC-1234")));
  }

  @Test
  void check_whenMissingOrNotMatching_thenOneFindingEach() {
    List<Finding> found = required.check(Map.of("owner", "Alice"));
    assertEquals(2, found.size(), found::toString);
    assertEquals(RequiredTags.RULE_ID, found.get(0).ruleId());
    assertEquals("Tags.owner", found.get(0).path());
    assertTrue(found.get(0).message().contains("does not match"), found::toString);
    assertTrue(found.get(1).message().contains("is required"), found::toString);
  }

  @Test
  void parse_whenEntryHasNoEqualsOrBadRegex_thenClearError() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> RequiredTags.parse(List.of("owner")))
            .getMessage()
            .contains("key=regex"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> RequiredTags.parse(List.of("o=[")))
            .getMessage()
            .contains("not a regex"));
  }
}
