package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.rules.Severity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The approval policy and stack policy a deployment is reviewed under, from API or manifest. */
class ReviewPolicyTest {

  @Test
  void approvalPolicy_whenAutoBelowHigh_thenHighAndCriticalWaitOnly() {
    ApprovalPolicy policy = ApprovalPolicy.parse(null);

    assertEquals(ApprovalPolicy.AUTO_BELOW_HIGH, policy);
    assertTrue(policy.requiresApproval(Severity.CRITICAL));
    assertTrue(policy.requiresApproval(Severity.HIGH));
    assertFalse(policy.requiresApproval(Severity.MEDIUM));
    assertFalse(policy.requiresApproval(Severity.LOW));
    assertTrue(ApprovalPolicy.parse("always").requiresApproval(Severity.LOW));
    assertFalse(ApprovalPolicy.parse("never").requiresApproval(Severity.CRITICAL));
  }

  @Test
  void parse_whenUnknownApproval_thenNamesTheAllowedValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReviewPolicy.parse("sometimes", null));

    assertTrue(e.getMessage().contains("auto-below-high, always, never"), e.getMessage());
  }

  @Test
  void manifest_whenApprovalAndStackPolicy_thenCarried() {
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            "approval: always\nstackPolicy: protect-stateful\n".getBytes(StandardCharsets.UTF_8));

    assertEquals(ApprovalPolicy.ALWAYS, manifest.reviewPolicy().approval());
    assertEquals("protect-stateful", manifest.reviewPolicy().stackPolicy());
    assertNull(DeploymentManifest.empty().reviewPolicy().stackPolicy());
  }

  @Test
  void manifest_whenBadApprovalOrStackPolicy_thenManifestInvalid() {
    DeploymentException approval =
        assertThrows(
            DeploymentException.class,
            () -> DeploymentManifest.parse("approval: maybe\n".getBytes(StandardCharsets.UTF_8)));
    DeploymentException policy =
        assertThrows(
            DeploymentException.class,
            () ->
                DeploymentManifest.parse(
                    "stackPolicy: protect-some\n".getBytes(StandardCharsets.UTF_8)));

    assertEquals(ErrorCode.MANIFEST_INVALID, approval.code());
    assertTrue(approval.getMessage().contains("approval 'maybe'"), approval.getMessage());
    assertEquals(ErrorCode.MANIFEST_INVALID, policy.code());
    assertTrue(policy.getMessage().contains("stackPolicy"), policy.getMessage());
  }

  @Test
  void manifest_whenProductionTrue_thenCarriedBesideTheStackPolicy() {
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            "stackPolicy: protect-all\nproduction: true\n".getBytes(StandardCharsets.UTF_8));
    DeploymentManifest alone =
        DeploymentManifest.parse("production: true\n".getBytes(StandardCharsets.UTF_8));

    assertTrue(manifest.reviewPolicy().production());
    assertEquals("protect-all", manifest.reviewPolicy().stackPolicy());
    assertTrue(alone.reviewPolicy().production());
    assertEquals(ApprovalPolicy.AUTO_BELOW_HIGH, alone.reviewPolicy().approval());
    assertFalse(DeploymentManifest.empty().reviewPolicy().production());
  }

  @Test
  void manifest_whenProductionNotABoolean_thenManifestInvalid() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () ->
                DeploymentManifest.parse(
                    "production: yes-please\n".getBytes(StandardCharsets.UTF_8)));

    assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
    assertTrue(e.getMessage().contains("'production' must be true or false"), e.getMessage());
  }

  @Test
  void stackPolicy_whenSameDocument_thenSameSha256() {
    String sha = StackPolicies.of("protect-stateful").sha256();

    assertEquals(sha, StackPolicies.of("protect-stateful").sha256());
    assertEquals(64, sha.length());
    assertFalse(sha.equals(StackPolicies.of("protect-all").sha256()));
  }
}
