package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.statemachines.asl.AslEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine definitions ({@code /statemachines/*.asl.json}) as local mode runs them: with
 * the DefinitionSubstitutions CloudFormation would apply, each {@code ${<Id>FunctionArn}} the ARN
 * of the function of that name in a stack called {@link #LOCAL_STACK}.
 */
public final class LocalDefinitions {
  /** The name the local control plane's functions carry, as a stack of that name would. */
  public static final String LOCAL_STACK = "fogbank";

  /** What CloudFormation's DefinitionSubstitutions would replace; none may be left over. */
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{\\w+}");

  private LocalDefinitions() {}

  /** The function's name in local mode, as the task invoker maps it. */
  public static String functionName(FunctionName name) {
    return name.functionName(LOCAL_STACK);
  }

  public static JsonNode load(String fileName, String region, String account) throws IOException {
    String text;
    try (InputStream in =
        LocalDefinitions.class.getResourceAsStream("/statemachines/" + fileName)) {
      if (in == null) {
        throw new IOException(fileName + " is not on the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (FunctionName name : FunctionName.values()) {
      text =
          text.replace(
              "${" + name.substitutionName() + "}",
              "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName(name));
    }
    Matcher unknown = SUBSTITUTION.matcher(text);
    if (unknown.find()) {
      throw new IllegalStateException(
          fileName + " uses " + unknown.group() + ", which names no control-plane function");
    }
    return AslEngine.parseDefinition(text);
  }
}
