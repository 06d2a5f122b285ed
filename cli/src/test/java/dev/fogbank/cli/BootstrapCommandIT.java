package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.SynthCommandTest.Run;
import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fogbank bootstrap} end to end against the AWS emulator, as a person runs it. */
@ExtendWith(AwsEndpointExtension.class)
class BootstrapCommandIT {

  /** One jar per function group and the state machine definitions. */
  private static final int ARTIFACTS =
      FunctionArtifact.values().length
          + dev.fogbank.infrastructure.controlplane.StateMachineDefinition.values().length;

  @TempDir Path functions;

  @Test
  void bootstrap_firstRunCreatesSecondRunHasNoChangesChangedJarUpdates(AwsEndpoint aws)
      throws IOException {
    jars("v1");
    String[] args = {
      "bootstrap",
      "--aws-endpoint",
      aws.endpoint().toString(),
      "--region",
      aws.region(),
      "--functions-dir",
      functions.toString()
    };

    long started = System.nanoTime();
    Run first = SynthCommandTest.run(new FogbankCli(), args);
    long firstMillis = (System.nanoTime() - started) / 1_000_000;
    started = System.nanoTime();
    Run second = SynthCommandTest.run(new FogbankCli(), args);
    long secondMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "fogbank bootstrap: first run %d ms, second run %d ms%n", firstMillis, secondMillis);

    assertEquals(0, first.exit(), first.err() + first.out());
    List<String> lines = first.out().lines().toList();
    assertEquals(
        ARTIFACTS, lines.stream().filter(l -> l.startsWith("uploaded: ")).count(), first.out());
    assertTrue(lines.contains("change: Add ControlTable AWS::DynamoDB::Table"), first.out());
    assertEquals("bootstrap: fogbank CREATE_COMPLETE", lines.getLast());
    assertEquals("", first.err());
    // The bootstrapping principal (moto's STS caller) is the first admin, once.
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("authorization policy seeded: arn:aws:")
                    && l.endsWith(" is admin on every stack (PUT /policy to grant others)")),
        first.out());

    assertEquals(0, second.exit(), second.err() + second.out());
    List<String> again = second.out().lines().toList();
    assertTrue(
        again.contains("artifacts: up to date (" + ARTIFACTS + " already uploaded)"), second.out());
    assertEquals(0, again.stream().filter(l -> l.startsWith("uploaded: ")).count());
    assertEquals("bootstrap: fogbank no changes", again.getLast());
    assertTrue(
        again.stream().anyMatch(l -> l.startsWith("authorization policy: kept the one stored in ")),
        second.out());

    writeJar(FunctionArtifact.API, "v2");
    Run third = SynthCommandTest.run(new FogbankCli(), args);

    assertEquals(0, third.exit(), third.err() + third.out());
    List<String> update = third.out().lines().toList();
    assertEquals(1, update.stream().filter(l -> l.startsWith("uploaded: functions/api/")).count());
    assertTrue(
        update.stream()
            .filter(l -> l.startsWith("change: "))
            .allMatch(l -> l.contains(" AWS::Lambda::")),
        third.out());
    assertEquals("bootstrap: fogbank UPDATE_COMPLETE", update.getLast());
  }

  @Test
  void bootstrap_viaControlPlaneWithNothingChanged_thenNoChanges(AwsEndpoint aws)
      throws IOException {
    jars("v1");
    String[] install = {
      "bootstrap",
      "--aws-endpoint",
      aws.endpoint().toString(),
      "--region",
      aws.region(),
      "--functions-dir",
      functions.toString(),
      "--stack-name",
      "fogbank-self"
    };
    assertEquals(0, SynthCommandTest.run(new FogbankCli(), install).exit());

    String[] upgrade =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(install), java.util.stream.Stream.of("--via-control-plane"))
            .toArray(String[]::new);
    Run run = SynthCommandTest.run(new FogbankCli(), upgrade);

    assertEquals(0, run.exit(), run.err() + run.out());
    assertEquals("bootstrap: fogbank-self no changes", run.out().lines().toList().getLast());
  }

  @Test
  void bootstrap_whenEmulatorUnreachable_thenOneLineSayingWhichCallFailed() throws IOException {
    jars("v1");

    Run run =
        SynthCommandTest.run(
            new FogbankCli(),
            "bootstrap",
            "--aws-endpoint",
            "http://127.0.0.1:9",
            "--functions-dir",
            functions.toString(),
            "--timeout",
            "10s");

    assertEquals(1, run.exit());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "fogbank bootstrap: CloudFormation DescribeStacks for stack 'fogbank'"
                    + " failed: no answer from the service"),
        run.err());
  }

  private void jars(String marker) throws IOException {
    for (FunctionArtifact f : FunctionArtifact.values()) {
      writeJar(f, marker);
    }
  }

  private void writeJar(FunctionArtifact f, String marker) throws IOException {
    try (OutputStream out = Files.newOutputStream(functions.resolve(f.jarFileName("0.0.0-it")));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("fogbank-test.txt"));
      zip.write((f.classifier() + ":" + marker).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }
}
