package dev.fogbank.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentManifest;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateProblem;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TextPosition;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.validation.TemplateValidation;
import dev.fogbank.shared.validation.ValidationPolicy;
import dev.fogbank.shared.validation.ValidationReport;
import dev.fogbank.shared.validation.ValidationReport.RecordedFinding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fogbank validate}: the control plane's Validate step on local files, offline (reader,
 * resource schemas, parameter constraints, security rules; no AWS pre-flight), so that a pipeline
 * can run it before uploading.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check templates as the control plane's Validate step does, offline: structure, resource"
          + " schemas, parameter values (when given) and the security rules.",
      "Exit 0: clean or warnings only; 1: a template is invalid or a finding blocks; 2: usage"
          + " error or unreadable file."
    })
public final class ValidateCommand implements Callable<Integer> {
  static final int CLEAN = 0;
  static final int BLOCKED = 1;
  static final int UNUSABLE = 2;

  /** What --output takes. */
  enum Output {
    text,
    json
  }

  private static final Pattern LOCATED = Pattern.compile("^(.*) \\(line (\\d+), column (\\d+)\\)$");

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Templates (YAML or JSON).")
  List<Path> files;

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description = "A parameter value (repeatable); checked against the template's constraints.")
  Map<String, String> parameterValues = new LinkedHashMap<>();

  @Option(
      names = "--parameters",
      paramLabel = "FILE",
      description =
          "A deployment.yaml (parameters, tags, validation); -p values override its parameters.")
  Path manifestFile;

  @Option(
      names = "--block-at",
      paramLabel = "SEVERITY",
      description = "Lowest severity that blocks: CRITICAL, HIGH (default), MEDIUM or LOW.")
  String blockAt;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json.")
  Output output = Output.text;

  private final TemplateRules rules;

  public ValidateCommand() {
    this(SecurityRules.standard());
  }

  /** With other rules (tests). */
  ValidateCommand(TemplateRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeploymentManifest manifest;
    ValidationPolicy policy;
    try {
      manifest = manifest();
      policy =
          blockAt == null
              ? manifest.validation()
              : new ValidationPolicy(
                  manifest.validation().enforcement(), ValidationPolicy.severity(blockAt));
    } catch (IllegalArgumentException | DeploymentException | IOException e) {
      err.println("fogbank validate: " + e.getMessage());
      err.flush();
      return UNUSABLE;
    }
    Map<String, String> parameters = null;
    if (manifestFile != null || !parameterValues.isEmpty()) {
      parameters = new LinkedHashMap<>(manifest.parameters());
      parameters.putAll(parameterValues);
    }
    TemplateValidation validation = new TemplateValidation(ResourceSchemas.bundled(), rules);
    ArrayNode results = Json.mapper().createArrayNode();
    int exit = CLEAN;
    int blocking = 0;
    for (Path file : files) {
      FileResult result = check(file, validation, parameters, policy);
      exit = Math.max(exit, result.exit);
      blocking += result.report == null ? 0 : result.report.blocking();
      if (output == Output.json) {
        results.add(result.json);
      } else {
        result.lines.forEach(out::println);
      }
    }
    if (output == Output.json) {
      ObjectNode root = Json.mapper().createObjectNode();
      root.set("files", results);
      root.put("exitCode", exit);
      try {
        out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e); // a tree of plain values always serialises
      }
    }
    err.println(
        "fogbank validate: "
            + files.size()
            + (files.size() == 1 ? " file, " : " files, ")
            + blocking
            + (blocking == 1 ? " blocking finding" : " blocking findings")
            + " ("
            + policy.enforcement().wireName()
            + " at "
            + policy.blockAt()
            + "); exit "
            + exit);
    out.flush();
    err.flush();
    return exit;
  }

  private DeploymentManifest manifest() throws IOException {
    if (manifestFile == null) {
      return DeploymentManifest.empty();
    }
    return DeploymentManifest.parse(Files.readAllBytes(manifestFile));
  }

  private static final class FileResult {
    final ObjectNode json = Json.mapper().createObjectNode();
    final List<String> lines = new java.util.ArrayList<>();
    int exit = CLEAN;
    ValidationReport report;
  }

  private FileResult check(
      Path file,
      TemplateValidation validation,
      Map<String, String> parameters,
      ValidationPolicy policy) {
    FileResult r = new FileResult();
    r.json.put("file", file.toString());
    ArrayNode problems = r.json.putArray("problems");
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (IOException | SecurityException e) {
      String why = "cannot read " + file + " (" + e.getClass().getSimpleName() + ")";
      r.lines.add(file + ": ERROR " + why);
      problems.addObject().put("code", "UNREADABLE").put("message", why);
      r.json.put("valid", false);
      r.exit = UNUSABLE;
      return r;
    }
    try {
      SourceTemplate read = TemplateReader.readSource(body);
      TemplateValidation.Outcome outcome = validation.check(read, parameters, List.of(), policy);
      r.report = outcome.report();
      ArrayNode warnings = r.json.putArray("warnings");
      for (String warning : outcome.warnings()) {
        problem(r, file, "WARNING", "TEMPLATE", warning, warnings);
      }
      for (RecordedFinding f : r.report.findings()) {
        r.lines.add(
            file
                + ":"
                + (f.line() == null ? "" : f.line() + ":" + f.column() + ":")
                + " "
                + f.severity()
                + " "
                + f.ruleId()
                + " "
                + f.message()
                + (f.blocking() ? "" : f.suppressed() ? " (suppressed: " + f.justification() + ")" : "")
                + (f.blocking() ? " [blocks]" : ""));
      }
      if (r.report.truncated()) {
        r.lines.add(
            file + ": " + (r.report.total() - r.report.findings().size()) + " more findings");
      }
      r.json.put("valid", true);
      r.json.put("blocked", r.report.blocked());
      r.json.set("findings", Json.mapper().valueToTree(r.report.findings()));
      r.json.set("counts", Json.mapper().valueToTree(r.report.countsView()));
      r.exit = r.report.blocked() ? BLOCKED : CLEAN;
    } catch (TemplateException e) {
      r.json.put("valid", false);
      r.json.put("code", e.code().name());
      for (TemplateProblem p : e.problems()) {
        problem(r, file, "ERROR", e.code().name(), p.toString(), problems);
      }
      r.exit = BLOCKED;
    }
    return r;
  }

  /** One problem line, {@code file:line:column: KIND CODE location: message}, and its JSON. */
  private static void problem(
      FileResult r, Path file, String kind, String code, String text, ArrayNode into) {
    Matcher m = LOCATED.matcher(text);
    ObjectNode json = into.addObject().put("code", code);
    if (m.matches()) {
      TextPosition at = new TextPosition(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      json.put("line", at.line()).put("column", at.column()).put("message", m.group(1));
      r.lines.add(
          file + ":" + at.line() + ":" + at.column() + ": " + kind + " " + code + " " + m.group(1));
    } else {
      json.put("message", text);
      r.lines.add(file + ": " + kind + " " + code + " " + text);
    }
  }
}
