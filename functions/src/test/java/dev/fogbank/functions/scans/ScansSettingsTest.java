package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.functions.wiring.ScansSettings;
import dev.fogbank.shared.cost.CostAnomalyRule;
import java.math.BigDecimal;
import java.util.List;
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

  @Test
  void from_whenAnomalySettingsUnset_thenTwiceAndTenOver() {
    assertEquals(CostAnomalyRule.defaults(), ScansSettings.from(Map.of()).anomalyRule());
  }

  @Test
  void from_whenAnomalySettingsSet_thenThatRule() {
    CostAnomalyRule rule =
        ScansSettings.from(
                Map.of(
                    "FOGBANK_COST_ANOMALY_MULTIPLIER", "3",
                    "FOGBANK_COST_ANOMALY_MIN_EXCESS", "25.5"))
            .anomalyRule();

    assertEquals(new BigDecimal("3"), rule.multiplier());
    assertEquals(new BigDecimal("25.5"), rule.minimumExcess());
  }

  @Test
  void from_whenAnomalySettingsInvalid_thenRefusedNamingTheVariable() {
    Map<String, String> bad =
        Map.of(
            "FOGBANK_COST_ANOMALY_MULTIPLIER", "1",
            "FOGBANK_COST_ANOMALY_MIN_EXCESS", "-5");
    bad.forEach(
        (name, value) -> {
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> ScansSettings.from(Map.of(name, value)));
          assertTrue(e.getMessage().contains(name), e.getMessage());
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ScansSettings.from(Map.of("FOGBANK_COST_ANOMALY_MULTIPLIER", "double")));
    assertTrue(e.getMessage().contains("'double'"), e.getMessage());
  }

  @Test
  void from_whenDriftPatternsSet_thenScopeMatchesIncludedAndNotExcluded() {
    var scope =
        ScansSettings.from(
                Map.of("FOGBANK_DRIFT_INCLUDE", "web-*,api", "FOGBANK_DRIFT_EXCLUDE", "*-tmp"))
            .driftScope();

    assertTrue(scope.matches("web-a"));
    assertTrue(scope.matches("api"));
    assertTrue(!scope.matches("web-tmp"));
    assertTrue(!scope.matches("batch"));
    assertTrue(ScansSettings.from(Map.of()).driftScope().isAll());
  }

  @Test
  void from_whenDriftPatternIsNotAStackNamePattern_thenRefusedNamingTheVariable() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ScansSettings.from(Map.of("FOGBANK_DRIFT_EXCLUDE", "web_[a]")));

    assertTrue(e.getMessage().contains("FOGBANK_DRIFT_EXCLUDE"), e.getMessage());
    assertTrue(e.getMessage().contains("web_[a]"), e.getMessage());
  }

  @Test
  void from_whenDriftDiscoverSetOrNot_thenItsPatternsOrNone() {
    assertEquals(List.of(), ScansSettings.from(Map.of()).driftDiscover());
    assertEquals(
        List.of("legacy-*", "shared-vpc"),
        ScansSettings.from(Map.of("FOGBANK_DRIFT_DISCOVER", " legacy-* , shared-vpc"))
            .driftDiscover());
  }

  @Test
  void from_whenDriftDiscoverPatternIsNotAStackNamePattern_thenRefusedNamingTheVariable() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ScansSettings.from(Map.of("FOGBANK_DRIFT_DISCOVER", "legacy/*")));

    assertTrue(e.getMessage().contains("FOGBANK_DRIFT_DISCOVER"), e.getMessage());
    assertTrue(e.getMessage().contains("legacy/*"), e.getMessage());
  }
}
