package dev.fogbank.shared.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry under {@code Resources}: its logical ID, type, properties and resource attributes.
 * Typed builders (one class per resource type, in {@code dev.fogbank.infrastructure.resources})
 * extend it with a method per property; {@link Resource} is the generic form for any type.
 *
 * @param <T> the concrete builder, returned by the fluent methods
 */
public abstract class ResourceDefinition<T extends ResourceDefinition<T>> {

  /** Values of DeletionPolicy and UpdateReplacePolicy. */
  public enum Policy {
    Delete,
    Retain,
    RetainExceptOnCreate,
    Snapshot
  }

  private final String logicalId;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final List<String> dependsOn = new ArrayList<>();
  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private String condition;
  private Policy deletionPolicy;
  private Policy updateReplacePolicy;
  private Object creationPolicy;
  private Object updatePolicy;
  private final Map<String, Object> otherAttributes = new LinkedHashMap<>();

  protected ResourceDefinition(String logicalId, String type) {
    this.logicalId = Objects.requireNonNull(logicalId, "logical ID");
    this.type = Objects.requireNonNull(type, "resource type");
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public final String logicalId() {
    return logicalId;
  }

  public final String type() {
    return type;
  }

  /** Sets a property; a null value removes it. */
  public final T property(String name, Object value) {
    Objects.requireNonNull(name, "property name");
    if (value == null) {
      properties.remove(name);
    } else {
      properties.put(name, value);
    }
    return self();
  }

  public final T dependsOn(String... logicalIds) {
    for (String id : logicalIds) {
      if (!dependsOn.contains(id)) {
        dependsOn.add(id);
      }
    }
    return self();
  }

  public final T dependsOn(ResourceDefinition<?>... resources) {
    for (ResourceDefinition<?> r : resources) {
      dependsOn(r.logicalId());
    }
    return self();
  }

  public final T condition(String conditionName) {
    this.condition = conditionName;
    return self();
  }

  public final T deletionPolicy(Policy policy) {
    this.deletionPolicy = policy;
    return self();
  }

  public final T updateReplacePolicy(Policy policy) {
    this.updateReplacePolicy = policy;
    return self();
  }

  /** Keeps the resource (and its data) when it is removed from the stack or replaced. */
  public final T retain() {
    return deletionPolicy(Policy.Retain).updateReplacePolicy(Policy.Retain);
  }

  public final T metadata(String key, Object value) {
    metadata.put(key, value);
    return self();
  }

  public final T creationPolicy(Object value) {
    this.creationPolicy = value;
    return self();
  }

  public final T updatePolicy(Object value) {
    this.updatePolicy = value;
    return self();
  }

  /**
   * An attribute the typed fields do not hold, kept as written: {@code Version} of a custom
   * resource, SAM's {@code Connectors}, a {@code DeletionPolicy} given by an intrinsic function
   * (AWS::LanguageExtensions) or {@code Properties} given whole by {@code Fn::If}.
   */
  public final T attribute(String name, Object value) {
    otherAttributes.put(Objects.requireNonNull(name, "attribute name"), value);
    return self();
  }

  public final Map<String, Object> otherAttributes() {
    return Collections.unmodifiableMap(otherAttributes);
  }

  /** {@code !Ref} to this resource. */
  public final Intrinsic.Ref ref() {
    return Fn.ref(logicalId);
  }

  /** {@code !GetAtt} of this resource. */
  public final Intrinsic.GetAtt getAtt(String attribute) {
    return Fn.getAtt(logicalId, attribute);
  }

  public final Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }

  public final List<String> dependsOnIds() {
    return Collections.unmodifiableList(dependsOn);
  }

  public final Map<String, Object> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  public final String conditionName() {
    return condition;
  }

  public final Policy deletionPolicyValue() {
    return deletionPolicy;
  }

  public final Policy updateReplacePolicyValue() {
    return updateReplacePolicy;
  }

  public final Object creationPolicyValue() {
    return creationPolicy;
  }

  public final Object updatePolicyValue() {
    return updatePolicy;
  }

  @Override
  public String toString() {
    return logicalId + " (" + type + ")";
  }
}
