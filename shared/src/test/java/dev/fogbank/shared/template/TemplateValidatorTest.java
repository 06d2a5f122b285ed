package dev.fogbank.shared.template;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.template.TemplateValidator.ValidatedTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateValidatorTest {
  private final TemplateValidator validator = new TemplateValidator();

  private static final String BUCKET = "  Bucket:\n    Type: AWS::S3::Bucket\n";

  private ValidatedTemplate validate(String yaml) {
    return validator.validate(yaml.getBytes(UTF_8));
  }

  private String problems(String yaml) {
    TemplateInvalidException e = assertThrows(TemplateInvalidException.class, () -> validate(yaml));
    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    return e.getMessage();
  }

  @Test
  void validate_whenTemplateUsesEverySection_thenAcceptedWithSummary() {
    String yaml =
        "AWSTemplateFormatVersion: 2010-09-09\n"
            + "Description: demo\n"
            + "Metadata: {}\n"
            + "Parameters:\n"
            + "  Env: {Type: String}\n"
            + "  Size: {Type: Number, Default: 1}\n"
            + "Rules: {}\n"
            + "Mappings: {}\n"
            + "Conditions:\n"
            + "  IsProd: !Equals [!Ref Env, prod]\n"
            + "Resources:\n"
            + "  Bucket:\n"
            + "    Type: AWS::S3::Bucket\n"
            + "    Condition: IsProd\n"
            + "    DeletionPolicy: Retain\n"
            + "    UpdateReplacePolicy: Retain\n"
            + "    Metadata: {owner: me}\n"
            + "    Properties: {BucketName: !Sub '${Env}-b'}\n"
            + "  Queue:\n"
            + "    Type: AWS::SQS::Queue\n"
            + "    DependsOn: [Bucket]\n"
            + "  Hook:\n"
            + "    Type: Custom::Notify\n"
            + "    Version: '1.0'\n"
            + "    Properties: {ServiceToken: arn}\n"
            + "  Mod:\n"
            + "    Type: MyOrg::Net::Vpc::MODULE\n"
            + "Outputs:\n"
            + "  Name: {Value: !Ref Bucket}\n"
            + "Hooks: {}\n";

    ValidatedTemplate validated = validate(yaml);

    assertEquals(4, validated.resourceCount());
    assertEquals(List.of("Env", "Size"), validated.parameterNames());
    assertFalse(validated.hasTransform());
    assertEquals("yaml", validated.parsed().format());
  }

  @Test
  void validate_whenTransformAndSamAttributes_thenAcceptedWithTransformFlag() {
    String yaml =
        "Transform: AWS::Serverless-2016-10-31\n"
            + "Globals: {Function: {Timeout: 3}}\n"
            + "Resources:\n"
            + "  Fn:\n"
            + "    Type: AWS::Serverless::Function\n"
            + "    Connectors: {}\n"
            + "    Properties: {Runtime: java21}\n";

    ValidatedTemplate validated = validate(yaml);

    assertTrue(validated.hasTransform());
    assertEquals(1, validated.resourceCount());
  }

  @Test
  void validate_whenResourcesMissing_thenProblemSaysMissing() {
    String message = problems("Description: nothing\n");

    assertTrue(message.contains("Resources section is missing"), message);
  }

  @Test
  void validate_whenResourcesEmpty_thenProblemSaysEmpty() {
    String message = problems("Resources: {}\n");

    assertTrue(message.contains("Resources is empty"), message);
  }

  @Test
  void validate_whenResourcesNotAMapping_thenProblemNamesWhatWasFound() {
    String message = problems("Resources: [a]\n");

    assertTrue(message.contains("Resources must be a mapping, found a list"), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"S3Bucket", "AWS::S3", "AWS::S3::Bucket::Extra", "Custom::", "AWS:S3:Bucket"})
  void validate_whenTypeIsNotAResourceType_thenProblemNamesIt(String type) {
    String message = problems("Resources:\n  B:\n    Type: '" + type + "'\n");

    assertTrue(message.contains("Resources.B.Type '" + type + "' is not a resource type"), message);
  }

  @Test
  void validate_whenTypeMissingOrNotString_thenProblems() {
    String message = problems("Resources:\n  A:\n    Properties: {}\n  B:\n    Type: [x]\n");

    assertTrue(message.contains("Resources.A has no Type"), message);
    assertTrue(message.contains("Resources.B.Type must be a string, found a list"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my-bucket", "my_bucket", "\"Bücket\""})
  void validate_whenLogicalIdNotAlphanumeric_thenProblem(String id) {
    String message = problems("Resources:\n  " + id + ":\n    Type: AWS::S3::Bucket\n");

    assertTrue(message.contains("is not a valid logical ID"), message);
  }

  @Test
  void validate_whenLogicalIdLongerThan255_thenProblem() {
    String id = "A".repeat(256);

    String message = problems("Resources:\n  " + id + ":\n    Type: AWS::S3::Bucket\n");

    assertTrue(message.contains("is not a valid logical ID"), message);
  }

  @Test
  void validate_whenUnknownTopLevelSection_thenProblemNamesIt() {
    String message = problems("Resource:\n" + BUCKET + "Resources:\n" + BUCKET);

    assertTrue(message.contains("unknown top-level section 'Resource'"), message);
  }

  @Test
  void validate_whenGlobalsWithoutTransform_thenUnknownSection() {
    String message = problems("Globals: {}\nResources:\n" + BUCKET);

    assertTrue(message.contains("unknown top-level section 'Globals'"), message);
  }

  @Test
  void validate_whenUnknownResourceAttribute_thenProblemNamesIt() {
    String message = problems("Resources:\n" + BUCKET + "    Propertes: {}\n");

    assertTrue(message.contains("Resources.Bucket has unknown attribute 'Propertes'"), message);
  }

  @Test
  void validate_whenVersionOnNonCustomResource_thenUnknownAttribute() {
    String message = problems("Resources:\n" + BUCKET + "    Version: '1'\n");

    assertTrue(message.contains("unknown attribute 'Version'"), message);
  }

  @Test
  void validate_when501Resources_thenProblemStatesLimit() {
    StringBuilder yaml = new StringBuilder("Resources:\n");
    for (int i = 0; i < 501; i++) {
      yaml.append("  Q").append(i).append(": {Type: AWS::SQS::Queue}\n");
    }

    String message = problems(yaml.toString());

    assertTrue(
        message.contains("Resources has 501 resources; CloudFormation allows at most 500"),
        message);
  }

  @Test
  void validate_when500Resources_thenAccepted() {
    StringBuilder yaml = new StringBuilder("Resources:\n");
    for (int i = 0; i < 500; i++) {
      yaml.append("  Q").append(i).append(": {Type: AWS::SQS::Queue}\n");
    }

    assertEquals(500, validate(yaml.toString()).resourceCount());
  }

  @Test
  void validate_whenFormatVersionWrong_thenProblem() {
    String message = problems("AWSTemplateFormatVersion: 2011-01-01\nResources:\n" + BUCKET);

    assertTrue(message.contains("AWSTemplateFormatVersion must be \"2010-09-09\""), message);
    assertTrue(message.contains("'2011-01-01'"), message);
  }

  @Test
  void validate_whenFormatVersionQuotedInJson_thenAccepted() {
    String json =
        "{\"AWSTemplateFormatVersion\":\"2010-09-09\","
            + "\"Resources\":{\"B\":{\"Type\":\"AWS::S3::Bucket\"}}}";

    assertEquals("json", validate(json).parsed().format());
  }

  @Test
  void validate_whenDescriptionOver1024Bytes_thenProblem() {
    // 513 two-byte characters: 513 characters but 1026 bytes.
    String message = problems("Description: \"" + "é".repeat(513) + "\"\nResources:\n" + BUCKET);

    assertTrue(message.contains("Description is 1026 bytes"), message);
  }

  @Test
  void validate_whenOver200ParametersOutputsMappings_thenProblemForEach() {
    StringBuilder yaml = new StringBuilder("Parameters:\n");
    for (int i = 0; i < 201; i++) {
      yaml.append("  P").append(i).append(": {Type: String}\n");
    }
    yaml.append("Mappings:\n");
    for (int i = 0; i < 201; i++) {
      yaml.append("  M").append(i).append(": {a: {b: c}}\n");
    }
    yaml.append("Resources:\n").append(BUCKET).append("Outputs:\n");
    for (int i = 0; i < 201; i++) {
      yaml.append("  O").append(i).append(": {Value: x}\n");
    }

    String message = problems(yaml.toString());

    assertTrue(message.contains("Parameters has 201 entries"), message);
    assertTrue(message.contains("Mappings has 201 entries"), message);
    assertTrue(message.contains("Outputs has 201 entries"), message);
  }

  @Test
  void validate_whenDependsOnAndConditionUndeclared_thenProblems() {
    String message =
        problems("Resources:\n" + BUCKET + "    DependsOn: Nope\n    Condition: Missing\n");

    assertTrue(message.contains("DependsOn 'Nope' is not a resource"), message);
    assertTrue(message.contains("Condition 'Missing' is not declared"), message);
  }

  @Test
  void validate_whenSeveralProblems_thenAllListedInOneException() {
    String yaml =
        "Bogus: 1\n"
            + "Resources:\n"
            + "  bad-id:\n"
            + "    Type: AWS::S3::Bucket\n"
            + "  Thing:\n"
            + "    Type: nope\n"
            + "    Extra: 1\n";

    String message = problems(yaml);

    assertTrue(message.startsWith("template is not valid: 4 problems: "), message);
    assertTrue(message.contains("unknown top-level section 'Bogus'"), message);
    assertTrue(message.contains("'bad-id' is not a valid logical ID"), message);
    assertTrue(message.contains("Resources.Thing.Type 'nope'"), message);
    assertTrue(message.contains("unknown attribute 'Extra'"), message);
  }

  @Test
  void validate_whenMoreProblemsThanListed_thenSaysHowManyMore() {
    StringBuilder yaml = new StringBuilder("Resources:\n");
    for (int i = 0; i < 13; i++) {
      yaml.append("  R").append(i).append(": {Type: bad}\n");
    }

    String message = problems(yaml.toString());

    assertTrue(message.startsWith("template is not valid: 13 problems: "), message);
    assertTrue(message.endsWith("; and 3 more"), message);
  }

  @Test
  void validate_whenParseFails_thenParserErrorPassesThrough() {
    TemplateInvalidException e =
        assertThrows(TemplateInvalidException.class, () -> validate("Resources: !Foo x\n"));

    assertTrue(e.getMessage().contains("unknown tag !Foo"), e.getMessage());
  }
}
