package dev.fogbank.functions.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded jars {@code mvn package} built (this runs in the integration phase, after shading)
 * stay within their {@link ArtifactBudget}, and no artifact is built without one.
 */
class ArtifactBudgetIT {

  /**
   * Jars of this module that are not Lambda artifacts ({@code console-assets}: the files the
   * console function reads from S3 for /api, no function's code).
   */
  private static final Set<String> NOT_LAMBDA =
      Set.of("tests", "sources", "javadoc", "console-assets");

  @Test
  void everyArtifact_whenBuilt_thenWithinItsBudget() throws IOException {
    List<String> over = new ArrayList<>();
    for (ArtifactBudget budget : ArtifactBudget.values()) {
      long size = Files.size(LambdaArtifactIT.artifact(budget.group()));
      if (size > budget.bytes()) {
        over.add(
            String.format(
                Locale.ROOT,
                "%s: %.2f MB, budget %.2f MB (%,d bytes over)",
                budget.group(),
                size / 1_000_000.0,
                budget.megabytes(),
                size - budget.bytes()));
      }
    }

    assertEquals(
        List.of(),
        over,
        "artifacts over their size budget (shed a dependency from the group's shade filter in"
            + " functions/pom.xml, or split the group; see ArtifactBudget)");
  }

  @Test
  void builtJars_whenAnyIsALambdaArtifact_thenItHasABudget() throws IOException {
    Path anyArtifact = LambdaArtifactIT.artifact(ArtifactBudget.API.group());
    String prefix = anyArtifact.getFileName().toString().replaceFirst("-api\\.jar$", "-");
    Set<String> unbudgeted = new TreeSet<>();
    try (Stream<Path> jars = Files.list(anyArtifact.getParent())) {
      jars.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
          .map(name -> name.substring(prefix.length(), name.length() - ".jar".length()))
          .filter(group -> !NOT_LAMBDA.contains(group) && ArtifactBudget.of(group).isEmpty())
          .forEach(unbudgeted::add);
    }

    assertTrue(
        unbudgeted.isEmpty(), "shaded groups without a budget in ArtifactBudget: " + unbudgeted);
  }
}
