package dev.fogbank.shared.template;

import java.util.List;
import java.util.stream.Collectors;

/** A template that cannot be synthesized or read, with every problem found. */
public final class TemplateException extends RuntimeException {

  private final List<TemplateProblem> problems;

  public TemplateException(List<TemplateProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public TemplateException(String location, String message) {
    this(List.of(new TemplateProblem(location, message)));
  }

  public List<TemplateProblem> problems() {
    return problems;
  }

  private static String describe(List<TemplateProblem> problems) {
    if (problems.size() == 1) {
      return "invalid template: " + problems.get(0);
    }
    return "invalid template, "
        + problems.size()
        + " problems:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
