package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import dev.fogbank.infrastructure.controlplane.StateMachineDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactSetTest {

  static final int ARTIFACTS =
      FunctionArtifact.values().length + StateMachineDefinition.values().length;

  @TempDir Path dir;

  @Test
  void load_whenEveryJarIsThere_thenContentAddressedKeysForJarsAndDefinition() throws IOException {
    FunctionJars.fake(dir, "v1");

    ArtifactSet set = ArtifactSet.load(dir);

    assertEquals(ARTIFACTS, set.artifacts().size());
    Artifact api = set.artifacts().getFirst();
    assertEquals("function api", api.name());
    assertEquals("ApiCodeKey", api.parameterName());
    assertTrue(api.key().matches("functions/api/[0-9a-f]{64}\\.jar"), api.key());
    assertEquals(api.key(), "functions/api/" + api.sha256() + ".jar");
    Artifact deploy =
        set.artifacts().stream()
            .filter(a -> a.parameterName().equals("DeployDefinitionKey"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        deploy.key().matches("statemachines/deploy/[0-9a-f]{64}\\.asl\\.json"), deploy.key());
    assertEquals("application/json", deploy.contentType());
    Artifact driftScan =
        set.artifacts().stream()
            .filter(a -> a.parameterName().equals("DriftScanDefinitionKey"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        driftScan.key().matches("statemachines/drift-scan/[0-9a-f]{64}\\.asl\\.json"),
        driftScan.key());
    List<String> expected = new java.util.ArrayList<>();
    for (FunctionArtifact f : FunctionArtifact.values()) {
      expected.add(f.parameterName());
    }
    for (var d : dev.fogbank.infrastructure.controlplane.StateMachineDefinition.values()) {
      expected.add(d.parameterName());
    }
    assertEquals(expected, List.copyOf(set.parameters().keySet()));
  }

  @Test
  void load_whenOneJarChanges_thenOnlyItsKeyChanges() throws IOException {
    FunctionJars.fake(dir, "v1");
    Map<String, String> before = ArtifactSet.load(dir).parameters();
    FunctionJars.change(dir, FunctionArtifact.SLACK, "v2");

    Map<String, String> after = ArtifactSet.load(dir).parameters();

    assertNotEquals(before.get("SlackCodeKey"), after.get("SlackCodeKey"));
    before.forEach(
        (k, v) -> {
          if (!k.equals("SlackCodeKey")) {
            assertEquals(v, after.get(k), k);
          }
        });
  }

  @Test
  void load_whenAJarIsMissing_thenNamesTheFileAndTheBuildCommand() throws IOException {
    FunctionJars.fake(dir, "v1");
    Files.delete(dir.resolve(FunctionArtifact.DROP.jarFileName(FunctionJars.TEST_VERSION)));

    BootstrapException e = assertThrows(BootstrapException.class, () -> ArtifactSet.load(dir));

    assertEquals(
        "function artifact 'drop' not found: expected "
            + dir.resolve("functions-0.0.0-test-drop.jar")
            + "; build it with 'mvn -pl functions -am package -DskipTests' (./scripts/bootstrap"
            + " builds it for you)",
        e.getMessage());
  }

  @Test
  void load_whenFolderMissing_thenSaysSo() {
    Path missing = dir.resolve("nope");

    BootstrapException e = assertThrows(BootstrapException.class, () -> ArtifactSet.load(missing));

    assertTrue(
        e.getMessage().startsWith("functions folder " + missing + " does not exist"),
        e.getMessage());
  }

  @Test
  void load_whenAJarIsNotAZip_thenNamesIt() throws IOException {
    FunctionJars.fake(dir, "v1");
    Path api = dir.resolve(FunctionArtifact.API.jarFileName(FunctionJars.TEST_VERSION));
    Files.writeString(api, "not a jar", StandardCharsets.UTF_8);

    BootstrapException e = assertThrows(BootstrapException.class, () -> ArtifactSet.load(dir));

    assertTrue(e.getMessage().contains(api + " is not a jar (zip) file"), e.getMessage());
  }

  @Test
  void load_whenJarsOfTwoVersionsAreComplete_thenAsksForOne() throws IOException {
    FunctionJars.fake(dir, "v1");
    for (FunctionArtifact f : FunctionArtifact.values()) {
      FunctionJars.writeJar(dir.resolve(f.jarFileName("9.9.9")), "other");
    }

    BootstrapException e = assertThrows(BootstrapException.class, () -> ArtifactSet.load(dir));

    assertTrue(e.getMessage().contains("several versions [0.0.0-test, 9.9.9]"), e.getMessage());
  }

  @Test
  void load_whenVersionHasHyphensAndStrayJarsLieAround_thenFindsTheCompleteVersion()
      throws IOException {
    for (FunctionArtifact f : FunctionArtifact.values()) {
      FunctionJars.writeJar(dir.resolve(f.jarFileName("1.2.0-rc-1-SNAPSHOT")), f.classifier());
    }
    FunctionJars.writeJar(dir.resolve("functions-1.2.0-rc-1-SNAPSHOT-steps.jar"), "old group");
    FunctionJars.writeJar(dir.resolve("functions-1.2.0-rc-1-SNAPSHOT.jar"), "thin jar");

    assertEquals("1.2.0-rc-1-SNAPSHOT", ArtifactSet.jarVersion(dir));
  }

  @Test
  void definition_whenNotValidAsl_thenNamesTheResource() {
    BootstrapException e =
        assertThrows(
            BootstrapException.class,
            () ->
                ArtifactSet.definition(
                    StateMachineDefinition.DEPLOY,
                    "{\"StartAt\": \"Missing\", \"States\": {}}".getBytes(StandardCharsets.UTF_8)));

    assertTrue(
        e.getMessage()
            .startsWith(
                "state machine definition /statemachines/deploy.asl.json is not"
                    + " a valid state machine"),
        e.getMessage());
  }
}
