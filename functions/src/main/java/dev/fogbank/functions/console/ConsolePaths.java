package dev.fogbank.functions.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the console's links: caller-controlled parts are percent-encoded. */
public final class ConsolePaths {
  private ConsolePaths() {}

  /** One path segment: everything but unreserved characters is percent-encoded. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One query value. */
  public static String query(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }

  public static String stack(String name) {
    return "/console/stacks/" + segment(name);
  }

  public static String deployment(String id) {
    return "/console/deployments/" + segment(id);
  }
}
