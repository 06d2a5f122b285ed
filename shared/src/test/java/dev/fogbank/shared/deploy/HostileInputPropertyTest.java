package dev.fogbank.shared.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.validation.TemplateValidation;
import dev.fogbank.shared.validation.ValidationPolicy;
import dev.fogbank.shared.validation.ValidationReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based hostile input for the domain's readers: generated deployment.yaml files and
 * template fragments (valid pieces, YAML 1.1 scalars, anchors and aliases, short-form tags, deep
 * nesting, control and Unicode characters, random bytes). Whatever comes in, the reader answers
 * with a value or fogbank's own exception and code, never an unchecked library exception.
 *
 * <p>The seed is fixed so that a run is repeatable; jqwik prints it (and the shrunk sample) when a
 * property fails. Counted with functions' HostileRequestPropertyTest towards the 10,000 generated
 * cases of a run (docs/reliability.md).
 */
class HostileInputPropertyTest {
  static final String SEED = "20261206";

  private static final TemplateValidation VALIDATION =
      new TemplateValidation(ResourceSchemas.bundled(), SecurityRules.standard());

  @Property(tries = 2000, seed = SEED)
  void manifestParse_whenGenerated_thenManifestWithinLimitsOrManifestInvalid(
      @ForAll("manifests") String yaml) {
    DeploymentManifest manifest;
    try {
      manifest = DeploymentManifest.parse(yaml.getBytes(UTF_8));
    } catch (DeploymentException e) {
      assertEquals(ErrorCode.MANIFEST_INVALID, e.code(), e.getMessage());
      assertTrue(e.getMessage().startsWith("deployment.yaml: "), e.getMessage());
      assertTrue(e.getMessage().length() < 2000, "a bounded message");
      return;
    }
    // What the manifest lets through, the submission accepts: no surprise later in the intake.
    StackInputs.check(manifest.parameters(), manifest.tags(), IllegalStateException::new);
  }

  @Property(tries = 500, seed = SEED)
  void manifestParse_whenRandomBytes_thenManifestOrManifestInvalid(
      @ForAll("randomBytes") byte[] bytes) {
    try {
      DeploymentManifest.parse(bytes);
    } catch (DeploymentException e) {
      assertEquals(ErrorCode.MANIFEST_INVALID, e.code(), e.getMessage());
    }
  }

  @Property(tries = 1000, seed = SEED)
  void manifestParse_whenPlainWord_thenParameterAndTagAreTheWordAsWritten(
      @ForAll("plainWords") String word) {
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            ("parameters:\n  P: " + word + "\ntags:\n  t: " + word + "\n").getBytes(UTF_8));

