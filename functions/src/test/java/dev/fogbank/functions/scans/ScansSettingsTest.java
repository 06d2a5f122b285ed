package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.functions.wiring.ScansSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScansSettingsTest {
  @Test
  void from_whenCostDaysUnset_thenSevenDays() {
    assertEquals(7, ScansSettings.from(Map.of()).costDays());
    assertEquals(7, ScansSettings.from(Map.of("FOGBANK_COST_DAYS", " ")).costDays());
  }

  @Test
  void from_whenCostDaysSet_thenThatMany() {
    assertEquals(30, ScansSettings.from(Map.of("FOGBANK_COST_DAYS", "30")).costDays());
  }

  @Test
  void from_whenCostDaysNotAWholeNumberInRange_thenRefusedNamingTheVariable() {
    for (String bad : new String[] {"0", "-1", "366", "seven", "7.5"}) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> ScansSettings.from(Map.of("FOGBANK_COST_DAYS", bad)),
              bad);
      assertTrue(e.getMessage().contains("FOGBANK_COST_DAYS"), e.getMessage());
    }
  }
}
