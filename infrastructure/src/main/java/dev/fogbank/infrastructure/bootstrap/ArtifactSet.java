package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import dev.fogbank.infrastructure.controlplane.StateMachineDefinition;
import dev.fogbank.statemachines.asl.AslDefinitionException;
import dev.fogbank.statemachines.asl.AslEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Everything the control-plane template needs uploaded: one jar per function group (from the
 * functions module's build folder) and the state machine definitions (from the classpath), each
 * under a content-addressed key: {@code functions/<classifier>/<sha256>.jar}, {@code
 * statemachines/<name>/<sha256>.asl.json}.
 */
public final class ArtifactSet {

  /** How to get the jars, for the message when one is missing. */
  static final String BUILD_COMMAND = "mvn -pl functions -am package -DskipTests";

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final String JAR_PREFIX = "functions-";
  private static final String ASL_SUFFIX = ".asl.json";

  private final List<Artifact> artifacts;

  private ArtifactSet(List<Artifact> artifacts) {
    this.artifacts = List.copyOf(artifacts);
  }

  /**
   * Reads the function jars from {@code functionsDir} and the definitions from the classpath,
   * hashing each. Every problem is found before anything is uploaded: a missing folder or jar
   * (named, with the command that builds it), a file that is not a jar, a definition that is not
   * valid ASL.
   */
  public static ArtifactSet load(Path functionsDir) {
    String version = jarVersion(functionsDir);
    // Every jar checked in order first (the first problem is the one reported), then hashed in
    // parallel: tens of MB each.
    for (FunctionArtifact function : FunctionArtifact.values()) {
      requireJar(functionsDir.resolve(function.jarFileName(version)), function);
    }
    List<Artifact> artifacts =
        new ArrayList<>(
            Stream.of(FunctionArtifact.values())
                .parallel()
                .map(f -> functionJar(functionsDir, f, version))
                .toList());
    for (StateMachineDefinition definition : StateMachineDefinition.values()) {
      artifacts.add(definition(definition, readResource(definition.resourcePath())));
    }
    return new ArtifactSet(artifacts);
  }

  /** The key of a function group's jar with this content. */
  public static String functionKey(FunctionArtifact function, String sha256) {
    return "functions/" + function.classifier() + "/" + sha256 + ".jar";
  }

  /** The key of a state machine definition with this content. */
  public static String definitionKey(StateMachineDefinition definition, String sha256) {
    return "statemachines/" + definitionName(definition) + "/" + sha256 + ASL_SUFFIX;
  }

  /** {@code deploy} for {@code deploy.asl.json}. */
  static String definitionName(StateMachineDefinition definition) {
    String file = definition.fileName();
    return file.endsWith(ASL_SUFFIX)
        ? file.substring(0, file.length() - ASL_SUFFIX.length())
        : file;
  }

  /** A function group's jar as an artifact; the file must exist and be a jar. */
  static Artifact functionJar(Path jar, FunctionArtifact function) {
    requireJar(jar, function);
    String sha256;
    long size;
    try {
      size = Files.size(jar);
      sha256 = sha256(jar);
    } catch (IOException e) {
      throw BootstrapException.invalidInput("cannot read " + jar + ": " + e.getMessage());
    }
    return new Artifact(
        "function " + function.classifier(),
        function.parameterName(),
        functionKey(function, sha256),
        sha256,
        size,
        new Artifact.FileSource(jar));
  }

  /** The file exists and starts like a zip. */
  private static void requireJar(Path jar, FunctionArtifact function) {
    if (!Files.isRegularFile(jar)) {
      throw BootstrapException.invalidInput(
          "function artifact '"
              + function.classifier()
              + "' not found: expected "
              + jar
              + "; build it with '"
              + BUILD_COMMAND
              + "' (./scripts/bootstrap builds it for you)");
    }
    byte[] head = new byte[ZIP_MAGIC.length];
    int read;
    try (InputStream in = Files.newInputStream(jar)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw BootstrapException.invalidInput("cannot read " + jar + ": " + e.getMessage());
    }
    if (read < head.length || !java.util.Arrays.equals(head, ZIP_MAGIC)) {
      throw BootstrapException.invalidInput(
          "function artifact '"
              + function.classifier()
              + "' at "
              + jar
              + " is not a jar (zip) file; rebuild it with '"
              + BUILD_COMMAND
              + "'");
    }
  }

  /** A state machine definition as an artifact; it must be valid ASL. */
  static Artifact definition(StateMachineDefinition definition, byte[] bytes) {
    String where = "state machine definition " + definition.resourcePath();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw BootstrapException.invalidInput(where + " is not UTF-8 text");
    }
    try {
      AslEngine.parseDefinition(text);
    } catch (AslDefinitionException e) {
      throw BootstrapException.invalidInput(
          where + " is not a valid state machine: " + e.getMessage());
    }
    String sha256 = sha256(bytes);
    return new Artifact(
        "state machine " + definitionName(definition),
        definition.parameterName(),
        definitionKey(definition, sha256),
        sha256,
        bytes.length,
        new Artifact.BytesSource("classpath:" + definition.resourcePath(), bytes));
  }

  public List<Artifact> artifacts() {
    return artifacts;
  }

  /** Template parameter name → S3 key, in artifact order. */
  public Map<String, String> parameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    artifacts.forEach(a -> parameters.put(a.parameterName(), a.key()));
    return Collections.unmodifiableMap(parameters);
  }

  // --- loading -----------------------------------------------------------------------------

  private static Artifact functionJar(Path dir, FunctionArtifact function, String version) {
    return functionJar(dir.resolve(function.jarFileName(version)), function);
  }

  /**
   * The project version whose jars to use: this build's own version when it is known (from the
   * jar's Maven metadata) and present, else the one version for which every function group has a
   * jar in the folder.
   */
  static String jarVersion(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw BootstrapException.invalidInput(
          "functions folder "
              + dir
              + " does not exist; build the function jars with '"
              + BUILD_COMMAND
              + "' or pass --functions-dir");
    }
    Optional<String> own = ownVersion();
    if (own.isPresent()) {
      String v = own.get();
      boolean any =
          Stream.of(FunctionArtifact.values())
              .anyMatch(f -> Files.exists(dir.resolve(f.jarFileName(v))));
      if (any) {
        return v;
      }
    }
    // Version -> classifiers present. A name ends with "-<classifier>.jar"; what precedes it
    // after "functions-" is the version (versions contain hyphens, so no simple split works).
    Map<String, Set<String>> byVersion = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(JAR_PREFIX) && n.endsWith(".jar"))
          .forEach(
              n -> {
                for (FunctionArtifact f : FunctionArtifact.values()) {
                  String suffix = "-" + f.classifier() + ".jar";
                  if (n.endsWith(suffix) && n.length() > JAR_PREFIX.length() + suffix.length()) {
                    String v = n.substring(JAR_PREFIX.length(), n.length() - suffix.length());
                    byVersion.computeIfAbsent(v, k -> new TreeSet<>()).add(f.classifier());
                  }
                }
              });
    } catch (IOException e) {
      throw BootstrapException.invalidInput("cannot list " + dir + ": " + e.getMessage());
    }
    TreeSet<String> complete = new TreeSet<>();
    byVersion.forEach(
        (v, classifiers) -> {
          if (Stream.of(FunctionArtifact.values())
              .allMatch(f -> classifiers.contains(f.classifier()))) {
            complete.add(v);
          }
        });
    if (complete.size() == 1) {
      return complete.first();
    }
    if (complete.size() > 1) {
      throw BootstrapException.invalidInput(
          "functions folder "
              + dir
              + " holds jars of several versions "
              + complete
              + "; clean it ('mvn clean') and build again, or pass --functions-dir");
    }
    // Nothing complete: name the first missing jar of the most likely version.
    String likely =
        byVersion.entrySet().stream()
            .max(Comparator.comparingInt((Map.Entry<String, Set<String>> e) -> e.getValue().size()))
            .map(Map.Entry::getKey)
            .orElse(own.orElse("<version>"));
    for (FunctionArtifact f : FunctionArtifact.values()) {
      if (!Files.exists(dir.resolve(f.jarFileName(likely)))) {
        functionJar(dir.resolve(f.jarFileName(likely)), f); // throws, naming the file
      }
    }
    return likely;
  }

  /** This module's Maven version, when running from its packaged jar. */
  private static Optional<String> ownVersion() {
    try (InputStream in =
        ArtifactSet.class.getResourceAsStream(
            "/META-INF/maven/dev.fogbank/infrastructure/pom.properties")) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.isBlank());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] readResource(String path) {
    try (InputStream in = ArtifactSet.class.getResourceAsStream(path)) {
      if (in == null) {
        throw BootstrapException.invalidInput(
            "state machine definition "
                + path
                + " is not on the classpath (it comes from the statemachines module's jar)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
