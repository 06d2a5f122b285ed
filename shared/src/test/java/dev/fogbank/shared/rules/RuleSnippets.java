package dev.fogbank.shared.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The failing and passing snippet of each rule, as docs/rules.md shows them. */
final class RuleSnippets {

  private RuleSnippets() {}

  /** {@code rules/<id>/<kind>.yaml} from the test resources, or null when there is none. */
  static byte[] bytes(String ruleId, String kind) {
    try (InputStream in =
        RuleSnippets.class.getResourceAsStream("/rules/" + ruleId + "/" + kind + ".yaml")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] fail(String ruleId) {
    return bytes(ruleId, "fail");
  }

  static byte[] pass(String ruleId) {
    return bytes(ruleId, "pass");
  }
}
