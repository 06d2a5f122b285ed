package dev.fogbank.shared.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.rules.Suppression;
import dev.fogbank.shared.template.TextPosition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportTest {

  private static Finding finding(String id, Severity severity, Suppression suppression) {
    return new Finding(
        id,
        severity,
        "Bucket",
        "Resources.Bucket.Properties.X",
        id + " message",
        new TextPosition(4, 7),
        suppression);
  }

  @Test
  void of_whenDefaultPolicy_thenCriticalAndHighBlockMediumDoesNot() {
    ValidationPolicy policy = ValidationPolicy.defaults();
    assertTrue(ValidationReport.of(List.of(finding("A", Severity.HIGH, null)), policy).blocked());
    assertFalse(
        ValidationReport.of(List.of(finding("A", Severity.MEDIUM, null)), policy).blocked());
  }

  @Test
  void of_whenSuppressed_thenNeverBlocksAndJustificationKept() {
    ValidationReport report =
        ValidationReport.of(
            List.of(finding("A", Severity.CRITICAL, new Suppression("A", "approved in SEC-1"))),
            ValidationPolicy.defaults());
    assertFalse(report.blocked());
    assertEquals(1, report.suppressed());
    assertEquals(0, report.counts().get(Severity.CRITICAL));
    assertEquals("approved in SEC-1", report.findings().get(0).justification());
  }

  @Test
  void of_whenWarnEnforcement_thenNothingBlocksButControlPlanePolicy() {
    ValidationPolicy warn = ValidationPolicy.parse("warn", null);
    assertFalse(
        ValidationReport.of(List.of(finding("A", Severity.CRITICAL, null)), warn).blocked());
    assertTrue(
        ValidationReport.of(List.of(finding(RequiredTags.RULE_ID, Severity.CRITICAL, null)), warn)
            .blocked());
  }

  @Test
  void of_whenBlockAtLow_thenLowBlocks() {
    ValidationPolicy low = ValidationPolicy.parse("block", "low");
    assertTrue(ValidationReport.of(List.of(finding("A", Severity.LOW, null)), low).blocked());
  }

  @Test
  void of_whenMoreThanTheCap_thenWorstKeptAndAllCounted() {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(finding("L" + i, Severity.LOW, null));
    }
    many.add(finding("C", Severity.CRITICAL, null));
    ValidationReport report = ValidationReport.of(many, ValidationPolicy.defaults());
    assertEquals(ValidationReport.MAX_RECORDED, report.findings().size());
    assertEquals("C", report.findings().get(0).ruleId());
    assertEquals(300, report.counts().get(Severity.LOW));
    assertEquals(301, report.total());
    assertTrue(report.truncated());
  }

  @Test
  void of_whenMessageHuge_thenCutSoTheRecordStaysSmall() throws Exception {
    String long_ = "x".repeat(1_000_000);
    Finding huge =
        new Finding(
            "A", Severity.LOW, long_, long_, long_, null, new Suppression("A", long_));
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(huge);
    }
    String json =
        Json.mapper().writeValueAsString(ValidationReport.of(many, ValidationPolicy.defaults()));
    // A DynamoDB item holds 400 KB and an execution's state 256 KB.
    assertTrue(json.length() < 80_000, () -> "report is " + json.length() + " characters");
  }

  @Test
  void json_roundTrip_thenSameReport() throws Exception {
    ValidationReport report =
        ValidationReport.of(
            List.of(finding("A", Severity.HIGH, null)), ValidationPolicy.parse("warn", "MEDIUM"));
    String json = Json.mapper().writeValueAsString(report);
    assertTrue(json.contains("\"enforcement\":\"warn\""), json);
    assertEquals(report, Json.mapper().readValue(json, ValidationReport.class));
  }

  @Test
  void rejectionMessage_namesTheWorstFindingsWithTheirLines() {
    ValidationReport report =
        ValidationReport.of(
            List.of(finding("FB-S3-001", Severity.CRITICAL, null)), ValidationPolicy.defaults());
    String message = report.rejectionMessage("web");
    assertTrue(message.contains("FB-S3-001 CRITICAL"), message);
    assertTrue(message.contains("line 4, column 7"), message);
    assertTrue(message.startsWith("stack 'web': 1 finding blocks"), message);
  }

  @Test
  void parse_whenUnknownEnforcementOrSeverity_thenSaysWhatIsAllowed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ValidationPolicy.parse("off", null));
    assertTrue(e.getMessage().contains("block or warn"), e::getMessage);
    e = assertThrows(IllegalArgumentException.class, () -> ValidationPolicy.parse(null, "SEVERE"));
    assertTrue(e.getMessage().contains("CRITICAL, HIGH, MEDIUM, LOW"), e::getMessage);
  }
}
