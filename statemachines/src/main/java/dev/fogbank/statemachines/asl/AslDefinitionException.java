package dev.fogbank.statemachines.asl;

/** A state machine definition that the States Language (or this engine) does not accept. */
public class AslDefinitionException extends RuntimeException {

  public AslDefinitionException(String message) {
    super(message);
  }
}
