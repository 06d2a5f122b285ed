package dev.fogbank.shared.template.schema;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What a property value may be, as a resource provider schema describes it. */
public sealed interface ValueType
    permits ValueType.Scalar,
        ValueType.Any,
        ValueType.ListOf,
        ValueType.MapOf,
        ValueType.ObjectOf,
        ValueType.OneOf {

  /** A short English description, e.g. {@code list of Tag}. */
  String describe();

  /** JSON scalar types. */
  enum Scalar implements ValueType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean");

    private final String description;

    Scalar(String description) {
      this.description = description;
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /** Any value at all (the schema does not say). */
  enum Any implements ValueType {
    INSTANCE;

    @Override
    public String describe() {
      return "any value";
    }
  }

  /** A list whose items are {@code item}. */
  record ListOf(ValueType item) implements ValueType {
    public ListOf {
      Objects.requireNonNull(item, "item type");
    }

    @Override
    public String describe() {
      return "list of " + (item instanceof ObjectOf o ? o.shape().name() : item.describe());
    }
  }

  /** A map with string keys (free-form or patterned) whose values are {@code value}. */
  record MapOf(ValueType value) implements ValueType {
    public MapOf {
      Objects.requireNonNull(value, "value type");
    }

    @Override
    public String describe() {
      if (value == Any.INSTANCE) {
        return "JSON object";
      }
      return "map of " + (value instanceof ObjectOf o ? o.shape().name() : value.describe());
    }
  }

  /** An object with named properties. */
  record ObjectOf(Shape shape) implements ValueType {
    public ObjectOf {
      Objects.requireNonNull(shape, "shape");
    }

    @Override
    public String describe() {
      return shape.name() + " object";
    }

    // Shapes may be recursive: compare and print by name, never by content.
    @Override
    public boolean equals(Object o) {
      return o instanceof ObjectOf other && other.shape == shape;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(shape);
    }

    @Override
    public String toString() {
      return "ObjectOf[" + shape.name() + "]";
    }
  }

  /** Any one of several types (e.g. a policy document as a JSON string or an object). */
  record OneOf(List<ValueType> alternatives) implements ValueType {
    public OneOf {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public String describe() {
      return alternatives.stream().map(ValueType::describe).collect(Collectors.joining(" or "));
    }
  }
}
