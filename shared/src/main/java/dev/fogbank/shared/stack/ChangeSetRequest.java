package dev.fogbank.shared.stack;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What to change: exactly one of templateBody (at most {@link #MAX_INLINE_TEMPLATE_BYTES} bytes)
 * and templateUrl (an S3 URL). roleArn is the CloudFormation service role, or null to use the
 * caller's credentials.
 */
public record ChangeSetRequest(
    String stackName,
    String changeSetName,
    String templateBody,
    String templateUrl,
    Map<String, String> parameters,
    Map<String, String> tags,
    String roleArn,
    String description) {

  /** CloudFormation's limit for an inline TemplateBody; a larger template goes by S3 URL. */
  public static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;

  public ChangeSetRequest {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if ((templateBody == null) == (templateUrl == null)) {
      throw new IllegalArgumentException("exactly one of templateBody and templateUrl");
    }
    if (templateBody != null && !fitsInline(templateBody.getBytes(StandardCharsets.UTF_8).length)) {
      throw new IllegalArgumentException(
          "a template body over " + MAX_INLINE_TEMPLATE_BYTES + " bytes must go by S3 URL");
    }
  }

  /** Whether a template of this size may go inline; otherwise it needs an S3 URL. */
  public static boolean fitsInline(long sizeBytes) {
    return sizeBytes <= MAX_INLINE_TEMPLATE_BYTES;
  }
}
