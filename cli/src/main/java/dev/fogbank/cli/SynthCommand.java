package dev.fogbank.cli;

import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Write the control plane's CloudFormation template, checked against the bundled resource"
            + " schemas. Exit 1, listing every problem, when it is not valid.")
public final class SynthCommand implements Callable<Integer> {

  /** Output formats; the names are what --format takes. */
  enum Format {
    yaml,
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "yaml (default; short-form tags such as !Ref) or json.")
  Format format = Format.yaml;

  private final Supplier<Template> model;

  public SynthCommand() {
    this(ControlPlaneStack::template);
  }

  /** With another template model (tests). */
  SynthCommand(Supplier<Template> model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      Template template = model.get().requireValid(ResourceSchemas.bundled());
      text = format == Format.json ? TemplateWriter.json(template) : TemplateWriter.yaml(template);
    } catch (TemplateException e) {
      err.println("fogbank synth: " + e.getMessage());
      err.flush();
      return 1;
    }
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(text);
      stdout.flush();
      return 0;
    }
    try {
      write(out, text);
    } catch (IOException e) {
      err.println("fogbank synth: cannot write " + out + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    err.println(
        "fogbank synth: wrote "
            + out
            + " ("
            + text.getBytes(StandardCharsets.UTF_8).length
            + " bytes, "
            + format
            + ")");
    err.flush();
    return 0;
  }

  /** Through a temporary file beside the target, so a reader never sees half a template. */
  private static void write(Path file, String text) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
