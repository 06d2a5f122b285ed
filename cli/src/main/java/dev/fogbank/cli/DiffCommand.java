package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ApiException;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.review.PropertyChange;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.TemplateDiff;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateProblem;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fogbank diff FILE_A FILE_B} (offline) or {@code fogbank diff STACK -t FILE} (against the
 * template of the stack's latest successful deployment, {@code GET /deployments?stack=&status=}
 * then {@code GET /deployments/{id}/template}): the resources added, removed and modified, with the
 * changed properties and whether they replace the resource ({@link TemplateDiff}, the review's own
 * comparison).
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Compare two templates resource by resource: added (+), removed (-), modified (~) with"
            + " the changed properties and whether they replace the resource. Offline for two"
            + " files; with -t, against the template of the stack's latest successful deployment.",
    footer = {
      "%nExamples:",
      "  fogbank diff old.yaml new.yaml",
      "  fogbank diff web -t template.yaml",
      "  fogbank diff web -t template.yaml -o json",
      "%nParameters resolve to their Default (two files) or to the deployed deployment's values.",
      "%nExit (as diff and git diff --exit-code): 0 no differences, 1 differences, 2 a template"
          + " could not be read (or bad usage), 3 API error, 4 no successful deployment of the"
          + " stack, 6 auth, 7 unreachable."
    })
public final class DiffCommand implements Callable<Integer> {
  /** The templates differ (as diff(1) and git diff --exit-code). */
  static final int DIFFERENT = 1;

  /** A template could not be read: diff(1)'s "trouble". */
  static final int UNREADABLE = ExitCodes.USAGE;

  @Mixin ApiOptions api;

  @Parameters(
      arity = "1..2",
      paramLabel = "STACK|FILE",
      description = "Two template files; or, with -t, the stack whose deployed template is compared.")
  List<String> operands;

  @Option(
      names = {"-t", "--template-file"},
      paramLabel = "FILE",
      description = "The new template, compared with the stack's deployed one.")
  Path template;

  @Override
  public Integer call() {
    Template before;
    Template after;
    Map<String, String> parameters = Map.of();
    String stack = null;
    String beforeName;
    try {
      if (template != null) {
        if (operands.size() != 1) {
          return usage("with -t, give one STACK: fogbank diff STACK -t FILE");
        }
        stack = operands.getFirst();
        JsonNode deployed = deployedTemplate(stack);
        beforeName = stack + " (deployment " + deployed.path("deploymentId").asText() + ")";
        parameters = Json.mapper().convertValue(deployed.path("parameters"),
            Json.mapper().getTypeFactory().constructMapType(Map.class, String.class,
                String.class));
        before = read(beforeName, deployed.path("templateBody").asText());
        after = read(template.toString(), file(template));
      } else {
        if (operands.size() != 2) {
          return usage("give two files (fogbank diff FILE_A FILE_B) or STACK -t FILE");
        }
        beforeName = operands.get(0);
        before = read(beforeName, file(Path.of(beforeName)));
        after = read(operands.get(1), file(Path.of(operands.get(1))));
      }
    } catch (Unreadable e) {
      api.err().println("fogbank diff: " + e.getMessage());
      api.err().flush();
      return UNREADABLE;
    }
    TemplateDiff diff =
        TemplateDiff.of(before, parameters, after, parameters, stack == null ? "stack" : stack,
            ResourceSchemas.bundled());
    if (api.output == OutputFormat.csv) {
      api.out().print(AnswerText.csv(rows(diff)));
      api.out().flush();
    } else {
      api.print(Json.mapper().valueToTree(diff), json -> text(diff));
    }
    return diff.isEmpty() ? ExitCodes.OK : DIFFERENT;
  }

  /** The stack's newest SUCCEEDED deployment's stored template. */
  private JsonNode deployedTemplate(String stack) {
    ApiClient client = api.client();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("stack", stack);
    query.put("status", "SUCCEEDED");
    query.put("limit", "1");
    JsonNode page = client.get("/deployments", query);
    if (page.path("items").isEmpty()) {
      throw ApiException.answered(404, "NOT_FOUND",
          "stack '" + stack + "' has no successful deployment to compare with");
    }
    String id = page.path("items").get(0).path("deploymentId").asText();
    return client.get("/deployments/" + ApiClient.segment(id) + "/template", Map.of());
  }

  private int usage(String message) {
    api.err().println("fogbank diff: " + message);
    api.err().flush();
    return ExitCodes.USAGE;
  }

  private static String file(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new Unreadable(path + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Template read(String name, String text) {
    try {
      return TemplateReader.read(text);
    } catch (TemplateException e) {
      StringBuilder out = new StringBuilder(name + ": not a template it can read");
      for (TemplateProblem p : e.problems()) {
        out.append("\n  ").append(p);
      }
      throw new Unreadable(out.toString());
    }
  }

  /** One line a resource, its changed properties indented below, then a count. */
  static String text(TemplateDiff diff) {
    if (diff.isEmpty()) {
      return "no differences\n";
    }
    StringBuilder out = new StringBuilder();
    int added = 0;
    int removed = 0;
    int modified = 0;
    int replaced = 0;
    for (TemplateDiff.ResourceChange c : diff.changes()) {
      switch (c.action()) {
        case ADD -> {
          added++;
          out.append("+ ").append(c.logicalId()).append(" (").append(c.type()).append(")\n");
        }
        case REMOVE -> {
          removed++;
          out.append("- ").append(c.logicalId()).append(" (").append(c.type()).append(")\n");
        }
        case MODIFY -> {
          modified++;
          String replacement =
              switch (c.replacement()) {
                case TRUE -> {
                  replaced++;
                  yield ", replaced";
                }
                case CONDITIONAL -> ", may be replaced";
                case FALSE -> "";
              };
          out.append("~ ").append(c.logicalId()).append(" (").append(c.type()).append(')')
              .append(replacement).append('\n');
          for (PropertyChange p : c.properties()) {
            out.append("    ").append(p.path()).append(": ").append(p.note())
                .append(p.replaces() == Replacement.FALSE ? "" : " [replacement: "
                    + p.replaces().word() + "]")
                .append('\n');
          }
        }
      }
    }
    if (!diff.parameters().isEmpty()) {
      out.append("Parameters: ").append(String.join(", ", diff.parameters())).append('\n');
    }
    if (!diff.outputs().isEmpty()) {
      out.append("Outputs: ").append(String.join(", ", diff.outputs())).append('\n');
    }
    out.append(diff.changes().size()).append(" resource(s) differ: ").append(added)
        .append(" added, ").append(removed).append(" removed, ").append(modified)
        .append(" modified (").append(replaced).append(" replaced)\n");
    return out.toString();
  }

  /** CSV: a row per changed property (a resource added or removed is one row). */
  private static ArrayNode rows(TemplateDiff diff) {
    ArrayNode rows = Json.mapper().createArrayNode();
    for (TemplateDiff.ResourceChange c : diff.changes()) {
      List<PropertyChange> properties =
          c.properties().isEmpty() ? java.util.Collections.singletonList(null) : c.properties();
      for (PropertyChange p : properties) {
        ObjectNode row = rows.addObject();
        row.put("action", c.action().name());
        row.put("logicalId", c.logicalId());
        row.put("type", c.type());
        row.put("replacement", c.replacement().word());
        row.put("property", p == null ? null : p.path());
        row.put("note", p == null ? null : p.note());
      }
    }
    return rows;
  }

  /** A template that cannot be read or parsed: exit 2 with what is wrong. */
  private static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message);
    }
  }
}
