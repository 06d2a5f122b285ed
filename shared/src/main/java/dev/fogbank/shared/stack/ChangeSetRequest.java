package dev.fogbank.shared.stack;

import java.util.Map;

/**
 * What to change: exactly one of templateBody (up to 51,200 bytes) and templateUrl (an S3 URL, up
 * to 1 MB). roleArn is the CloudFormation service role, or null to use the caller's credentials.
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

  public ChangeSetRequest {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if ((templateBody == null) == (templateUrl == null)) {
      throw new IllegalArgumentException("exactly one of templateBody and templateUrl");
    }
  }
}
