package dev.fogbank.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PaletteTest {
  @Test
  void choose_whenAuto_thenTerminalDecidesUnlessNoColorOrClicolorForce() {
    assertTrue(Palette.choose(Palette.Mode.auto, Map.of(), true).on());
    assertFalse(Palette.choose(Palette.Mode.auto, Map.of(), false).on());
    assertFalse(Palette.choose(Palette.Mode.auto, Map.of("NO_COLOR", "1"), true).on());
    assertTrue(Palette.choose(Palette.Mode.auto, Map.of("CLICOLOR_FORCE", "1"), false).on());
    assertFalse(Palette.choose(Palette.Mode.auto, Map.of("CLICOLOR_FORCE", "0"), false).on());
    // An empty NO_COLOR is not set (no-color.org); NO_COLOR wins over CLICOLOR_FORCE.
    assertTrue(Palette.choose(Palette.Mode.auto, Map.of("NO_COLOR", ""), true).on());
    assertFalse(
        Palette.choose(Palette.Mode.auto, Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), true)
            .on());
  }

  @Test
  void choose_whenAlwaysOrNever_thenTheFlagWinsOverEnvironmentAndTerminal() {
    assertTrue(Palette.choose(Palette.Mode.always, Map.of("NO_COLOR", "1"), false).on());
    assertFalse(Palette.choose(Palette.Mode.never, Map.of("CLICOLOR_FORCE", "1"), true).on());
  }

  @Test
  void status_whenOn_thenGreenRedYellow_whenOff_thenPlain() {
    Palette on = new Palette(true);
    assertEquals("\u001b[32mSUCCEEDED\u001b[0m", on.status("SUCCEEDED"));
    assertEquals("\u001b[31mFAILED\u001b[0m", on.status("FAILED"));
    assertEquals("\u001b[33mCANCELLED\u001b[0m", on.status("CANCELLED"));
    assertEquals(
        "\u001b[32m+1\u001b[0m \u001b[33m~0\u001b[0m \u001b[31m-2\u001b[0m", on.changes(1, 0, 2));
    assertEquals("SUCCEEDED", Palette.NONE.status("SUCCEEDED"));
    assertEquals("+1 ~0 -2", Palette.NONE.changes(1, 0, 2));
  }
}
