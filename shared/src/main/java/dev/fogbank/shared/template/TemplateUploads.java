package dev.fogbank.shared.template;

import java.time.Instant;

/**
 * Where a caller puts a template too large to send inline ({@code templateBody} is capped at
 * CloudFormation's 51,200 bytes) before naming it by {@code templateUrl} in {@code POST
 * /deployments}.
 */
public interface TemplateUploads {
  /**
   * A place for one template of {@code stackName}: PUT it to {@code uploadUrl} before expiry.
   * {@code sha256} (hex, optional) names the object after the template's hash, so that the same
   * template gets the same {@code templateUrl} (an idempotent retry of a deployment sends the same
   * body); it is a name, not a check: what is deployed is what is read, hashed again.
   */
  TemplateUpload create(String stackName, String sha256);

  /**
   * @param uploadUrl an HTTPS URL that takes one PUT of the template, signed, until {@code
   *     expiresAt}
   * @param templateUrl the object's S3 URL, for {@code templateUrl}
   */
  record TemplateUpload(String uploadUrl, String templateUrl, Instant expiresAt) {}
}
