package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {

  private static final JsonNode TEMPLATE =
      ControlPlaneTemplate.of(
              """
              Parameters:
                Days: {Type: Number, Default: 30, AllowedValues: [7, 14, 30]}
                Size: {Type: Number, MinValue: 1, MaxValue: 10}
                Bucket:
                  Type: String
                  AllowedPattern: "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"
                  ConstraintDescription: an S3 bucket name
                Key: {Type: String, MinLength: 1, MaxLength: 5}
                Flag: {Type: String, AllowedValues: ["true", "false"]}
              Resources:
                T: {Type: AWS::SNS::Topic}
              """)
          .root();

  @Test
  void problems_whenEveryValueFits_thenNone() {
    assertEquals(
        List.of(),
        ParameterValues.problems(
            TEMPLATE,
            Map.of(
                "Days",
                "14",
                "Size",
                "10",
                "Bucket",
                "my-bucket",
                "Key",
                "abc",
                "Flag",
                "false",
                "Undeclared",
                "anything")));
  }

  @Test
  void problems_whenValuesBreakConstraints_thenEachNamed() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("Days", "5");
    values.put("Size", "ten");
    values.put("Bucket", "My_Bucket");
    values.put("Key", "toolong");
    values.put("Flag", "yes");

    assertEquals(
        List.of(
            "parameter Days = '5' is not one of [7, 14, 30]",
            "parameter Size = 'ten' is not a number",
            "parameter Bucket = 'My_Bucket' does not match [a-z0-9][a-z0-9.-]{1,61}[a-z0-9] (an S3"
                + " bucket name)",
            "parameter Key = 'toolong' is longer than MaxLength 5",
            "parameter Flag = 'yes' is not one of [true, false]"),
        ParameterValues.problems(TEMPLATE, values));
  }

  @Test
  void problems_whenNumberOutOfRange_thenBoundNamed() {
    assertEquals(
        List.of("parameter Size = '11' is above MaxValue 10"),
        ParameterValues.problems(TEMPLATE, Map.of("Size", "11")));
    assertEquals(
        List.of("parameter Size = '0' is below MinValue 1"),
        ParameterValues.problems(TEMPLATE, Map.of("Size", "0")));
  }
}
