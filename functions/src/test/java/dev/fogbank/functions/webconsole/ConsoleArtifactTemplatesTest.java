package dev.fogbank.functions.webconsole;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console artifact keeps every page template: jte loads the generated classes by name, so
 * functions/pom.xml names each one as an entry point of the console's shade execution (minimizeJar
 * would drop them otherwise, and LambdaArtifactIT would see a 500 on the first page it renders).
 */
class ConsoleArtifactTemplatesTest {
  @Test
  void consoleArtifact_whenATemplateExists_thenItIsAnEntryPointOfTheShadeExecution()
      throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    List<String> templates;
    try (Stream<Path> files = Files.list(Path.of("src/main/jte"))) {
      templates =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".jte"))
              .map(n -> n.substring(0, n.length() - ".jte".length()))
              .sorted()
              .toList();
    }
    assertTrue(templates.contains("login"), "found the templates: " + templates);
    for (String template : templates) {
      String generated = "gg.jte.generated.precompiled.Jte" + template + "Generated";
      assertDoesNotThrow(() -> Class.forName(generated), "jte's naming: " + generated);
      assertEquals(
          1,
          pom.split("<entryPoint>" + java.util.regex.Pattern.quote(generated) + "</entryPoint>", -1)
                  .length
              - 1,
          generated + " is not an entry point of the console artifact in functions/pom.xml");
    }
  }
}
