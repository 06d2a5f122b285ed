package dev.fogbank.infrastructure.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateWriter;
import dev.fogbank.shared.testing.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint (AWS's CloudFormation linter) reports nothing on the synthesized control-plane
 * template, in both formats: no errors, no warnings, no informational findings.
 */
class CfnLintTest {

  private static String cfnLint;

  @BeforeAll
  static void findCfnLint() {
    cfnLint = System.getenv().getOrDefault("FOGBANK_CFN_LINT", "cfn-lint");
    boolean present;
    try {
      Process p = new ProcessBuilder(cfnLint, "--version").redirectErrorStream(true).start();
      present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    Prerequisite.require(
        present,
        "cfn-lint is not installed (pip install 'cfn-lint>=1.51,<2', or set FOGBANK_CFN_LINT): the"
            + " control-plane template was NOT linted");
  }

  @Test
  @DisplayName("cfn-lint reports nothing on the YAML template")
  void yaml(@TempDir Path dir) throws Exception {
    assertEquals("", lint(dir.resolve("control-plane.yaml"), TemplateWriter.yaml(template())));
  }

  @Test
  @DisplayName("cfn-lint reports nothing on the JSON template")
  void json(@TempDir Path dir) throws Exception {
    assertEquals("", lint(dir.resolve("control-plane.json"), TemplateWriter.json(template())));
  }

  private static Template template() {
    return ControlPlaneStack.template();
  }

  private static String lint(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(cfnLint, "--format", "parseable", "--", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cfn-lint did not finish in 120 s");
    }
    return out.strip() + (p.exitValue() == 0 ? "" : "\n(exit " + p.exitValue() + ")");
  }
}
