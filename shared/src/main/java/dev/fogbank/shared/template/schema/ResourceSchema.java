package dev.fogbank.shared.template.schema;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What CloudFormation accepts for one resource type.
 *
 * @param typeName e.g. {@code AWS::S3::Bucket}
 * @param properties the shape of {@code Properties}
 * @param attributes what {@code Fn::GetAtt} returns, as dotted paths ({@code Endpoint.Address}); an
 *     entry ending in {@code .*} stands for any name under that prefix ({@code Outputs.*})
 * @param readOnly top-level properties that are attributes only: a template may not set them
 * @param createOnly dotted paths of properties whose change replaces the resource
 */
public record ResourceSchema(
    String typeName,
    Shape properties,
    List<String> attributes,
    Set<String> readOnly,
    List<String> createOnly) {

  public ResourceSchema {
    Objects.requireNonNull(typeName, "type name");
    Objects.requireNonNull(properties, "properties");
    attributes = List.copyOf(attributes);
    readOnly = Set.copyOf(readOnly);
    createOnly = List.copyOf(createOnly);
  }

  /** Whether {@code Fn::GetAtt} of {@code attribute} is valid for this type. */
  public boolean hasAttribute(String attribute) {
    for (String a : attributes) {
      if (a.equals(attribute)
          || (a.endsWith(".*")
              && attribute.length() > a.length() - 1
              && attribute.startsWith(a.substring(0, a.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  /** Whether changing the property at this dotted path replaces the resource. */
  public boolean isCreateOnly(String path) {
    return createOnly.contains(path);
  }
}
