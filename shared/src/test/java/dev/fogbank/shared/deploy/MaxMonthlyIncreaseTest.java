package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.estimate.PriceLookup;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code maxMonthlyIncrease} review policy option and when a review's estimate exceeds it. */
class MaxMonthlyIncreaseTest {

  @Test
  void parse_whenMaxMonthlyIncreaseGiven_thenCarriedAsUsd() {
    ReviewPolicy policy = ReviewPolicy.parse("never", null, "100.50");

    assertEquals(new BigDecimal("100.50"), policy.maxMonthlyIncrease());
    assertEquals(ApprovalPolicy.NEVER, policy.approval());
    assertNull(ReviewPolicy.defaults().maxMonthlyIncrease());
  }

  @Test
  void parse_whenMaxMonthlyIncreaseNegativeOrNotANumber_thenRefusedWithTheValue() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> ReviewPolicy.parse(null, null, "-1"));
    IllegalArgumentException text =
        assertThrows(
            IllegalArgumentException.class, () -> ReviewPolicy.parse(null, null, "lots"));

    assertTrue(negative.getMessage().contains("0 or more"), negative.getMessage());
    assertTrue(text.getMessage().contains("'lots'"), text.getMessage());
  }

  @Test
  void manifest_whenMaxMonthlyIncrease_thenCarriedAndBadOneIsManifestInvalid() {
    DeploymentManifest manifest =
        DeploymentManifest.parse("maxMonthlyIncrease: 250\n".getBytes(StandardCharsets.UTF_8));
    DeploymentException bad =
        assertThrows(
            DeploymentException.class,
            () ->
                DeploymentManifest.parse(
                    "maxMonthlyIncrease: -5\n".getBytes(StandardCharsets.UTF_8)));

    assertEquals(new BigDecimal("250"), manifest.reviewPolicy().maxMonthlyIncrease());
    assertEquals(ErrorCode.MANIFEST_INVALID, bad.code());
  }

  @Test
  void exceeds_whenDeltaAboveMax_thenTrueAndNotAtOrBelowOrWithoutEstimate() {
    ReviewCostEstimate estimate =
        new ReviewCostEstimate(
            new BigDecimal("22.71"), new BigDecimal("272.52"), "USD", new BigDecimal("14.71"),
            null, new ReviewCostEstimate.CoverageCounts(2, 0, 0), List.of(), null);

    assertTrue(estimate.exceeds(new BigDecimal("14.70")));
    assertFalse(estimate.exceeds(new BigDecimal("14.71")));
    assertFalse(estimate.exceeds(null));
    assertFalse(ReviewCostEstimate.unavailable("no prices").exceeds(BigDecimal.ZERO));
  }

  @Test
  void of_whenTemplateCannotBeReadOrNoEstimator_thenUnavailableWithTheReason() {
    CostEstimator estimator = new CostEstimator(q -> new PriceLookup.Unavailable("down"));

    ReviewCostEstimate unreadable =
        ReviewCostEstimate.of(estimator, null, Map.of(), "{not: [a template", Map.of(), "us-east-1");
    ReviewCostEstimate none =
        ReviewCostEstimate.of(null, null, Map.of(), "Resources: {}", Map.of(), "us-east-1");

    assertTrue(
        unreadable.unavailable().startsWith("the estimate could not be made"),
        unreadable.unavailable());
    assertNull(unreadable.monthly());
    assertTrue(none.unavailable().contains("no cost estimator"), none.unavailable());
  }
}
