package dev.fogbank.shared.template;

import java.util.Objects;

/** An entry under {@code Outputs}, optionally exported. */
public final class Output {

  private final String name;
  private final Object value;
  private String description;
  private Object exportName;
  private String condition;

  private Output(String name, Object value) {
    this.name = Objects.requireNonNull(name, "output name");
    this.value = Objects.requireNonNull(value, "output value");
  }

  public static Output of(String name, Object value) {
    return new Output(name, value);
  }

  public Output description(String value) {
    this.description = value;
    return this;
  }

  /** The export name: a string or an intrinsic such as {@code !Sub "${AWS::StackName}-Url"}. */
  public Output exportName(Object value) {
    this.exportName = value;
    return this;
  }

  public Output condition(String conditionName) {
    this.condition = conditionName;
    return this;
  }

  public String name() {
    return name;
  }

  public Object value() {
    return value;
  }

  public String description() {
    return description;
  }

  public Object exportName() {
    return exportName;
  }

  public String conditionName() {
    return condition;
  }
}
