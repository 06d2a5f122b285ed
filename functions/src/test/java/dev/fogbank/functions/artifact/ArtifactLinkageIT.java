package dev.fogbank.functions.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every AWS SDK client an artifact carries links on its own. The shade filters in
 * functions/pom.xml drop request models by hand (steps-stack's DynamoDB list) and ProGuard drops the
 * methods no handler reaches; when a handler starts calling an operation whose request class a hand
 * list still drops, the client class fails verification at its first use in Lambda
 * ({@code NoClassDefFoundError} building it). This loads each {@code Default*Client} of each jar in
 * a class loader that sees only that jar, and resolves every method ProGuard kept: a missing request
 * or response class fails here, naming the client and the class, before any deployment tries it.
 */
class ArtifactLinkageIT {

  private static final Pattern SDK_CLIENT =
      Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/Default[A-Za-z0-9]+Client\\.class");

  @ParameterizedTest
  @EnumSource(ArtifactBudget.class)
  void sdkClients_whenLoadedFromTheArtifactAlone_thenEveryKeptMethodLinks(ArtifactBudget group)
      throws IOException {
    Path jar = LambdaArtifactIT.artifact(group.group());
    List<String> clients = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile());
        URLClassLoader loader =
            new URLClassLoader(
                new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        if (!SDK_CLIENT.matcher(entry.getName()).matches()) {
          continue;
        }
        String name = entry.getName().replace('/', '.').replaceFirst("\\.class$", "");
        clients.add(name);
        try {
          Class.forName(name, true, loader).getDeclaredMethods();
        } catch (LinkageError | ClassNotFoundException e) {
          broken.add(name + ": " + e);
        }
      }
    }

    assertTrue(!clients.isEmpty(), group.group() + " carries no AWS SDK client: wrong jar?");
    assertEquals(
        List.of(),
        broken,
        group.group()
            + ": SDK clients that do not link (keep the named class in the group's shade filter in"
            + " functions/pom.xml)");
  }
}
