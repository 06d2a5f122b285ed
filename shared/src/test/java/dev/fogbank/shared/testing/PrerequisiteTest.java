package dev.fogbank.shared.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisiteTest {

  private static final String MISSING = "cfn-lint is not installed (pip install cfn-lint)";

  @Test
  void require_whenPresent_thenReturnsInAndOutOfCi() {
    assertDoesNotThrow(() -> Prerequisite.require(true, MISSING, "true"));
    assertDoesNotThrow(() -> Prerequisite.require(true, MISSING, null));
  }

  @Test
  void require_whenMissingInCi_thenFailsSayingWhatIsMissing() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class, () -> Prerequisite.require(false, MISSING, "true"));

    assertTrue(e.getMessage().contains(MISSING), e.getMessage());
    assertTrue(e.getMessage().contains("CI=true"), e.getMessage());
  }

  @Test
  void require_whenMissingAndCiSpelledTrueInCapitals_thenFails() {
    assertThrows(AssertionFailedError.class, () -> Prerequisite.require(false, MISSING, "TRUE"));
  }

  @Test
  void require_whenMissingOutsideCi_thenSkipsSayingWhatIsMissing() {
    for (String ci : new String[] {null, "", "false", "0"}) {
      TestAbortedException e =
          assertThrows(TestAbortedException.class, () -> Prerequisite.require(false, MISSING, ci));

      assertTrue(e.getMessage().contains(MISSING), ci + ": " + e.getMessage());
    }
  }
}
