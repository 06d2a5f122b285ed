package dev.fogbank.shared.template.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An object type of a resource schema: its properties in schema order, which of them are required,
 * and the type of any other key ({@code null} when other keys are not allowed).
 */
public final class Shape {

  private final String name;
  private final Map<String, ValueType> properties = new LinkedHashMap<>();
  private final Set<String> required;
  private ValueType otherKeys;

  Shape(String name, Set<String> required) {
    this.name = name;
    this.required = Set.copyOf(required);
  }

  /** The definition name in the schema, e.g. {@code VersioningConfiguration}. */
  public String name() {
    return name;
  }

  public Map<String, ValueType> properties() {
    return Collections.unmodifiableMap(properties);
  }

  public Set<String> required() {
    return required;
  }

  /** The type of keys that are not named properties, or null when such keys are invalid. */
  public ValueType otherKeys() {
    return otherKeys;
  }

  // Filled after construction so that shapes can refer to themselves and to later shapes.
  void addProperty(String property, ValueType type) {
    properties.put(property, type);
  }

  void otherKeys(ValueType type) {
    this.otherKeys = type;
  }

  @Override
  public String toString() {
    return "Shape[" + name + "]";
  }
}
