package dev.fogbank.shared.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.validation.ValidationPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeploymentManifestTest {

  private static DeploymentManifest parse(String yaml) {
    return DeploymentManifest.parse(yaml.getBytes(UTF_8));
  }

  private static String rejected(String yaml) {
    DeploymentException e = assertThrows(DeploymentException.class, () -> parse(yaml));
    assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
    assertTrue(e.getMessage().startsWith("deployment.yaml: "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void parse_whenScalarsAndLists_thenStringsInAuthorOrder() {
    DeploymentManifest manifest =
        parse(
            "parameters:\n"
                + "  Env: prod\n"
                + "  Count: 3\n"
                + "  Ratio: 1.50\n"
                + "  Enabled: true\n"
                + "  Account: 012345678901\n"
                + "  Subnets: [subnet-1, subnet-2]\n"
                + "  Empty: ''\n"
                + "tags:\n"
                + "  team: payments\n"
                + "  cost-centre: 42\n");

    assertEquals(
        List.of("Env", "Count", "Ratio", "Enabled", "Account", "Subnets", "Empty"),
        List.copyOf(manifest.parameters().keySet()));
    assertEquals("prod", manifest.parameters().get("Env"));
    assertEquals("3", manifest.parameters().get("Count"));
    assertEquals("1.50", manifest.parameters().get("Ratio"));
    assertEquals("true", manifest.parameters().get("Enabled"));
    assertEquals("012345678901", manifest.parameters().get("Account"));
    assertEquals("subnet-1,subnet-2", manifest.parameters().get("Subnets"));
    assertEquals("", manifest.parameters().get("Empty"));
    assertEquals(Map.of("team", "payments", "cost-centre", "42"), manifest.tags());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n", "# nothing yet\n"})
  void parse_whenEmpty_thenEmptyManifest(String yaml) {
    DeploymentManifest manifest = parse(yaml);

    assertTrue(manifest.parameters().isEmpty());
    assertTrue(manifest.tags().isEmpty());
  }

  @Test
  void parse_whenOnlyTags_thenNoParameters() {
    DeploymentManifest manifest = parse("tags:\n  team: a\n");

    assertTrue(manifest.parameters().isEmpty());
    assertEquals(Map.of("team", "a"), manifest.tags());
  }

  @Test
  void parse_whenUnknownTopLevelKey_thenErrorNamesTheKey() {
    String message = rejected("parameters: {}\nparamters: {A: 1}\n");

    assertTrue(message.contains("unknown key 'paramters'"), message);
  }

  @Test
  void parse_whenUsageSection_thenKeptPerLogicalIdAsNumbers() {
    DeploymentManifest manifest =
        parse("usage:\n  Api:\n    monthlyRequests: 5000000\n    averageDurationMs: 120.5\n");

    assertEquals(
        Map.of(
            "Api",
            Map.of(
                "monthlyRequests", new java.math.BigDecimal("5000000"),
                "averageDurationMs", new java.math.BigDecimal("120.5"))),
        manifest.usage());
  }

  @Test
  void parse_whenUsageFigureIsNotANumber_thenErrorNamesIt() {
    String message = rejected("usage:\n  Api:\n    monthlyRequests: lots\n");

    assertTrue(message.contains("usage.Api.monthlyRequests must be a number"), message);
  }

  @Test
  void parse_whenParameterIsNestedMap_thenErrorNamesTheParameter() {
    String message = rejected("parameters:\n  Config: {a: 1}\n");

    assertTrue(message.contains("parameter 'Config' must be a string, number or boolean"), message);
    assertTrue(message.contains("nested mapping"), message);
  }

  @Test
  void parse_whenListInsideList_thenError() {
    String message = rejected("parameters:\n  Subnets: [[a, b]]\n");

    assertTrue(message.contains("parameter 'Subnets' list item"), message);
  }

  @Test
  void parse_whenTagValueIsAList_thenErrorBecauseListsAreForParametersOnly() {
    String message = rejected("tags:\n  team: [a, b]\n");

    assertTrue(message.contains("tag 'team' must be a string"), message);
  }

  @Test
  void parse_whenParameterHasNoValue_thenErrorSuggestsEmptyString() {
    String message = rejected("parameters:\n  Env:\n");

    assertTrue(message.contains("parameter 'Env' has no value"), message);
  }

  @Test
  void parse_whenTagKeyStartsWithAws_thenErrorSaysReserved() {
    String message = rejected("tags:\n  aws:owner: me\n");

    assertTrue(message.contains("must not start with 'aws:'"), message);
  }

  @Test
  void parse_whenTagKeyTooLong_thenError() {
    String message = rejected("tags:\n  " + "k".repeat(129) + ": v\n");

    assertTrue(message.contains("must be 1 to 128 characters"), message);
  }

  @Test
  void parse_whenTagValueTooLong_thenError() {
    String message = rejected("tags:\n  team: " + "v".repeat(257) + "\n");

    assertTrue(message.contains("value is 257 characters; at most 256"), message);
  }

  @Test
  void parse_whenMoreThan50Tags_thenError() {
    StringBuilder yaml = new StringBuilder("tags:\n");
    for (int i = 0; i < 51; i++) {
      yaml.append("  t").append(i).append(": v\n");
    }

    String message = rejected(yaml.toString());

    assertTrue(message.contains("has 51 tags"), message);
  }

  @Test
  void parse_whenParameterNameNotAlphanumeric_thenError() {
    String message = rejected("parameters:\n  my-param: x\n");

    assertTrue(message.contains("parameter name 'my-param' is not valid"), message);
  }

  @Test
  void parse_whenYamlSyntaxError_thenErrorHasLine() {
    String message = rejected("parameters:\n  A: [1, 2\n  B: 3\n");

    assertTrue(message.startsWith("deployment.yaml: not valid YAML: "), message);
    assertTrue(message.contains("line "), message);
  }

  @Test
  void parse_whenDuplicateKey_thenError() {
    String message = rejected("tags:\n  a: 1\n  a: 2\n");

    assertTrue(message.contains("duplicate key a"), message);
  }

  @Test
  void parse_whenAliasBomb_thenRejectedBySharedLimits() {
    StringBuilder yaml = new StringBuilder("x: &a [1,1,1,1,1,1,1,1,1]\n");
    char previous = 'a';
    for (char level = 'b'; level <= 'i'; level++) {
      yaml.append(level).append(": &").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        yaml.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      yaml.append("]\n");
      previous = level;
    }

    String message =
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> rejected(yaml.toString())); // hang guard

    assertTrue(message.contains("aliases are limited"), message);
  }

  @Test
  void parse_whenRootIsAList_thenError() {
    String message = rejected("- a\n");

    assertTrue(message.contains("must be a mapping"), message);
  }

  @Test
  void manifest_whenReturned_thenMapsAreUnmodifiable() {
    DeploymentManifest manifest = parse("tags:\n  a: b\n");

    assertThrows(UnsupportedOperationException.class, () -> manifest.tags().put("c", "d"));
  }

  @Test
  void parse_whenValidationGiven_thenPolicyRead() {
    DeploymentManifest manifest = parse("validation:\n  enforcement: warn\n  blockAt: medium\n");

    assertEquals(
        new ValidationPolicy(ValidationPolicy.Enforcement.WARN, Severity.MEDIUM),
        manifest.validation());
    assertEquals(ValidationPolicy.defaults(), parse("tags: {}\n").validation());
  }

  @Test
  void parse_whenValidationValueOrKeyUnknown_thenManifestInvalidSayingWhatIsAllowed() {
    assertTrue(rejected("validation:\n  enforcement: off\n").contains("block or warn"));
    assertTrue(
        rejected("validation:\n  blockat: LOW\n").contains("allowed: enforcement, blockAt"));
    assertTrue(rejected("validation: warn\n").contains("must be a mapping"));
  }

  @Test
  void parse_whenBudget_thenMonthlyUsdInTheReviewPolicy() {
    assertEquals(
        new java.math.BigDecimal("250.50"), parse("budget: 250.50\n").reviewPolicy().budget());
    assertEquals(null, parse("production: true\n").reviewPolicy().budget());
  }

  @ParameterizedTest
  @ValueSource(strings = {"budget: 0", "budget: -10", "budget: lots", "budget: [1, 2]"})
  void parse_whenBudgetZeroNegativeOrNotANumber_thenManifestInvalidNamingBudget(String yaml) {
    assertTrue(rejected(yaml + "\n").contains("budget"));
  }
}
