package dev.fogbank.infrastructure.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GeneratedResourcesTest {

  private static final String REGENERATE =
      "regenerate with ResourceClassGenerator (the command is at the top of"
          + " infrastructure/src/test/java/dev/fogbank/infrastructure/resources/"
          + "ResourceClassGenerator.java)";

  // Surefire runs in the module directory.
  private static final Path SOURCES = Path.of("src/main/java");

  @Test
  @DisplayName("Checked-in resource classes are exactly what the generator makes of the data")
  void generatedSourcesAreUpToDate() throws IOException {
    Map<String, String> expected = ResourceClassGenerator.generate(ResourceSchemas.bundled());
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Path file = SOURCES.resolve(e.getKey());
      if (!Files.exists(file)) {
        stale.add(file + " is missing");
      } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
        stale.add(file + " differs from the generated source");
      }
    }
    Set<String> onDisk = new TreeSet<>();
    Path root = SOURCES.resolve(ResourceClassGenerator.PACKAGE.replace('.', '/'));
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(p -> onDisk.add(SOURCES.relativize(p).toString().replace('\\', '/')));
    }
    onDisk.removeAll(expected.keySet());
    onDisk.forEach(p -> stale.add(SOURCES.resolve(p) + " is not generated: delete it"));
    if (!stale.isEmpty()) {
      fail(String.join("\n", stale) + "\n" + REGENERATE);
    }
  }

  @Test
  @DisplayName("Every control-plane type gets a class in a package named for its service")
  void oneClassPerType() {
    Map<String, String> files = ResourceClassGenerator.generate(ResourceSchemas.bundled());
    assertEquals(ResourceClassGenerator.TYPES.size(), files.size());
    assertTrue(files.containsKey("dev/fogbank/infrastructure/resources/s3/Bucket.java"));
    assertTrue(
        files.containsKey("dev/fogbank/infrastructure/resources/apigatewayv2/Integration.java"));
    assertTrue(
        files.containsKey("dev/fogbank/infrastructure/resources/stepfunctions/StateMachine.java"));
  }

  @Test
  @DisplayName("Method names lower-case the leading capitals and avoid keywords and base methods")
  void methodNames() {
    assertEquals("bucketName", ResourceClassGenerator.methodName("BucketName"));
    assertEquals("kmsMasterKeyID", ResourceClassGenerator.methodName("KMSMasterKeyID"));
    assertEquals("sseSpecification", ResourceClassGenerator.methodName("SSESpecification"));
    assertEquals("roleArn", ResourceClassGenerator.methodName("RoleArn"));
    assertEquals("vpcConfig", ResourceClassGenerator.methodName("VpcConfig"));
    assertEquals("arn", ResourceClassGenerator.methodName("ARN"));
    assertEquals("s3Bucket", ResourceClassGenerator.methodName("S3Bucket"));
    assertEquals("conditionProperty", ResourceClassGenerator.methodName("Condition"));
    assertEquals("typeProperty", ResourceClassGenerator.methodName("Type"));
    assertEquals("metadataProperty", ResourceClassGenerator.methodName("Metadata"));
    assertEquals("hashCodeProperty", ResourceClassGenerator.methodName("HashCode"));
    assertEquals("default_", ResourceClassGenerator.methodName("Default"));
    assertEquals("getEndpointAddress", ResourceClassGenerator.getterName("Endpoint.Address"));
    assertEquals(
        "getRedrivePolicyDeadLetterTargetArn",
        ResourceClassGenerator.getterName("RedrivePolicy.deadLetterTargetArn"));
  }
}
