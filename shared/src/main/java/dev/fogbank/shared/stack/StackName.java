package dev.fogbank.shared.stack;

import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.regex.Pattern;

/** CloudFormation's stack-name rule: a letter, then letters, digits or hyphens; 128 at most. */
public final class StackName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");

  private StackName() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Returns the name, or throws INVALID_STACK_NAME explaining the rule. */
  public static String require(String name) {
    if (!isValid(name)) {
      String shown = name == null ? "(none)" : "'" + printable(name) + "'";
      throw new DeploymentException(
          ErrorCode.INVALID_STACK_NAME,
          "invalid stack name "
              + shown
              + ": must start with a letter and contain only letters, digits and hyphens,"
              + " at most 128 characters");
    }
    return name;
  }

  private static String printable(String s) {
    return CallerText.shown(s, 80);
  }
}
