package dev.fogbank.shared.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A template as read from its text: the model, its format ({@code yaml} or {@code json}), its size
 * and where each entry was written, so that a problem found on the model names its line and column.
 */
public final class SourceTemplate {

  private final Template template;
  private final String format;
  private final int sizeBytes;
  private final Map<String, TextPosition> positions;

  SourceTemplate(
      Template template, String format, int sizeBytes, Map<String, TextPosition> positions) {
    this.template = template;
    this.format = format;
    this.sizeBytes = sizeBytes;
    this.positions = Map.copyOf(positions);
  }

  public Template template() {
    return template;
  }

  /** {@code yaml} or {@code json}. */
  public String format() {
    return format;
  }

  public int sizeBytes() {
    return sizeBytes;
  }

  /**
   * Where a location such as {@code Resources.Queue.Properties.DelaySeconds.Ref} was written: that
   * entry, or the nearest enclosing one the text has (a function's long-form key may be a short
   * form tag there).
   */
  public TextPosition positionOf(String location) {
    String at = location;
    while (true) {
      TextPosition found = positions.get(at);
      if (found != null) {
        return found;
      }
      int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
      // "Fn::If" and "AWS::Region" hold "::": cut before the whole name, not inside it.
      while (cut > 1 && at.charAt(cut - 1) == ':') {
        cut = Math.max(at.lastIndexOf('.', cut - 2), at.lastIndexOf('[', cut - 2));
      }
      if (cut <= 0) {
        return positions.get("template");
      }
      at = at.substring(0, cut);
    }
  }

  /** The problem with the line and column of its location appended, when known. */
  public TemplateProblem located(TemplateProblem problem) {
    TextPosition at = positionOf(problem.location());
    if (at == null || problem.message().endsWith(")") && problem.message().contains("(line ")) {
      return problem;
    }
    return new TemplateProblem(
        problem.location(), problem.message() + " (" + at + ")", problem.severity());
  }

  /**
   * Checks the template with {@link Template#validate} (structure, resource schemas through {@code
   * check}, the dependency graph) and returns the warnings; errors are thrown together as one
   * {@link TemplateException}, each with its line and column.
   */
  public List<TemplateProblem> requireValid(ResourceTypeCheck check) {
    return requireValid(check, null);
  }

  /**
   * {@link #requireValid(ResourceTypeCheck)} and, when {@code parameters} is not null, the values a
   * deployment supplies for the template's parameters ({@link ParameterCheck}).
   */
  public List<TemplateProblem> requireValid(
      ResourceTypeCheck check, Map<String, String> parameters) {
    List<TemplateProblem> errors = new ArrayList<>();
    List<TemplateProblem> warnings = new ArrayList<>();
    List<TemplateProblem> problems = new ArrayList<>(template.validate(check));
    if (parameters != null) {
      problems.addAll(ParameterCheck.problems(template, parameters));
    }
    for (TemplateProblem p : problems) {
      (p.isError() ? errors : warnings).add(located(p));
    }
    if (!errors.isEmpty()) {
      throw new TemplateException(errors);
    }
    return List.copyOf(warnings);
  }
}
