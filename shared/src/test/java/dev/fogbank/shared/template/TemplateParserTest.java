package dev.fogbank.shared.template;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import dev.fogbank.shared.template.TemplateParser.ParsedTemplate;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TemplateParser parser = new TemplateParser();

  private ParsedTemplate parse(String text) {
    return parser.parse(text.getBytes(UTF_8));
  }

  private TemplateInvalidException rejected(String text) {
    return rejected(text.getBytes(UTF_8));
  }

  private TemplateInvalidException rejected(byte[] body) {
    return assertThrows(TemplateInvalidException.class, () -> parser.parse(body));
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void parse_whenYamlUsesRefAndCondition_thenLongFormsKeepTheirNames() throws Exception {
    JsonNode root = parse("A: !Ref Bucket\nB: !Condition IsProd\n").root();

    assertEquals(json("{\"A\":{\"Ref\":\"Bucket\"},\"B\":{\"Condition\":\"IsProd\"}}"), root);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "And",
        "Base64",
        "Cidr",
        "Contains",
        "EachMemberEquals",
        "EachMemberIn",
        "Equals",
        "FindInMap",
        "ForEach",
        "GetAZs",
        "If",
        "ImportValue",
        "Join",
        "Length",
        "Not",
        "Or",
        "RefAll",
        "Select",
        "Split",
        "Sub",
        "ToJsonString",
        "Transform",
        "ValueOf",
        "ValueOfAll"
      })
  void parse_whenShortFormTagOnScalarSequenceOrMapping_thenFnLongForm(String name)
      throws Exception {
    String yaml =
        "S: !" + name + " text\n" + "L: !" + name + " [a, 1]\n" + "M: !" + name + " {k: v}\n";

    JsonNode root = parse(yaml).root();

    String fn = "Fn::" + name;
    assertEquals(json("{\"" + fn + "\":\"text\"}"), root.get("S"));
    assertEquals(json("{\"" + fn + "\":[\"a\",1]}"), root.get("L"));
    assertEquals(json("{\"" + fn + "\":{\"k\":\"v\"}}"), root.get("M"));
  }

  @Test
  void parse_whenGetAttScalar_thenSplitAtFirstDotOnly() throws Exception {
    JsonNode root =
        parse("A: !GetAtt Db.Endpoint.Address\nB: !GetAtt [Db, Arn]\nC: !GetAtt Plain\n").root();

    assertEquals(json("{\"Fn::GetAtt\":[\"Db\",\"Endpoint.Address\"]}"), root.get("A"));
    assertEquals(json("{\"Fn::GetAtt\":[\"Db\",\"Arn\"]}"), root.get("B"));
    assertEquals(json("{\"Fn::GetAtt\":[\"Plain\"]}"), root.get("C"));
  }

  @Test
  void parse_whenTagsNest_thenInnerTagsAreConvertedToo() throws Exception {
    String yaml =
        "Subnet: !Select [0, !GetAZs '']\n"
            + "Name: !Sub\n  - '${Env}-${Id}'\n  - Id: !ImportValue shared-id\n"
            + "Arn: !If [IsProd, !GetAtt Role.Arn, !Ref 'AWS::NoValue']\n";

    JsonNode root = parse(yaml).root();

    assertEquals(json("{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}"), root.get("Subnet"));
    assertEquals(
        json("{\"Fn::Sub\":[\"${Env}-${Id}\",{\"Id\":{\"Fn::ImportValue\":\"shared-id\"}}]}"),
        root.get("Name"));
    assertEquals(
        json(
            "{\"Fn::If\":[\"IsProd\",{\"Fn::GetAtt\":[\"Role\",\"Arn\"]},"
                + "{\"Ref\":\"AWS::NoValue\"}]}"),
        root.get("Arn"));
  }

  @Test
  void parse_whenYamlHasDates_thenTheyStayStrings() {
    JsonNode root =
        parse("AWSTemplateFormatVersion: 2010-09-09\nWhen: 2024-01-02T03:04:05Z\n").root();

    assertEquals("2010-09-09", root.get("AWSTemplateFormatVersion").textValue());
    assertEquals("2024-01-02T03:04:05Z", root.get("When").textValue());
  }

  @Test
  void parse_whenYamlHasPlainNumbersAndBooleans_thenTheyStayNumbersAndBooleans() {
    JsonNode root = parse("I: 42\nBig: 12345678901234567890\nF: 1.10\nB: true\nN: null\n").root();

    assertTrue(root.get("I").isInt());
    assertEquals(42, root.get("I").intValue());
    assertTrue(root.get("Big").isBigInteger());
    assertTrue(root.get("F").isBigDecimal());
    assertEquals("1.10", root.get("F").decimalValue().toPlainString());
    assertTrue(root.get("B").isBoolean());
    assertTrue(root.get("B").booleanValue());
    assertTrue(root.get("N").isNull());
  }

  @Test
  void parse_whenYaml11WouldRewriteANumber_thenTheTextIsKept() {
    JsonNode root =
        parse(
                "Account: 012345678901\nMode: 0755\nHex: 0x1F\nSep: 1_000\nTime: 1:30\n"
                    + "Inf: .inf\n012345678901: key\n")
            .root();

    assertEquals("012345678901", root.get("Account").textValue());
    assertEquals("0755", root.get("Mode").textValue());
    assertEquals("0x1F", root.get("Hex").textValue());
    assertEquals("1_000", root.get("Sep").textValue());
    assertEquals("1:30", root.get("Time").textValue());
    assertEquals(".inf", root.get("Inf").textValue());
    assertEquals("key", root.get("012345678901").textValue());
  }

  @Test
  void parse_whenYamlUsesAFewAliasesAndMerge_thenTheyAreExpanded() throws Exception {
    String yaml = "Base: &tags {team: a}\nOne: *tags\nTwo:\n  <<: *tags\n  extra: b\n";

    JsonNode root = parse(yaml).root();

    assertEquals(json("{\"team\":\"a\"}"), root.get("One"));
    assertEquals(json("{\"team\":\"a\",\"extra\":\"b\"}"), root.get("Two"));
  }

  @Test
  void parse_whenJson_thenFormatJsonWithHashAndSize() throws Exception {
    byte[] body = "  {\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}".getBytes(UTF_8);

    ParsedTemplate parsed = parser.parse(body);

    assertEquals("json", parsed.format());
    assertEquals(body.length, parsed.sizeBytes());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
        parsed.sha256());
    assertEquals("AWS::S3::Bucket", parsed.root().at("/Resources/B/Type").textValue());
  }

  @Test
  void parse_whenYaml_thenFormatYaml() {
    ParsedTemplate parsed = parse("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");

    assertEquals("yaml", parsed.format());
    assertEquals("AWS::S3::Bucket", parsed.root().at("/Resources/B/Type").textValue());
  }

  @Test
  void parse_whenUtf8ByteOrderMark_thenIgnored() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "{\"A\": 1}".getBytes(UTF_8);
    byte[] body = Arrays.copyOf(bom, bom.length + text.length);
    System.arraycopy(text, 0, body, bom.length, text.length);

    ParsedTemplate parsed = parser.parse(body);

    assertEquals("json", parsed.format());
    assertEquals(1, parsed.root().get("A").intValue());
  }

  @Test
  void parse_whenAliasBomb_thenRejectedFastSayingAliasesAreLimited() {
    // "Billion laughs": 9 levels of 9 aliases would expand to 9^9 strings.
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char previous = 'a';
    for (char level = 'b'; level <= 'i'; level++) {
      yaml.append(level).append(": &").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        yaml.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      yaml.append("]\n");
      previous = level;
    }

    TemplateInvalidException e =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rejected(yaml.toString()));

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().contains("aliases are limited"), e.getMessage());
  }

  @Test
  void parse_whenScalarAliasedThousandsOfTimes_thenRejectedByTheExpansionBudget() {
    // SnakeYAML counts only collection aliases; a big scalar repeated by alias is the other bomb.
    StringBuilder yaml =
        new StringBuilder("big: &big \"").append("x".repeat(500_000)).append("\"\n");
    yaml.append("copies: [");
    for (int i = 0; i < 20_000; i++) {
      yaml.append(i == 0 ? "" : ",").append("*big");
    }
    yaml.append("]\n");

    TemplateInvalidException e =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(yaml.toString()));

    assertTrue(e.getMessage().contains("aliases are limited"), e.getMessage());
  }

  @Test
  void parse_whenAliasRefersToItself_thenRejected() {
    TemplateInvalidException e = rejected("a: &a [1, *a]\n");

    assertTrue(e.getMessage().startsWith("template is not valid YAML"), e.getMessage());
  }

  @Test
  void parse_whenOneByteOverOneMiB_thenTooLargeBeforeParsing() {
    // Not valid YAML at all: only a size check that runs first can produce TEMPLATE_TOO_LARGE.
    byte[] body = new byte[TemplateParser.MAX_TEMPLATE_BYTES + 1];
    Arrays.fill(body, (byte) '[');

    TemplateInvalidException e = rejected(body);

    assertEquals(ErrorCode.TEMPLATE_TOO_LARGE, e.code());
    assertTrue(e.getMessage().contains("1048577 bytes"), e.getMessage());
  }

  @Test
  void parse_whenExactlyOneMiB_thenAccepted() {
    String head = "Description: \"";
    String tail = "\"\n";
    String filler = "x".repeat(TemplateParser.MAX_TEMPLATE_BYTES - head.length() - tail.length());

    ParsedTemplate parsed = parse(head + filler + tail);

    assertEquals(TemplateParser.MAX_TEMPLATE_BYTES, parsed.sizeBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   \n\t\n", "# only a comment\n"})
  void parse_whenEmptyOrBlank_thenInvalidSayingEmpty(String text) {
    TemplateInvalidException e = rejected(text);

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().startsWith("template is empty"), e.getMessage());
  }

  @Test
  void parse_whenInvalidUtf8_thenInvalidNamingTheByteOffset() {
    byte[] body = {'A', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};

    TemplateInvalidException e = rejected(body);

    assertEquals(
        "template is not valid UTF-8 (bad byte sequence at byte offset 3)", e.getMessage());
  }

  @Test
  void parse_whenBinaryGarbage_thenInvalidWithoutThirdPartyText() {
    byte[] body = new byte[4096];
    new java.util.Random(7).nextBytes(body);

    TemplateInvalidException e = rejected(body);

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().startsWith("template is not valid"), e.getMessage());
  }

  @Test
  void parse_whenControlCharacterInValidUtf8_thenInvalidWithLine() {
    TemplateInvalidException e = rejected("A: 1\nB: x\u0000y\n");

    assertTrue(e.getMessage().startsWith("template is not valid YAML:"), e.getMessage());
    assertTrue(e.getMessage().contains("U+0000"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void parse_whenYamlNestedTenThousandLevels_thenRejectedWithoutStackOverflow() {
    String deep = "A: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

    TemplateInvalidException e =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(deep));

    assertTrue(e.getMessage().contains("nested deeper than 100 levels"), e.getMessage());
  }

  @Test
  void parse_whenJsonNestedTenThousandLevels_thenRejectedWithoutStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    TemplateInvalidException e =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> rejected(deep));

    assertEquals("template is not valid JSON: nested deeper than 100 levels", e.getMessage());
  }

  @Test
  void parse_whenYamlDuplicateKey_thenInvalidNamingKeyAndLine() {
    TemplateInvalidException e = rejected("Resources:\n  A: 1\n  A: 2\n");

    assertTrue(e.getMessage().contains("duplicate key A"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void parse_whenYamlKeysCollideOnlyAsText_thenDuplicate() {
    TemplateInvalidException e = rejected("1: a\n\"1\": b\n");

    assertTrue(e.getMessage().contains("duplicate key 1"), e.getMessage());
  }

  @Test
  void parse_whenJsonDuplicateKey_thenInvalidNamingKeyAndLine() {
    TemplateInvalidException e = rejected("{\n \"A\": 1,\n \"A\": 2\n}");

    assertTrue(e.getMessage().startsWith("template is not valid JSON:"), e.getMessage());
    assertTrue(e.getMessage().contains("'A'"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void parse_whenUnknownTag_thenInvalidNamingTheTag() {
    TemplateInvalidException e = rejected("A: 1\nB: !Foo bar\n");

    assertTrue(e.getMessage().contains("unknown tag !Foo"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2, column 4"), e.getMessage());
  }

  @Test
  void parse_whenJavaClassTag_thenInvalidAndNothingInstantiated() {
    TemplateInvalidException e = rejected("A: !!javax.script.ScriptEngineManager []\n");

    assertEquals(ErrorCode.TEMPLATE_INVALID, e.code());
    assertTrue(e.getMessage().startsWith("template is not valid YAML:"), e.getMessage());
  }

  @Test
  void parse_whenYamlSyntaxError_thenMessageHasLineAndColumnAndNoStackTrace() {
    TemplateInvalidException e = rejected("Resources:\n  A: [1, 2\n  B: 3\n");

    String message = e.getMessage();
    assertTrue(message.startsWith("template is not valid YAML: "), message);
    assertTrue(message.matches(".* at line \\d+, column \\d+"), message);
    assertFalse(message.contains("\n"), message);
    assertFalse(message.contains("org.yaml"), message);
  }

  @Test
  void parse_whenYamlTabIndentation_thenLineReported() {
    TemplateInvalidException e = rejected("Resources:\n\tA: 1\n");

    assertTrue(e.getMessage().contains("line 2, column 1"), e.getMessage());
  }

  @Test
  void parse_whenJsonSyntaxError_thenMessageHasLineAndColumn() {
    TemplateInvalidException e = rejected("{\n  \"A\": 1,\n  }\n");

    assertTrue(e.getMessage().startsWith("template is not valid JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("line 3, column 3"), e.getMessage());
  }

  @Test
  void parse_whenJsonHasTrailingContent_thenInvalid() {
    TemplateInvalidException e = rejected("{\"A\": 1} {\"B\": 2}");

    assertTrue(e.getMessage().startsWith("template is not valid JSON"), e.getMessage());
  }

  @Test
  void parse_whenYamlHasTwoDocuments_thenInvalid() {
    TemplateInvalidException e = rejected("A: 1\n---\nB: 2\n");

    assertTrue(e.getMessage().contains("single document"), e.getMessage());
  }

  @Test
  void parse_whenRootIsAList_thenInvalidSayingMappingExpected() {
    TemplateInvalidException e = rejected("- a\n- b\n");

    assertEquals(
        "template root must be a mapping of sections (Resources, ...), found a list",
        e.getMessage());
  }

  @Test
  void parse_whenRootIsAScalar_thenInvalidSayingMappingExpected() {
    TemplateInvalidException e = rejected("just text\n");

    assertTrue(e.getMessage().endsWith("found a string"), e.getMessage());
  }

  @Test
  void parse_whenMappingKeyIsASequence_thenInvalid() {
    TemplateInvalidException e = rejected("? [a, b]\n: c\n");

    assertTrue(e.getMessage().contains("mapping keys must be plain strings"), e.getMessage());
  }
}
