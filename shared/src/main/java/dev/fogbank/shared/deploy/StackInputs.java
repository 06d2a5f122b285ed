package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.CallerText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * CloudFormation's limits on the parameters and tags of a stack, checked once for every way in
 * (API body, deployment.yaml): a value CloudFormation or the history table would refuse later is
 * refused at the door, naming the key, instead of failing deep inside as a 5xx.
 */
public final class StackInputs {
  /** CloudFormation: at most 200 parameters per template. */
  public static final int MAX_PARAMETERS = 200;

  /** CloudFormation: a parameter value is at most 4,096 bytes. */
  public static final int MAX_PARAMETER_VALUE_BYTES = 4096;

  /** CloudFormation: letters and digits, at most 255. */
  public static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9]{1,255}");

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  public static final int MAX_TAGS = 50;
  public static final int MAX_TAG_KEY_LENGTH = 128;
  public static final int MAX_TAG_VALUE_LENGTH = 256;

  private StackInputs() {}

  /**
   * Checks parameters and tags (either may be null: none given); the first problem is thrown as
   * {@code refusal.apply(sentence)}, so each way in answers with its own error code.
   */
  public static void check(
      Map<String, String> parameters,
      Map<String, String> tags,
      Function<String, ? extends RuntimeException> refusal) {
    if (parameters != null) {
      if (parameters.size() > MAX_PARAMETERS) {
        throw refusal.apply(
            parameters.size() + " parameters; CloudFormation allows at most " + MAX_PARAMETERS);
      }
      parameters.forEach(
          (name, value) -> {
            if (name == null || !PARAMETER_NAME.matcher(name).matches()) {
              throw refusal.apply(
                  "parameter name '"
                      + shown(name)
                      + "' is not valid (letters and digits only, 1 to 255)");
            }
            if (value == null) {
              throw refusal.apply(
                  "parameter '" + name + "' has no value (send \"\" for an empty string)");
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PARAMETER_VALUE_BYTES) {
              throw refusal.apply(
                  "parameter '"
                      + name
                      + "' value is "
                      + bytes
                      + " bytes; CloudFormation allows at most "
                      + MAX_PARAMETER_VALUE_BYTES);
            }
          });
    }
    if (tags != null) {
      if (tags.size() > MAX_TAGS) {
        throw refusal.apply(tags.size() + " tags; CloudFormation allows at most " + MAX_TAGS);
      }
      tags.forEach(
          (key, value) -> {
            if (key == null || key.isEmpty() || key.length() > MAX_TAG_KEY_LENGTH) {
              throw refusal.apply(
                  "tag key '"
                      + shown(key)
                      + "' must be 1 to "
                      + MAX_TAG_KEY_LENGTH
                      + " characters");
            }
            // CloudFormation reserves the aws: prefix for the tags it adds itself.
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
              throw refusal.apply("tag key '" + shown(key) + "' must not start with 'aws:'");
            }
            // CloudFormation's tag pattern allows letters, digits, spaces and _.:/=+-@ only.
            if (CONTROL.matcher(key).find()) {
              throw refusal.apply("tag key '" + shown(key) + "' holds a control character");
            }
            if (value == null) {
              throw refusal.apply(
                  "tag '" + shown(key) + "' has no value (send \"\" for an empty string)");
            }
            if (CONTROL.matcher(value).find()) {
              throw refusal.apply("tag '" + shown(key) + "' value holds a control character");
            }
            if (value.length() > MAX_TAG_VALUE_LENGTH) {
              throw refusal.apply(
                  "tag '"
                      + shown(key)
                      + "' value is "
                      + value.length()
                      + " characters; at most "
                      + MAX_TAG_VALUE_LENGTH);
            }
          });
    }
  }

  private static String shown(String key) {
    return CallerText.shown(key, 80);
  }
}
