package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One statement of an IAM-style policy document (identity, bucket, key and trust policies), with
 * its values resolved. Only what the rules read: effect, actions, resources, principals and whether
 * a condition narrows it.
 */
record PolicyStatement(
    At at,
    String effect,
    List<String> actions,
    boolean notAction,
    List<String> resources,
    boolean notResource,
    List<At> principal,
    boolean conditioned) {

  /** The statements of every document among {@code documents}. */
  static List<PolicyStatement> of(Inspection in, List<At> documents) {
    List<PolicyStatement> out = new ArrayList<>();
    for (At statement : in.items(in.get(documents, "Statement"))) {
      if (statement.value() instanceof Map<?, ?>) {
        List<At> s = List.of(statement);
        out.add(
            new PolicyStatement(
                statement,
                first(in.get(s, "Effect")),
                strings(in, in.get(s, "Action")),
                in.get(s, "NotAction").stream().anyMatch(a -> !a.absent()),
                strings(in, in.get(s, "Resource")),
                in.get(s, "NotResource").stream().anyMatch(a -> !a.absent()),
                in.get(s, "Principal"),
                in.get(s, "Condition").stream().anyMatch(a -> !a.absent())));
      }
    }
    return out;
  }

  boolean allows() {
    return "Allow".equals(effect);
  }

  /** Whether any of the actions (which may hold wildcards) covers {@code action}. */
  boolean covers(String action) {
    return actions.stream().anyMatch(pattern -> matches(pattern, action));
  }

  boolean anyResource() {
    return resources.contains("*");
  }

  /** Principal "*" or {"AWS": "*"} (or a list holding "*"): anyone, anywhere. */
  boolean anyPrincipal(Inspection in) {
    for (At p : principal) {
      if ("*".equals(Inspection.text(p))) {
        return true;
      }
      if (p.value() instanceof Map<?, ?>) {
        for (At aws : in.items(in.get(List.of(p), "AWS"))) {
          if ("*".equals(Inspection.text(aws))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** IAM's glob: {@code *} any run of characters, {@code ?} one; case-insensitive. */
  static boolean matches(String pattern, String action) {
    return globMatch(pattern.toLowerCase(Locale.ROOT), 0, action.toLowerCase(Locale.ROOT), 0);
  }

  private static boolean globMatch(String p, int pi, String s, int si) {
    // Iterative with one backtrack point: linear enough for hostile patterns.
    int star = -1;
    int mark = 0;
    while (si < s.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  private static String first(List<At> values) {
    for (At v : values) {
      String s = Inspection.text(v);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static List<String> strings(Inspection in, List<At> values) {
    List<String> out = new ArrayList<>();
    for (At item : in.items(values)) {
      String s = Inspection.text(item);
      if (s != null) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
