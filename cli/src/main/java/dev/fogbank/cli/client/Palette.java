package dev.fogbank.cli.client;

import java.util.Map;

/**
 * ANSI colours for the table output, or none. {@code --color always|never} decides; {@code auto}
 * (the default) follows the usual conventions: {@code NO_COLOR} (no-color.org) turns colour off,
 * {@code CLICOLOR_FORCE} turns it on, else colour only when stdout is a terminal.
 */
public record Palette(boolean on) {
  public static final Palette NONE = new Palette(false);

  /** What {@code --color} takes. */
  public enum Mode {
    auto,
    always,
    never
  }

  private static final String RED = "31";
  private static final String GREEN = "32";
  private static final String YELLOW = "33";
  private static final String CYAN = "36";

  /** The palette for {@code mode}, the environment and whether stdout is a terminal. */
  public static Palette choose(Mode mode, Map<String, String> env, boolean terminal) {
    return new Palette(
        switch (mode) {
          case always -> true;
          case never -> false;
          case auto -> {
            if (set(env.get("NO_COLOR"))) {
              yield false;
            }
            String force = env.get("CLICOLOR_FORCE");
            yield set(force) && !force.equals("0") || terminal;
          }
        });
  }

  private static boolean set(String value) {
    return value != null && !value.isEmpty();
  }

  /** A deployment status: green when it worked, red when it did not, yellow when it waits. */
  public String status(String status) {
    return paint(
        switch (status) {
          case "SUCCEEDED", "NO_CHANGES" -> GREEN;
          case "FAILED", "REJECTED" -> RED;
          case "CANCELLED", "AWAITING_APPROVAL" -> YELLOW;
          default -> CYAN;
        },
        status);
  }

  /** {@code +adds ~modifies -removes}: adds green, modifies yellow, removes red. */
  public String changes(int adds, int modifies, int removes) {
    return paint(GREEN, "+" + adds) + " " + paint(YELLOW, "~" + modifies) + " "
        + paint(RED, "-" + removes);
  }

  /** A finding's severity or a risk level: CRITICAL and HIGH red, MEDIUM yellow. */
  public String severity(String severity) {
    return switch (severity) {
      case "CRITICAL", "HIGH" -> paint(RED, severity);
      case "MEDIUM" -> paint(YELLOW, severity);
      default -> severity;
    };
  }

  private String paint(String colour, String text) {
    return on ? "\u001b[" + colour + "m" + text + "\u001b[0m" : text;
  }
}
