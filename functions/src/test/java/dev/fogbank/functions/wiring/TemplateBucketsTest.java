package dev.fogbank.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code FOGBANK_TEMPLATE_BUCKETS}: the buckets besides the artifacts bucket templateUrl names. */
class TemplateBucketsTest {
  private static final String OWN = "fogbank-artifacts-123456789012-eu-west-1";

  @Test
  void templateBuckets_whenUnsetOrBlank_thenOnlyTheArtifactsBucket() {
    assertEquals(List.of(OWN), AwsModule.templateBuckets(OWN, Map.of()));
    assertEquals(
        List.of(OWN),
        AwsModule.templateBuckets(OWN, Map.of(ControlPlaneEnvironment.TEMPLATE_BUCKETS, " , ")));
  }

  @Test
  void templateBuckets_whenListed_thenOwnFirstThenEachOnce() {
    assertEquals(
        List.of(OWN, "team-templates", "shared.templates-eu"),
        AwsModule.templateBuckets(
            OWN,
            Map.of(
                ControlPlaneEnvironment.TEMPLATE_BUCKETS,
                " team-templates,shared.templates-eu ,team-templates," + OWN)));
  }

  @Test
  void templateBuckets_whenAnEntryIsNoBucketName_thenStartRefusedNamingTheVariable() {
    for (String bad : List.of("Team-Templates", "ab", "bucket/key", "s3://team", "a..<script>")) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  AwsModule.templateBuckets(
                      OWN, Map.of(ControlPlaneEnvironment.TEMPLATE_BUCKETS, "ok-bucket," + bad)));
      assertTrue(
          e.getMessage().contains(ControlPlaneEnvironment.TEMPLATE_BUCKETS + ": "), e.getMessage());
      assertTrue(e.getMessage().contains("is not an S3 bucket name"), e.getMessage());
    }
  }
}
