package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.template.Resource;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TemplateWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fogbank synth}: the control-plane template on stdout or in a file. */
class SynthCommandTest {

  @TempDir Path dir;

  @Test
  void synth_byDefault_thenValidYamlOnStdoutWithTheControlPlaneResources() {
    Run run = run(new FogbankCli(), "synth");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("!Ref"), "YAML short forms");
    JsonNode root = parse(run.out());
    assertTrue(root.path("Resources").has(ControlPlaneStack.TABLE));
    assertTrue(root.path("Parameters").has(ControlPlaneStack.ARTIFACTS_BUCKET_PARAMETER));
    assertEquals("", run.err());
  }

  @Test
  void synth_whenJson_thenTheSameTemplateAsJson() throws IOException {
    Run yaml = run(new FogbankCli(), "synth");
    Run json = run(new FogbankCli(), "synth", "--format", "json");

    assertEquals(0, json.exit(), json.err());
    JsonNode fromJson = Json.mapper().readTree(json.out());
    assertEquals(parse(yaml.out()), parse(json.out()));
    assertTrue(fromJson.path("Resources").has(ControlPlaneStack.DROP_BUCKET));
  }

  @Test
  void synth_whenOut_thenWritesTheFileAndSaysSo() throws IOException {
    Path file = dir.resolve("sub/control-plane.yaml");

    Run run = run(new FogbankCli(), "synth", "--out", file.toString());

    assertEquals(0, run.exit(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("fogbank synth: wrote " + file), run.err());
    assertEquals(run(new FogbankCli(), "synth").out(), Files.readString(file));
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void synth_whenTemplateInvalid_thenExit1WithEveryProblemAndNoStackTrace() {
    Supplier<Template> broken =
        () -> {
          Template t = ControlPlaneStack.template();
          t.add(Resource.of("Broken", "AWS::S3::Bucket").property("NoSuchProperty", 1));
          t.add(
              Resource.of("Dangling", "AWS::SNS::Topic")
                  .property("TopicName", dev.fogbank.shared.template.Fn.ref("Nowhere")));
          return t;
        };

    Run run = run(new SynthCommand(broken), "--out", dir.resolve("t.yaml").toString());

    assertEquals(1, run.exit());
    assertTrue(run.err().startsWith("fogbank synth: invalid template, "), run.err());
    assertTrue(run.err().contains("Resources.Broken"), run.err());
    assertTrue(run.err().contains("Nowhere"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
    assertFalse(Files.exists(dir.resolve("t.yaml")));
  }

  @Test
  void synth_whenFormatUnknown_thenUsageError() {
    Run run = run(new FogbankCli(), "synth", "--format", "toml");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--format"), run.err());
  }

  /** The output as the template reader understands it, in the writer's long form. */
  private static JsonNode parse(String text) {
    try {
      return Json.mapper().readTree(TemplateWriter.json(TemplateReader.read(text)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
