package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.TemplateStage;

/** The template a stack was last deployed with, as submitted, to compare with the new one. */
final class DeployedTemplate {

  private DeployedTemplate() {}

  static JsonNode read(StackGateway gateway, String stackName) {
    return parse(gateway.template(stackName, TemplateStage.ORIGINAL), stackName);
  }

  private static JsonNode parse(String body, String stackName) {
    if (body == null || body.isBlank()) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED, "stack '" + stackName + "' returned no template to compare with");
    }
    try {
      return ControlPlaneTemplate.of(body).root();
    } catch (DeploymentException e) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED,
          "the template deployed in stack '" + stackName + "' cannot be read: " + e.getMessage(),
          e);
    }
  }
}
