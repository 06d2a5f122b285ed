package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateWriterTest {

  // Decimals exact, so that 1.10 shows as written.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  /** The YAML a single property value gets: the text after {@code V:}. */
  private static String yamlOf(Object value) {
    String yaml = TemplateWriter.yaml(templateWith(value));
    String prefix = "Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V:";
    assertTrue(yaml.startsWith(prefix), yaml);
    return yaml.substring(prefix.length());
  }

  /** The JSON a single property value gets, compacted (key order kept). */
  private static String jsonOf(Object value) throws Exception {
    JsonNode root = JSON.readTree(TemplateWriter.json(templateWith(value)));
    return JSON.writeValueAsString(root.at("/Resources/R/Properties/V"));
  }

  private static Template templateWith(Object value) {
    Template t = Template.create().formatVersion(null);
    t.add(Resource.of("R", "AWS::SNS::Topic").property("V", value));
    return t;
  }

  static Stream<Arguments> intrinsics() {
    return Stream.of(
        Arguments.of(Fn.ref("Bucket"), " !Ref Bucket\n", "{\"Ref\":\"Bucket\"}"),
        Arguments.of(
            Fn.getAtt("Db", "Endpoint.Address"),
            " !GetAtt Db.Endpoint.Address\n",
            "{\"Fn::GetAtt\":[\"Db\",\"Endpoint.Address\"]}"),
        Arguments.of(
            Fn.sub("${AWS::StackName}-logs"),
            " !Sub ${AWS::StackName}-logs\n",
            "{\"Fn::Sub\":\"${AWS::StackName}-logs\"}"),
        Arguments.of(
            Fn.sub("${Name}.${Domain}", "Name", "www", "Domain", Fn.ref("Domain")),
            " !Sub\n"
                + "        - ${Name}.${Domain}\n"
                + "        - Name: www\n"
                + "          Domain: !Ref Domain\n",
            "{\"Fn::Sub\":[\"${Name}.${Domain}\","
                + "{\"Name\":\"www\",\"Domain\":{\"Ref\":\"Domain\"}}]}"),
        Arguments.of(
            Fn.join(",", "a", Fn.ref("B")),
            " !Join\n        - ','\n        - - a\n          - !Ref B\n",
            "{\"Fn::Join\":[\",\",[\"a\",{\"Ref\":\"B\"}]]}"),
        Arguments.of(
            Fn.select(0, Fn.getAZs("")),
            " !Select\n        - 0\n        - !GetAZs ''\n",
            "{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}"),
        Arguments.of(
            Fn.split(",", Fn.ref("List")),
            " !Split\n        - ','\n        - !Ref List\n",
            "{\"Fn::Split\":[\",\",{\"Ref\":\"List\"}]}"),
        Arguments.of(
            Fn.ifThen("IsProd", "big", Fn.NO_VALUE),
            " !If\n        - IsProd\n        - big\n        - !Ref AWS::NoValue\n",
            "{\"Fn::If\":[\"IsProd\",\"big\",{\"Ref\":\"AWS::NoValue\"}]}"),
        Arguments.of(
            Fn.equalTo(Fn.ref("Env"), "prod"),
            " !Equals\n        - !Ref Env\n        - prod\n",
            "{\"Fn::Equals\":[{\"Ref\":\"Env\"},\"prod\"]}"),
        Arguments.of(
            Fn.and(Fn.condition("A"), Fn.condition("B")),
            " !And\n        - !Condition A\n        - !Condition B\n",
            "{\"Fn::And\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}"),
        Arguments.of(
            Fn.or(Fn.condition("A"), Fn.equalTo("x", "y")),
            " !Or\n        - !Condition A\n        - !Equals\n          - x\n          - 'y'\n",
            "{\"Fn::Or\":[{\"Condition\":\"A\"},{\"Fn::Equals\":[\"x\",\"y\"]}]}"),
        Arguments.of(
            Fn.not(Fn.condition("A")),
            " !Not\n        - !Condition A\n",
            "{\"Fn::Not\":[{\"Condition\":\"A\"}]}"),
        Arguments.of(Fn.condition("IsProd"), " !Condition IsProd\n", "{\"Condition\":\"IsProd\"}"),
        Arguments.of(
            Fn.findInMap("Sizes", Fn.ref("Env"), "Type"),
            " !FindInMap\n        - Sizes\n        - !Ref Env\n        - Type\n",
            "{\"Fn::FindInMap\":[\"Sizes\",{\"Ref\":\"Env\"},\"Type\"]}"),
        Arguments.of(
            Fn.importValue("shared-vpc"),
            " !ImportValue shared-vpc\n",
            "{\"Fn::ImportValue\":\"shared-vpc\"}"),
        Arguments.of(Fn.getAZs(""), " !GetAZs ''\n", "{\"Fn::GetAZs\":\"\"}"),
        Arguments.of(Fn.base64("hello"), " !Base64 hello\n", "{\"Fn::Base64\":\"hello\"}"),
        Arguments.of(
            Fn.cidr("10.0.0.0/16", 4, 8),
            " !Cidr\n        - 10.0.0.0/16\n        - 4\n        - 8\n",
            "{\"Fn::Cidr\":[\"10.0.0.0/16\",4,8]}"),
        Arguments.of(
            new Intrinsic.Other("Fn::Length", Fn.ref("Subnets")),
            "\n        Fn::Length: !Ref Subnets\n",
            "{\"Fn::Length\":{\"Ref\":\"Subnets\"}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("intrinsics")
  @DisplayName("Each intrinsic is written in short form in YAML and in long form in JSON")
  void intrinsicForms(Intrinsic fn, String yaml, String json) throws Exception {
    assertEquals(yaml, yamlOf(fn));
    assertEquals(json, jsonOf(fn));
  }

  static Stream<Arguments> nestedSingleArgument() {
    return Stream.of(
        Arguments.of(
            Fn.base64(Fn.sub("#!/bin/bash\necho ${AWS::Region}\n")),
            "\n        Fn::Base64: !Sub |\n          #!/bin/bash\n          echo ${AWS::Region}\n"),
        Arguments.of(
            Fn.importValue(Fn.sub("${Net}-VpcId")),
            "\n        Fn::ImportValue: !Sub ${Net}-VpcId\n"),
        Arguments.of(Fn.getAZs(Fn.REGION), "\n        Fn::GetAZs: !Ref AWS::Region\n"),
        // A tagged scalar reads back as a string, so a number argument needs the long form too.
        Arguments.of(Fn.base64(5), "\n        Fn::Base64: 5\n"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("nestedSingleArgument")
  @DisplayName("A one-argument function of an intrinsic is written in long form: one tag per node")
  void nestedSingleArgumentUsesLongForm(Intrinsic fn, String yaml) {
    assertEquals(yaml, yamlOf(fn));
    assertEquals(fn, readBack(fn));
  }

  @Test
  @DisplayName(
      "GetAtt of a resource name with a dot is written as a list, which reads back the same")
  void getAttWithDottedResourceUsesListForm() {
    Intrinsic.GetAtt fn = Fn.getAtt("A.B", "C");
    assertEquals(" !GetAtt\n        - A.B\n        - C\n", yamlOf(fn));
    assertEquals(fn, readBack(fn));
  }

  static Stream<Arguments> scalars() {
    return Stream.of(
        // YAML 1.1 booleans and nulls, in any case
        Arguments.of("true", "'true'"),
        Arguments.of("False", "'False'"),
        Arguments.of("yes", "'yes'"),
        Arguments.of("on", "'on'"),
        Arguments.of("OFF", "'OFF'"),
        Arguments.of("n", "'n'"),
        Arguments.of("Y", "'Y'"),
        Arguments.of("null", "'null'"),
        Arguments.of("~", "'~'"),
        Arguments.of("", "''"),
        // numbers, octal, hex, sexagesimal, dates
        Arguments.of("1.0", "'1.0'"),
        Arguments.of("0123", "'0123'"),
        Arguments.of("0x1F", "'0x1F'"),
        Arguments.of("1_000", "'1_000'"),
        Arguments.of("1:30", "'1:30'"),
        Arguments.of("1e5", "'1e5'"),
        Arguments.of(".inf", "'.inf'"),
        Arguments.of("-12", "'-12'"),
        Arguments.of("2010-09-09", "'2010-09-09'"),
        Arguments.of("2001-12-14 21:59:43.10 -5", "'2001-12-14 21:59:43.10 -5'"),
        // indicators and comment/mapping look-alikes
        Arguments.of("*", "'*'"),
        Arguments.of("&anchor", "'&anchor'"),
        Arguments.of("!bang", "'!bang'"),
        Arguments.of("-dash", "'-dash'"),
        Arguments.of("{brace}", "'{brace}'"),
        Arguments.of("key: value", "'key: value'"),
        Arguments.of("a #comment", "'a #comment'"),
        Arguments.of("ends:", "'ends:'"),
        Arguments.of(" lead", "' lead'"),
        Arguments.of("trail ", "'trail '"),
        Arguments.of("<<", "'<<'"),
        Arguments.of("'quoted'", "'''quoted'''"),
        Arguments.of("\"@/\\", "'\"@/\\'"),
        // not printable: double quotes with escapes
        Arguments.of("tab\there", "\"tab\\there\""),
        Arguments.of("bell\u0007", "\"bell\\u0007\""),
        Arguments.of("a\r\nb", "\"a\\r\\nb\""),
        Arguments.of("line\u2028sep", "\"line\\u2028sep\""),
        // plain
        Arguments.of("it's", "it's"),
        Arguments.of("0.0.0.0/0", "0.0.0.0/0"),
        Arguments.of("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/*"),
        Arguments.of("${AWS::Region}", "${AWS::Region}"),
        Arguments.of("t3.micro", "t3.micro"),
        Arguments.of("Zürich — ☃", "Zürich — ☃"),
        Arguments.of("a - b", "a - b"));
  }

  @ParameterizedTest(name = "[{0}] as {1}")
  @MethodSource("scalars")
  @DisplayName("Strings a YAML 1.1 reader would take for something else are quoted, others plain")
  void ambiguousStringsAreQuoted(String value, String written) {
    assertEquals(" " + written + "\n", yamlOf(value));
    assertEquals(value, readBack(value));
  }

  @Test
  @DisplayName("Multi-line strings are literal blocks, with the chomping their line ends need")
  void multiLineStringsAreLiteralBlocks() {
    assertEquals(" |\n        one\n        two\n", yamlOf("one\ntwo\n"));
    assertEquals(" |-\n        one\n\n          two\n", yamlOf("one\n\n  two"));
    assertEquals(" |+\n        one\n\n", yamlOf("one\n\n"));
    // A leading space would be taken for indentation: double quotes instead.
    assertEquals(" \" one\\ntwo\"\n", yamlOf(" one\ntwo"));
    for (String s : List.of("one\ntwo\n", "one\n\n  two", "one\n\n", " one\ntwo", "a\n  \nb\n  ")) {
      assertEquals(s, readBack(s));
    }
  }

  @Test
  @DisplayName("Any string, built from YAML's awkward characters, reads back as written")
  void randomStringsRoundTrip() {
    String[] atoms = {
      "a",
      "Z",
      "0",
      "9",
      ".",
      "-",
      "+",
      ":",
      " ",
      "#",
      "'",
      "\"",
      "\\",
      "\n",
      "\t",
      "!",
      "&",
      "*",
      "|",
      ">",
      "%",
      "@",
      "`",
      "{",
      "}",
      "[",
      "]",
      ",",
      "?",
      "~",
      "=",
      "<<",
      "yes",
      "No",
      "null",
      "0x",
      "e",
      "_",
      "2010-09-09",
      "1.5",
      "${AWS::Region}",
      "${!Literal}",
      "é",
      "☃",
      "\u2028",
      "\u0085",
      "\r",
      "\u0000",
      "---",
      "...",
      "  ",
      "\n\n",
      " \n"
    };
    java.util.Random random = new java.util.Random(20100909);
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        s.append(atoms[random.nextInt(atoms.length)]);
      }
      values.put("k" + i, s.toString());
      values.put(s + "#" + i, i);
    }
    assertEquals(values, readBack(values));
  }

  @Test
  @DisplayName("Multi-line keys and very long keys still read back as the same key")
  void unusualKeys() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("multi\nline", 1);
    map.put("k".repeat(1500), 2);
    map.put("true", 3);
    assertEquals(map, readBack(map));
    assertTrue(yamlOf(map).contains("\n        'true': 3\n"));
  }

  @Test
  @DisplayName("Numbers and booleans are written as such; integer and decimal stay apart")
  void numbersAndBooleans() throws Exception {
    List<Object> values =
        List.of(
            5,
            5_000_000_000L,
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("1.10"),
            0.5,
            new BigDecimal("1E+3"),
            new BigDecimal("1E-7"),
            true,
            false);
    assertEquals(
        "\n        - 5\n        - 5000000000\n        - 123456789012345678901234567890\n"
            + "        - 1.10\n        - 0.5\n        - 1000\n        - 1.0E-7\n        - true\n"
            + "        - false\n",
        yamlOf(values));
    assertEquals(
        "[5,5000000000,123456789012345678901234567890,1.10,0.5,1000,1.0E-7,true,false]",
        jsonOf(values));
    Template once = TemplateReader.read(TemplateWriter.yaml(templateWith(values)));
    assertEquals(TemplateWriter.yaml(templateWith(values)), TemplateWriter.yaml(once));
    assertEquals(
        List.of(5, 5_000_000_000L, new BigInteger("123456789012345678901234567890")),
        ((List<?>) once.resources().get("R").properties().get("V")).subList(0, 3));
  }

  @Test
  @DisplayName("Sections come in CloudFormation's order whatever order they were added in")
  void sectionOrder() {
    Template t = Template.create();
    t.output(Output.of("Out", "x"));
    t.add(Resource.of("R", "AWS::SNS::Topic"));
    t.condition("C", Fn.equalTo("a", "b"));
    t.mapping("M", Map.of("k", Map.of("v", 1)));
    t.rule("Rule", Map.of("Assertions", List.of()));
    t.parameter(Parameter.string("P"));
    t.metadata("Meta", "m");
    t.transform("AWS::Serverless-2016-10-31");
    t.description("d");
    List<String> expected =
        List.of(
            "AWSTemplateFormatVersion",
            "Description",
            "Transform",
            "Metadata",
            "Parameters",
            "Rules",
            "Mappings",
            "Conditions",
            "Resources",
            "Outputs");
    assertEquals(expected, keysAtIndent(TemplateWriter.yaml(t), 0));
    List<String> jsonKeys = new ArrayList<>();
    readJson(TemplateWriter.json(t)).fieldNames().forEachRemaining(jsonKeys::add);
    assertEquals(expected, jsonKeys);
  }

  @Test
  @DisplayName("Resource attributes, parameter keys and output keys come in a fixed order")
  void attributeOrder() {
    Template t = Template.create().formatVersion(null);
    t.parameter(
        Parameter.number("P")
            .noEcho(true)
            .constraintDescription("cd")
            .maxValue(9)
            .minValue(1)
            .allowedValues(1, 2)
            .defaultValue(1)
            .description("d"));
    t.parameter(Parameter.string("S").maxLength(5).minLength(1).allowedPattern("[a-z]+"));
    t.add(
        Resource.of("R", "AWS::AutoScaling::AutoScalingGroup")
            .updateReplacePolicy(ResourceDefinition.Policy.Delete)
            .deletionPolicy(ResourceDefinition.Policy.Retain)
            .updatePolicy(Map.of("AutoScalingScheduledAction", Map.of()))
            .creationPolicy(Map.of("ResourceSignal", Map.of("Count", 1)))
            .property("MinSize", "1")
            .metadata("Note", "n")
            .dependsOn("A", "B")
            .condition("C"));
    t.add(Resource.of("A", "AWS::SNS::Topic").dependsOn("B"));
    t.output(Output.of("O", "v").exportName("e").condition("C").description("d"));
    String yaml = TemplateWriter.yaml(t);
    assertEquals(
        List.of(
            "Type",
            "Description",
            "Default",
            "AllowedValues",
            "MinValue",
            "MaxValue",
            "ConstraintDescription",
            "NoEcho"),
        keysAtIndent(section(yaml, "  P:"), 4));
    assertEquals(
        List.of("Type", "AllowedPattern", "MinLength", "MaxLength"),
        keysAtIndent(section(yaml, "  S:"), 4));
    assertEquals(
        List.of(
            "Type",
            "Condition",
            "DependsOn",
            "Metadata",
            "Properties",
            "CreationPolicy",
            "UpdatePolicy",
            "DeletionPolicy",
            "UpdateReplacePolicy"),
        keysAtIndent(section(yaml, "  R:"), 4));
    assertEquals(
        List.of("Description", "Condition", "Value", "Export"),
        keysAtIndent(section(yaml, "  O:"), 4));
    assertTrue(yaml.contains("    DependsOn:\n      - A\n      - B\n"), yaml);
    assertTrue(yaml.contains("    DependsOn: B\n"), yaml);
    assertTrue(yaml.contains("    Export:\n      Name: e\n"), yaml);
    assertTrue(yaml.contains("    NoEcho: true\n"), yaml);
  }

  @Test
  @DisplayName("NoEcho false and empty sections are left out; two transforms are a list")
  void omissions() {
    Template t = Template.create().formatVersion(null);
    t.transform("AWS::LanguageExtensions").transform("AWS::Serverless-2016-10-31");
    t.parameter(Parameter.string("P").noEcho(false));
    assertEquals(
        "Transform:\n  - AWS::LanguageExtensions\n  - AWS::Serverless-2016-10-31\n"
            + "Parameters:\n  P:\n    Type: String\n",
        TemplateWriter.yaml(t));
    assertEquals("{}\n", TemplateWriter.yaml(Template.create().formatVersion(null)));
  }

  @Test
  @DisplayName(
      "JSON is 2-space pretty-printed with ': ', '{}' and '[]' when empty, and ends in a newline")
  void jsonLayout() {
    Template t = Template.create().description("d");
    t.add(
        Resource.of("Topic", "AWS::SNS::Topic")
            .property("Tags", List.of())
            .property("Meta", Map.of())
            .property("Name", Fn.sub("${AWS::StackName}-t")));
    assertEquals(
        """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "d",
          "Resources": {
            "Topic": {
              "Type": "AWS::SNS::Topic",
              "Properties": {
                "Tags": [],
                "Meta": {},
                "Name": {
                  "Fn::Sub": "${AWS::StackName}-t"
                }
              }
            }
          }
        }
        """,
        TemplateWriter.json(t));
  }

  @Test
  @DisplayName("The same model is written to the same bytes every time")
  void sameModelSameBytes() {
    Template t = sample(new LinkedHashMap<>());
    assertEquals(TemplateWriter.yaml(t), TemplateWriter.yaml(t));
    assertEquals(TemplateWriter.json(t), TemplateWriter.json(t));
  }

  @Test
  @DisplayName("Maps without a defined order (HashMap, Map.of) are written sorted by key")
  void unorderedMapsAreSorted() {
    // "Aa" and "BB" share a hash code, so two HashMaps holding them iterate in insertion order.
    Map<String, Object> first = new HashMap<>();
    Map<String, Object> second = new HashMap<>();
    for (String k : List.of("AaAa", "BBBB", "AaBB", "BBAa")) {
      first.put(k, k.toLowerCase());
    }
    for (String k : List.of("BBAa", "AaBB", "BBBB", "AaAa")) {
      second.put(k, k.toLowerCase());
    }
    assertEquals(first, second);
    assertNotEquals(
        List.copyOf(first.keySet()), List.copyOf(second.keySet()), "precondition: orders differ");

    assertEquals(TemplateWriter.yaml(sample(first)), TemplateWriter.yaml(sample(second)));
    assertEquals(TemplateWriter.json(sample(first)), TemplateWriter.json(sample(second)));
    assertEquals(
        List.of("AaAa", "AaBB", "BBAa", "BBBB"),
        keysAtIndent(section(TemplateWriter.yaml(sample(first)), "      Tags:"), 8));
    assertEquals(
        TemplateWriter.yaml(sample(new TreeMap<>(first))),
        TemplateWriter.yaml(sample(Map.copyOf(second))));
  }

  @Test
  @DisplayName("Insertion-ordered maps keep their order")
  void orderedMapsKeepOrder() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("Zulu", 1);
    ordered.put("Alpha", 2);
    assertEquals("\n        Zulu: 1\n        Alpha: 2\n", yamlOf(ordered));
    assertEquals("{\"Zulu\":1,\"Alpha\":2}", assertDoesNotThrowJson(ordered));
  }

  @Test
  @DisplayName(
      "A null value, a non-string key or an unknown value type is refused with its location")
  void unwritableValues() {
    List<Object> withNull = new ArrayList<>();
    withNull.add("a");
    withNull.add(null);
    TemplateException e =
        assertThrows(TemplateException.class, () -> TemplateWriter.yaml(templateWith(withNull)));
    assertEquals("Resources.R.Properties.V[1]", e.problems().get(0).location());
    assertTrue(e.getMessage().contains("null"), e.getMessage());

    e =
        assertThrows(
            TemplateException.class, () -> TemplateWriter.json(templateWith(Map.of(1, "x"))));
    assertEquals("Resources.R.Properties.V", e.problems().get(0).location());

    e =
        assertThrows(
            TemplateException.class,
            () -> TemplateWriter.yaml(templateWith(Map.of("Set", Set.of("x")))));
    assertEquals("Resources.R.Properties.V.Set", e.problems().get(0).location());
    assertTrue(e.getMessage().contains("java.util"), e.getMessage());

    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    e = assertThrows(TemplateException.class, () -> TemplateWriter.yaml(templateWith(cycle)));
    assertTrue(e.getMessage().contains("deeper than"), e.getMessage());
    assertThrows(TemplateException.class, () -> TemplateWriter.yaml(templateWith(Double.NaN)));
  }

  @Test
  @DisplayName("Nesting is written up to the depth the reader accepts, and refused beyond it")
  void nestingLimit() {
    // Resources > R > Properties > V: four levels before the lists start; the reader takes 100.
    Object deepest = nested(96);
    for (String text :
        List.of(
            TemplateWriter.yaml(templateWith(deepest)),
            TemplateWriter.json(templateWith(deepest)))) {
      assertEquals(deepest, property(TemplateReader.read(text)));
    }
    Template tooDeep = templateWith(nested(97));
    TemplateException e = assertThrows(TemplateException.class, () -> TemplateWriter.yaml(tooDeep));
    assertTrue(e.getMessage().contains("nested deeper than 100 levels"), e.getMessage());
    assertThrows(TemplateException.class, () -> TemplateWriter.json(tooDeep));
  }

  private static Object nested(int lists) {
    Object value = "x";
    for (int i = 0; i < lists; i++) {
      value = List.of(value);
    }
    return value;
  }

  private static Object property(Template t) {
    return t.resources().get("R").properties().get("V");
  }

  private static Template sample(Map<String, Object> tags) {
    Template t = Template.create().description("Determinism sample");
    t.parameter(Parameter.string("Env").allowedValues("dev", "prod"));
    t.condition("IsProd", Fn.equalTo(Fn.ref("Env"), "prod"));
    t.add(
        Resource.of("Topic", "AWS::SNS::Topic")
            .property("Tags", tags)
            .property("DisplayName", Fn.sub("${Env}-${Suffix}", tags.isEmpty() ? Map.of() : tags)));
    t.output(Output.of("Arn", Fn.ref("Topic")).exportName(Fn.sub("${AWS::StackName}-Arn")));
    return t;
  }

  private static Object readBack(Object value) {
    String yaml = TemplateWriter.yaml(templateWith(value));
    Object fromYaml = TemplateReader.read(yaml).resources().get("R").properties().get("V");
    String json = TemplateWriter.json(templateWith(value));
    Object fromJson = TemplateReader.read(json).resources().get("R").properties().get("V");
    assertEquals(fromYaml, fromJson, "YAML and JSON read back differently");
    return fromYaml;
  }

  private static String assertDoesNotThrowJson(Object value) {
    try {
      return jsonOf(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The lines of {@code yaml} from the one equal to {@code header} to the next less-indented. */
  private static String section(String yaml, String header) {
    int start = yaml.indexOf(header + "\n");
    assertTrue(start >= 0, header + " not in\n" + yaml);
    int indent = header.length() - header.stripLeading().length();
    StringBuilder out = new StringBuilder();
    for (String line : yaml.substring(start + header.length() + 1).split("\n")) {
      int lineIndent = line.length() - line.stripLeading().length();
      if (lineIndent <= indent) {
        break;
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** The mapping keys at exactly {@code indent} columns, in order. */
  private static List<String> keysAtIndent(String yaml, int indent) {
    List<String> keys = new ArrayList<>();
    for (String line : yaml.split("\n")) {
      int lineIndent = line.length() - line.stripLeading().length();
      if (lineIndent == indent && !line.isBlank() && line.charAt(indent) != '-') {
        String key = line.substring(indent, line.indexOf(':', indent));
        keys.add(key.startsWith("'") ? key.substring(1, key.length() - 1) : key);
      }
    }
    return keys;
  }
}
