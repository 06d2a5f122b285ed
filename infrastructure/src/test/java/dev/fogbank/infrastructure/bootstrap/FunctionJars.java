package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Function jars for tests: small stand-ins (the emulator stores Lambda code but never runs it, so
 * only their bytes matter), or the ones the reactor built.
 */
final class FunctionJars {

  static final String TEST_VERSION = "0.0.0-test";

  private FunctionJars() {}

  /**
   * Writes a small valid jar per function group; {@code marker} goes into each, so that different
   * markers give different content (and keys).
   */
  static Path fake(Path dir, String marker) throws IOException {
    Files.createDirectories(dir);
    for (FunctionArtifact f : FunctionArtifact.values()) {
      writeJar(dir.resolve(f.jarFileName(TEST_VERSION)), f.classifier() + ":" + marker);
    }
    return dir;
  }

  /** Rewrites one group's jar with new content, leaving the others as they are. */
  static void change(Path dir, FunctionArtifact function, String marker) throws IOException {
    writeJar(dir.resolve(function.jarFileName(TEST_VERSION)), function.classifier() + ":" + marker);
  }

  static void writeJar(Path jar, String content) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("fogbank-test.txt"));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  /**
   * The functions module's build folder of this build (the same {@code fogbank.buildDir} as the
   * running tests), when it holds every function group's jar: in a reactor build the functions
   * module is packaged before infrastructure is tested.
   */
  static Optional<Path> built() {
    try {
      Path testClasses =
          Path.of(FunctionJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path buildDir = testClasses.getParent();
      Path root = buildDir.getParent().getParent();
      for (String name : new String[] {buildDir.getFileName().toString(), "target"}) {
        Path candidate = root.resolve("functions").resolve(name);
        if (complete(candidate)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean complete(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      var names = files.map(p -> p.getFileName().toString()).toList();
      return Stream.of(FunctionArtifact.values())
          .allMatch(
              f ->
                  names.stream()
                      .anyMatch(
                          n ->
                              n.startsWith("functions-")
                                  && n.endsWith("-" + f.classifier() + ".jar")));
    } catch (IOException e) {
      return false;
    }
  }
}
