package dev.fogbank.shared.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs from outside the build: a tool (cfn-lint, openapi-spec-validator), a
 * corpus beside the checkout, a process-level switch. Outside CI a missing one skips the test,
 * saying what was not checked; in CI ({@code CI=true}, as GitHub Actions, GitLab CI and most others
 * set it, and as {@code scripts/test} checks it) it fails the test, because a green CI build that
 * silently skipped a check proves nothing.
 */
public final class Prerequisite {

  /** The variable CI services set; {@code scripts/test} reads the same one. */
  public static final String CI_VARIABLE = "CI";

  private Prerequisite() {}

  /** Whether this JVM runs in CI: {@code CI=true} (any case). */
  public static boolean inCi() {
    return inCi(System.getenv(CI_VARIABLE));
  }

  /**
   * Returns if {@code present}; otherwise skips the test outside CI and fails it in CI.
   *
   * @param missing what is missing and how to get it, e.g. "cfn-lint is not installed (pip install
   *     'cfn-lint>=1.51,<2', or set FOGBANK_CFN_LINT)"
   */
  public static void require(boolean present, String missing) {
    require(present, missing, System.getenv(CI_VARIABLE));
  }

  static void require(boolean present, String missing, String ciVariable) {
    if (present) {
      return;
    }
    if (inCi(ciVariable)) {
      Assertions.fail(missing + " [failing, not skipping: " + CI_VARIABLE + "=true]");
    }
    Assumptions.abort(
        missing + " [skipped outside CI; with " + CI_VARIABLE + "=true this is a failure]");
  }

  private static boolean inCi(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }
}
