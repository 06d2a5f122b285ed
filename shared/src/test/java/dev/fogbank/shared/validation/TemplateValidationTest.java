package dev.fogbank.shared.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateValidationTest {
  private static final SourceTemplate QUEUE =
      TemplateReader.readSource(
          "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n".getBytes(StandardCharsets.UTF_8));

  @Test
  void check_whenRuleThrows_thenBlockingFindingInsteadOfACrash() {
    TemplateValidation validation =
        new TemplateValidation(
            ResourceSchemas.bundled(),
            (t, p) -> {
              throw new IllegalStateException("bug");
            });
    ValidationReport report =
        validation.check(QUEUE, Map.of(), List.of(), ValidationPolicy.defaults()).report();
    assertTrue(report.blocked());
    assertEquals(TemplateValidation.RULE_FAILURE_ID, report.findings().get(0).ruleId());
  }

  @Test
  void check_whenExtraFindings_thenJudgedWithTheRulesOnes() {
    Finding medium = new Finding("FB-X-001", Severity.MEDIUM, "Queue", "Resources.Queue", "m", null, null);
    TemplateValidation validation =
        new TemplateValidation(ResourceSchemas.bundled(), (t, p) -> List.of(medium));
    ValidationReport report =
        validation
            .check(
                QUEUE,
                Map.of(),
                RequiredTags.parse(List.of("owner=.+")).check(Map.of()),
                ValidationPolicy.defaults())
            .report();
    assertEquals(2, report.total());
    assertEquals(1, report.blocking());
    assertEquals(RequiredTags.RULE_ID, report.findings().get(0).ruleId());
  }

  @Test
  void check_whenParameterUndeclared_thenTemplateInvalidBeforeAnyRuleRuns() {
    TemplateValidation validation =
        new TemplateValidation(
            ResourceSchemas.bundled(),
            (t, p) -> {
              throw new AssertionError("rules must not run on an invalid template");
            });
    assertThrows(
        TemplateException.class,
        () -> validation.check(QUEUE, Map.of("X", "1"), List.of(), ValidationPolicy.defaults()));
  }
}