    assertEquals(word, manifest.parameters().get("P"));
    assertEquals(word, manifest.tags().get("t"));
  }

  @Property(tries = 2000, seed = SEED)
  void templateValidation_whenGenerated_thenReportOrTemplateInvalidAndNoRuleCrash(
      @ForAll("templates") String template) {
    ValidationReport report;
    try {
      SourceTemplate read = TemplateReader.readSource(template.getBytes(UTF_8));
      report = VALIDATION.check(read, Map.of(), List.of(), ValidationPolicy.defaults()).report();
    } catch (TemplateException e) {
      assertFalse(e.problems().isEmpty());
      assertTrue(
          e.code() == ErrorCode.TEMPLATE_INVALID || e.code() == ErrorCode.TEMPLATE_TOO_LARGE,
          e.code().name());
      return;
    }
    assertTrue(
        report.findings().stream()
            .noneMatch(f -> f.ruleId().equals(TemplateValidation.RULE_FAILURE_ID)),
        () -> "a security rule broke on the template: " + report.findings());
  }

  // ---- generators ------------------------------------------------------------------------

  /** Keys: valid names, empty, long, traversal, control and Unicode characters, YAML syntax. */
  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)),
        net.jqwik.api.Tuple.of(
            3,
            Arbitraries.of(
                "''", "\"\"", "../../etc/passwd", "aws:cloudformation:stack-name", "<<", "? a",
                "\"a\\u0000b\"", "\"\\t\"", "\"é\"", "\"\\u202Eevil\"", "~", "null", "true", "NO",
                "0123", "1e3", "'a: b'", "\"" + "k".repeat(300) + "\"", "&a k", "*a", "[a]",
                "{a: b}")),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(20).map(HostileInputPropertyTest::quoted)));
  }

  /** Values: YAML 1.1 scalars, nulls, numbers, anchors, aliases, tags, nesting and long text. */
  @Provide
  Arbitrary<String> values() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.strings().alpha().numeric().ofMaxLength(20)),
        net.jqwik.api.Tuple.of(
            4,
            Arbitraries.of(
                "NO", "no", "on", "Off", "yes", "y", "n", "true", "FALSE", "~", "null", "", "''",
                "0x1F", "0123", "1_000", "1:30", ".inf", "-.Inf", ".NaN", "1e400", "-0",
                "2010-09-09", "12:30:00", "&a x", "*a", "*undefined", "!Ref x", "!Sub '${A}'",
                "!!python/object/apply:os.system [id]", "!!binary aGk=", "!!set {a}", "[a, b]",
                "[a, [b]]", "{a: b}", "[]", "{}", "|\n    multi\n    line", ">-\n    folded",
                "\"\\u0000\"", "\"\\x07\"", "\"\\uD800\"", "'it''s'", "\"" + "x".repeat(5000) + "\"",
                "[" + "[".repeat(120) + "]".repeat(120) + "]", "9".repeat(500))),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30).map(HostileInputPropertyTest::quoted)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }

  @Provide
  Arbitrary<String> manifests() {
    Arbitrary<String> entry =
        Combinators.combine(keys(), values()).as((k, v) -> "  " + k + ": " + v + "\n");
    Arbitrary<String> section =
        Combinators.combine(
                Arbitraries.of("parameters", "tags", "validation", "usage", "other", "parameters"),
                entry.list().ofMaxSize(6))
            .as((name, entries) -> name + ":\n" + String.join("", entries));
    Arbitrary<String> document =
        section.list().ofMinSize(0).ofMaxSize(3).map(sections -> String.join("", sections));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, document),
        net.jqwik.api.Tuple.of(
            1,
            Combinators.combine(document, Arbitraries.strings().all().ofMaxLength(40))
                .as((d, junk) -> d + junk)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
  }

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }

  /** Words YAML reads as plain scalars; null words are excluded (a null has no value). */
  @Provide
  Arbitrary<String> plainWords() {
    Set<String> nulls = Set.of("null", "Null", "NULL");
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(
                1,
                Arbitraries.of(
                    "NO", "No", "no", "YES", "Yes", "yes", "ON", "On", "on", "OFF", "Off", "off",
                    "y", "Y", "n", "N", "true", "True", "TRUE", "false", "False", "FALSE")),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(
                        Arbitraries.chars().alpha(),
                        Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMaxLength(30))
                    .as((first, rest) -> first + rest)))
        .filter(word -> !nulls.contains(word));
  }

  /** Template fragments: CloudFormation pieces, mixed with the hostile values and keys. */
  @Provide
  Arbitrary<String> templates() {
    Arbitrary<String> type =
        Arbitraries.of(
            "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::IAM::Role", "AWS::EC2::SecurityGroup",
            "AWS::Lambda::Function", "AWS::SNS::Topic", "AWS::KMS::Key", "Custom::Thing",
            "AWS::Serverless::Function", "AWS::Nope::Nope", "", "!Ref T");
    Arbitrary<String> property =
        Combinators.combine(
                Arbitraries.of(
                    "QueueName", "BucketName", "AccessControl", "PolicyDocument",
                    "SecurityGroupIngress", "Tags", "KmsMasterKeyId", "Code", "Role",
                    "AssumeRolePolicyDocument", "Policies", "Environment", "KeyPolicy"),
                Arbitraries.oneOf(
                    values(),
                    Arbitraries.of(
                        "!Ref AWS::NoValue", "!GetAtt Role.Arn", "!GetAtt", "!If [C, a, b]",
                        "!Sub '${AWS::StackName}-${Nope}'", "!Join ['', [a, !Ref B]]",
                        "!Base64 x", "!Select [99, [a]]", "!Split [',', a]", "!FindInMap [M, a, b]",
                        "!ImportValue x", "!Unknown x", "!Ref", "{Fn::If: [C]}",
                        "{Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}",
                        "{Statement: {Effect: Allow, Action: [s3:*], Principal: '*'}}",
                        "[{IpProtocol: -1, CidrIp: 0.0.0.0/0}]", "[{Key: a, Value: !Ref x}]",
                        "{ZipFile: !Sub 'x'}", "{Variables: {A: !Ref B}}")))
            .as((name, value) -> "      " + name + ": " + value + "\n");
    Arbitrary<String> resource =
        Combinators.combine(keys(), type, property.list().ofMaxSize(4))
            .as(
                (id, t, properties) ->
                    "  "
                        + id
                        + ":\n    Type: "
                        + t
                        + "\n"
                        + (properties.isEmpty() ? "" : "    Properties:\n" + String.join("", properties)));
    Arbitrary<String> section =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(
                6, resource.list().ofMaxSize(4).map(r -> "Resources:\n" + String.join("", r))),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(keys(), values())
                    .as((k, v) -> "Parameters:\n  " + k + ":\n    Type: String\n    Default: " + v + "\n")),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(keys(), values())
                    .as((k, v) -> "Conditions:\n  " + k + ": !Equals [" + v + ", x]\n")),
            net.jqwik.api.Tuple.of(
                1,
                Combinators.combine(keys(), values())
                    .as((k, v) -> "Outputs:\n  " + k + ":\n    Value: " + v + "\n")),
            net.jqwik.api.Tuple.of(
                1, values().map(v -> "Transform: " + v + "\n")),
            net.jqwik.api.Tuple.of(
                1, Combinators.combine(keys(), values()).as((k, v) -> "Metadata:\n  " + k + ": " + v + "\n")));
    Arbitrary<String> yaml = section.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join("", s));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, yaml),
        net.jqwik.api.Tuple.of(
            1, Combinators.combine(yaml, Arbitraries.strings().all().ofMaxLength(20)).as((y, junk) -> y + junk)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}",
                "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": []}}}",
                "{\"Resources\": " + "[".repeat(200),
                "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}, \"Resources\": {}}",
                "{\"Resources\": {\"Q\": {\"Type\": 1e999999}}}",
                "{\"Resources\": null}",
                "[1, 2]",
                "\uFEFF{}",
                "{\"Outputs\": {\"O\": {\"Value\": {\"Fn::GetAtt\": []}}}}")));
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
