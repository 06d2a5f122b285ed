package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.SynthCommandTest.Run;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.rules.Suppression;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.template.ResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fogbank validate}, driven as a person or a pipeline would run it. */
class ValidateCommandTest {

  /** Flags a bucket with a public ACL (CRITICAL) and any queue (MEDIUM); reads suppressions. */
  static final TemplateRules RULES =
      (template, parameters) -> {
        List<Finding> found = new ArrayList<>();
        for (ResourceDefinition<?> r : template.template().resources().values()) {
          if ("PublicRead".equals(r.properties().get("AccessControl"))) {
            String path = "Resources." + r.logicalId() + ".Properties.AccessControl";
            found.add(
                new Finding(
                    "FB-TEST-001",
                    Severity.CRITICAL,
                    r.logicalId(),
                    path,
                    "public bucket",
                    template.positionOf(path),
                    suppression(r)));
          }
          if (r.type().equals("AWS::SQS::Queue")) {
            String path = "Resources." + r.logicalId();
            found.add(
                new Finding(
                    "FB-TEST-002",
                    Severity.MEDIUM,
                    r.logicalId(),
                    path,
                    "queue without a dead-letter queue",
                    template.positionOf(path),
                    null));
          }
        }
        return found;
      };

  static final String PUBLIC_BUCKET =
      """
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Site:
          Type: AWS::S3::Bucket
          Properties:
            AccessControl: PublicRead
      """;

  static final String QUEUE_WITH_PARAMETER =
      """
      Parameters:
        Env:
          Type: String
          AllowedValues: [dev, prod]
          Default: dev
      Resources:
        Queue:
          Type: AWS::SQS::Queue
      """;

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static Run validate(String... args) {
    // The real command, with the test's rules in place of the standard catalogue.
    return SynthCommandTest.run(new ValidateCommand(RULES), args);
  }

  @Test
  void validate_whenBlockingFinding_thenExit1AndFileLineColumnSeverityRuleMessage()
      throws IOException {
    Path t = file("site.yaml", PUBLIC_BUCKET);

    Run run = validate(t.toString());

    assertEquals(ValidateCommand.BLOCKED, run.exit(), run.err());
    assertTrue(
        run.out().contains(t + ":6:7: CRITICAL FB-TEST-001 public bucket [blocks]"), run.out());
    assertTrue(run.err().contains("1 blocking finding"), run.err());
  }

  @Test
  void validate_whenOnlyWarnings_thenExit0WithTheFindingsPrinted() throws IOException {
    Path t = file("queue.yaml", QUEUE_WITH_PARAMETER);

    Run run = validate(t.toString());

    assertEquals(ValidateCommand.CLEAN, run.exit(), run.err());
    assertTrue(run.out().contains(t + ":7:3: MEDIUM FB-TEST-002"), run.out());
  }

  @Test
  void validate_whenBlockAtMedium_thenTheMediumFindingBlocks() throws IOException {
    Path t = file("queue.yaml", QUEUE_WITH_PARAMETER);

    assertEquals(ValidateCommand.BLOCKED, validate("--block-at", "medium", t.toString()).exit());
  }

  @Test
  void validate_whenSuppressedWithJustification_thenExit0AndJustificationShown()
      throws IOException {
    Path t =
        file(
            "site.yaml",
            PUBLIC_BUCKET.replace(
                "    Properties:",
                "    Metadata:\n      fogbank:\n        suppress:\n"
                    + "          - {rule: FB-TEST-001, reason: website SEC-1}\n    Properties:"));

    Run run = validate(t.toString());

    assertEquals(ValidateCommand.CLEAN, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains("(suppressed: website SEC-1)"), run.out());
  }

  @Test
  void validate_whenJsonOutput_thenParseableWithFindingsLinesAndExitCode() throws IOException {
    Path bad = file("site.yaml", PUBLIC_BUCKET);
    Path ok = file("queue.json", "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}");

    Run run = validate("--output", "json", bad.toString(), ok.toString());

    assertEquals(ValidateCommand.BLOCKED, run.exit(), run.err());
    JsonNode root = Json.mapper().readTree(run.out());
    assertEquals(1, root.path("exitCode").asInt());
    JsonNode first = root.path("files").get(0);
    assertEquals(bad.toString(), first.path("file").asText());
    assertTrue(first.path("blocked").asBoolean());
    assertEquals("FB-TEST-001", first.path("findings").get(0).path("ruleId").asText());
    assertEquals(6, first.path("findings").get(0).path("line").asInt());
    assertEquals(1, first.path("counts").path("CRITICAL").asInt());
    assertFalse(root.path("files").get(1).path("blocked").asBoolean());
  }

  @Test
  void validate_whenTemplateInvalid_thenExit1WithEachProblemLocated() throws IOException {
    Path t =
        file(
            "typo.yaml",
            "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                + "      VisibilityTimeut: 5\n");

    Run run = validate(t.toString());

    assertEquals(ValidateCommand.BLOCKED, run.exit());
    assertTrue(run.out().startsWith(t + ":5:7: ERROR TEMPLATE_INVALID "), run.out());
    assertTrue(run.out().contains("did you mean VisibilityTimeout?"), run.out());
  }

  @Test
  void validate_whenParameterBreaksItsConstraint_thenExit1NamingIt() throws IOException {
    Path t = file("queue.yaml", QUEUE_WITH_PARAMETER);
    Path manifest = file("deployment.yaml", "parameters:\n  Env: prod\n");

    assertEquals(ValidateCommand.CLEAN, validate("--parameters", manifest.toString(), t.toString()).exit());
    Run run = validate("--parameters", manifest.toString(), "-p", "Env=qa", t.toString());
    assertEquals(ValidateCommand.BLOCKED, run.exit());
    assertTrue(run.out().contains(t + ":4:"), run.out());
    assertTrue(run.out().contains("is not one of [dev, prod]"), run.out());
  }

  @Test
  void validate_whenFileUnreadableOrUsageWrong_thenExit2() throws IOException {
    Path ok = file("queue.yaml", QUEUE_WITH_PARAMETER);

    Run missing = validate(ok.toString(), dir.resolve("nope.yaml").toString());
    assertEquals(ValidateCommand.UNUSABLE, missing.exit());
    assertTrue(missing.out().contains("nope.yaml: ERROR cannot read"), missing.out());
    assertEquals(ValidateCommand.UNUSABLE, validate("--block-at", "SEVERE", ok.toString()).exit());
    assertEquals(ValidateCommand.UNUSABLE, validate("--output", "xml", ok.toString()).exit());
    assertEquals(ValidateCommand.UNUSABLE, validate().exit());
  }

  @Test
  void fogbank_listsValidateAsASubcommand() {
    assertTrue(
        new CommandLine(new FogbankCli()).getSubcommands().containsKey("validate"),
        "fogbank validate");
  }

  private static Suppression suppression(ResourceDefinition<?> r) {
    if (r.metadata().get("fogbank") instanceof Map<?, ?> fogbank
        && fogbank.get("suppress") instanceof List<?> list
        && list.get(0) instanceof Map<?, ?> m) {
      return new Suppression(m.get("rule").toString(), m.get("reason").toString());
    }
    return null;
  }
}
