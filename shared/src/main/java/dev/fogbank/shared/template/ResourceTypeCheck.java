package dev.fogbank.shared.template;

import java.util.List;

/**
 * Checks a resource's type and properties (names and value types) against a description of what
 * CloudFormation accepts, such as the resource provider schemas.
 */
@FunctionalInterface
public interface ResourceTypeCheck {

  /** Accepts every type and property: structure is still checked, schemas are not. */
  ResourceTypeCheck NONE = resource -> List.of();

  /** The problems of one resource; locations start with {@code Resources.<logicalId>}. */
  List<TemplateProblem> check(ResourceDefinition<?> resource);

  /**
   * Why {@code Fn::GetAtt} of {@code attribute} on a resource of {@code type} is invalid, or empty
   * when it is valid (or cannot be judged).
   */
  default java.util.Optional<String> checkAttribute(String type, String attribute) {
    return java.util.Optional.empty();
  }
}
