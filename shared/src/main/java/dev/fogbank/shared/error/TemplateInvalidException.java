package dev.fogbank.shared.error;

/**
 * A template (or deployment manifest) that cannot be deployed; the code says which limit. The
 * template reader throws its subtype {@code dev.fogbank.shared.template.TemplateException}, which
 * also lists each problem with its place.
 */
public class TemplateInvalidException extends DeploymentException {
  public TemplateInvalidException(String message) {
    super(ErrorCode.TEMPLATE_INVALID, message);
  }

  public TemplateInvalidException(ErrorCode code, String message) {
    super(code, message);
  }
}
