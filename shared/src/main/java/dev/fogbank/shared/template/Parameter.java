package dev.fogbank.shared.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** An entry under {@code Parameters}, with its constraints. */
public final class Parameter {

  /** The plain parameter types; AWS-specific and SSM types are accepted by {@link #isValidType}. */
  public static final String STRING = "String";

  public static final String NUMBER = "Number";
  public static final String NUMBER_LIST = "List<Number>";
  public static final String COMMA_DELIMITED_LIST = "CommaDelimitedList";

  private static final Pattern AWS_SPECIFIC =
      Pattern.compile("(List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(>)?");
  private static final Pattern SSM =
      Pattern.compile("AWS::SSM::Parameter::Value<[A-Za-z0-9:<>]+>|AWS::SSM::Parameter::Name");

  private final String name;
  private final String type;
  private String description;
  private Object defaultValue;
  private final List<Object> allowedValues = new ArrayList<>();
  private String allowedPattern;
  private Integer minLength;
  private Integer maxLength;
  private Number minValue;
  private Number maxValue;
  private String constraintDescription;
  private boolean noEcho;

  private Parameter(String name, String type) {
    this.name = Objects.requireNonNull(name, "parameter name");
    this.type = Objects.requireNonNull(type, "parameter type");
  }

  public static Parameter of(String name, String type) {
    return new Parameter(name, type);
  }

  public static Parameter string(String name) {
    return new Parameter(name, STRING);
  }

  public static Parameter number(String name) {
    return new Parameter(name, NUMBER);
  }

  /** String, Number, List&lt;Number&gt;, CommaDelimitedList, AWS-specific and SSM types. */
  public static boolean isValidType(String type) {
    return type.equals(STRING)
        || type.equals(NUMBER)
        || type.equals(NUMBER_LIST)
        || type.equals(COMMA_DELIMITED_LIST)
        || AWS_SPECIFIC.matcher(type).matches()
        || SSM.matcher(type).matches();
  }

  public Parameter description(String value) {
    this.description = value;
    return this;
  }

  public Parameter defaultValue(Object value) {
    this.defaultValue = value;
    return this;
  }

  public Parameter allowedValues(Object... values) {
    allowedValues.clear();
    Collections.addAll(allowedValues, values);
    return this;
  }

  public Parameter allowedPattern(String regex) {
    this.allowedPattern = regex;
    return this;
  }

  public Parameter minLength(Integer value) {
    this.minLength = value;
    return this;
  }

  public Parameter maxLength(Integer value) {
    this.maxLength = value;
    return this;
  }

  public Parameter minValue(Number value) {
    this.minValue = value;
    return this;
  }

  public Parameter maxValue(Number value) {
    this.maxValue = value;
    return this;
  }

  public Parameter constraintDescription(String value) {
    this.constraintDescription = value;
    return this;
  }

  public Parameter noEcho(boolean value) {
    this.noEcho = value;
    return this;
  }

  /** {@code !Ref} to this parameter. */
  public Intrinsic.Ref ref() {
    return Fn.ref(name);
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public String description() {
    return description;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public List<Object> allowedValues() {
    return Collections.unmodifiableList(allowedValues);
  }

  public String allowedPattern() {
    return allowedPattern;
  }

  public Integer minLength() {
    return minLength;
  }

  public Integer maxLength() {
    return maxLength;
  }

  public Number minValue() {
    return minValue;
  }

  public Number maxValue() {
    return maxValue;
  }

  public String constraintDescription() {
    return constraintDescription;
  }

  public boolean noEcho() {
    return noEcho;
  }
}
