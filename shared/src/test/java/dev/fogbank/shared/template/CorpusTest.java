package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid real-world templates must pass: every template of AWS's public aws-cloudformation-templates
 * repository in which cfn-lint finds no error (see the corpus README) is read, checked against the
 * resource schemas and its dependency graph, with zero refusals.
 */
public class CorpusTest {

  private static final String ROOT = "/corpus/aws-cloudformation-templates/";

  /** The corpus files' paths, as listed in files.txt (also read by the rules' corpus report). */
  public static List<String> corpus() {
    return new String(bytes("files.txt"), StandardCharsets.UTF_8).lines().toList();
  }

  /** One corpus file by its path in files.txt. */
  public static byte[] bytes(String name) {
    try (InputStream in = CorpusTest.class.getResourceAsStream(ROOT + name)) {
      assertNotNull(in, "corpus file missing: " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void corpus_whenListed_thenEveryFileIsThere() {
    // 212 cfn-lint-clean templates less the 3 that need the rain preprocessor.
    assertEquals(209, corpus().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @DisplayName("A template CloudFormation accepts is not refused")
  void requireValid_whenCorpusTemplate_thenNoErrors(String name) {
    SourceTemplate read =
        assertDoesNotThrow(() -> TemplateReader.readSource(bytes(name)), "read " + name);
    List<TemplateProblem> warnings =
        assertDoesNotThrow(() -> read.requireValid(ResourceSchemas.bundled()), "check " + name);
    assertTrue(warnings.stream().noneMatch(TemplateProblem::isError));
  }
}
