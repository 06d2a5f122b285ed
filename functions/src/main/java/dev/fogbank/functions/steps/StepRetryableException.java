package dev.fogbank.functions.steps;

import dev.fogbank.shared.error.ErrorCode;

/** A transient failure (AWS unavailable or throttling past the SDK's retries): Retry matches it. */
public class StepRetryableException extends StepFailedException {
  public StepRetryableException(ErrorCode code, String message) {
    super(code, message);
  }
}
