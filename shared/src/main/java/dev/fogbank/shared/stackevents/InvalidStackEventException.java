package dev.fogbank.shared.stackevents;

import dev.fogbank.shared.error.InvalidRequestException;

/**
 * An input the stack-events function cannot use: not JSON, not a CloudFormation Stack Status Change
 * event, or one missing a field it needs. Redelivering it cannot help.
 */
public class InvalidStackEventException extends InvalidRequestException {
  public InvalidStackEventException(String message) {
    super(message);
  }
}
