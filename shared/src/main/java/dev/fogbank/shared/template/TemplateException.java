package dev.fogbank.shared.template;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A template that cannot be synthesized, read or deployed, with every problem found (each naming
 * where, and for a read template the line and column). A {@link TemplateInvalidException}, so every
 * caller maps it to {@link ErrorCode#TEMPLATE_INVALID} (or TEMPLATE_TOO_LARGE) the same way.
 */
public final class TemplateException extends TemplateInvalidException {

  private final List<TemplateProblem> problems;

  public TemplateException(List<TemplateProblem> problems) {
    this(ErrorCode.TEMPLATE_INVALID, problems);
  }

  public TemplateException(String location, String message) {
    this(List.of(new TemplateProblem(location, message)));
  }

  private TemplateException(ErrorCode code, List<TemplateProblem> problems) {
    super(code, describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Over CloudFormation's size limit: TEMPLATE_TOO_LARGE rather than TEMPLATE_INVALID. */
  static TemplateException tooLarge(String message) {
    return new TemplateException(
        ErrorCode.TEMPLATE_TOO_LARGE, List.of(new TemplateProblem("template", message)));
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
