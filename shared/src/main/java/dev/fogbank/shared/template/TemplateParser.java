package dev.fogbank.shared.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.TemplateInvalidException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.ConstructorException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a CloudFormation template (JSON or YAML bytes) into a Jackson tree in CloudFormation's long
 * form, with the limits that keep hostile input cheap: size checked before parsing, at most {@value
 * #MAX_ALIASES} collection aliases, nesting at most {@value #MAX_DEPTH} deep, no duplicate keys.
 * Stateless and thread-safe.
 *
 * <p>The tree is what fogbank inspects; CloudFormation still receives the original bytes. So where
 * YAML 1.1 would silently rewrite a scalar ({@code 0123}, {@code 0x1F}, {@code 1_000}, {@code
 * 1:30}, dates, {@code .inf}) the tree keeps the text as written rather than guess.
 */
public final class TemplateParser {
  /** CloudFormation's limit for a template passed through S3. */
  public static final int MAX_TEMPLATE_BYTES = 1_048_576;

  /** Aliases of mappings/sequences; a few are normal, thousands are a "billion laughs". */
  public static final int MAX_ALIASES = 20;

  public static final int MAX_DEPTH = 100;

  /**
   * Tree size budget (nodes plus characters). A template without aliases stays far below it; only
   * aliases of large scalars (which SnakeYAML does not count) can reach it.
   */
  static final long MAX_EXPANDED_UNITS = 4L * MAX_TEMPLATE_BYTES;

  /** Short-form tags whose long form is {@code Fn::<Name>}. */
  public static final Set<String> FN_TAGS =
      Set.of(
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
          "GetAtt",
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
          "ValueOfAll");

  /** Short-form tags whose long form keeps the name as is. */
  static final Set<String> PLAIN_TAGS = Set.of("Ref", "Condition");

  // JSON number syntax: anything else YAML 1.1 calls a number stays text (see class comment).
  private static final Pattern STRICT_INT = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern STRICT_FLOAT =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  // Exact decimals: 1.10 stays 1.10 (a version string in a parameter default, say).
  private static final JsonNodeFactory NODES = new JsonNodeFactory(true);

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .nodeFactory(NODES)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public TemplateParser() {}

  /** A parsed template; {@code format} is "json" or "yaml", {@code sha256} hex of the bytes. */
  public record ParsedTemplate(JsonNode root, String format, String sha256, int sizeBytes) {}

  /**
   * Parses the bytes, or throws {@link TemplateInvalidException} (TEMPLATE_TOO_LARGE for size,
   * TEMPLATE_INVALID otherwise) with a message that names the problem and, for syntax errors, the
   * line and column.
   */
  public ParsedTemplate parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw new TemplateInvalidException("template is empty");
    }
    if (body.length > MAX_TEMPLATE_BYTES) {
      throw new TemplateInvalidException(
          ErrorCode.TEMPLATE_TOO_LARGE,
          "template is "
              + body.length
              + " bytes; CloudFormation accepts at most "
              + MAX_TEMPLATE_BYTES
              + " bytes (1 MiB)");
    }
    Function<String, TemplateInvalidException> invalid =
        detail -> new TemplateInvalidException("template is " + detail);
    String text = decodeUtf8(body, invalid);
    if (text.isBlank()) {
      throw new TemplateInvalidException("template is empty (whitespace only)");
    }
    boolean json = firstNonSpace(text) == '{';
    JsonNode root = json ? readJson(text, invalid) : readYamlText(text, invalid);
    if (root == null) {
      throw new TemplateInvalidException("template is empty (no YAML content, only comments)");
    }
    if (!root.isObject()) {
      throw new TemplateInvalidException(
          "template root must be a mapping of sections (Resources, ...), found " + kind(root));
    }
    return new ParsedTemplate(root, json ? "json" : "yaml", sha256Hex(body), body.length);
  }

  /**
   * The SnakeYAML limits every fogbank YAML read uses. A new instance each call: LoaderOptions is
   * mutable.
   */
  public static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    // Code points never exceed bytes, so the byte limit (checked first) is the real bound.
    options.setCodePointLimit(MAX_TEMPLATE_BYTES + 1024);
    options.setProcessComments(false);
    return options;
  }

  /**
   * Reads YAML bytes with this parser's tags and limits into a tree, or null when the document is
   * empty. Problems go through {@code invalid} as a detail such as "not valid YAML: found undefined
   * alias x at line 3, column 9", so each caller can add its own subject and error type. The caller
   * checks the size first.
   */
  public static JsonNode readYaml(
      byte[] body, Function<String, ? extends RuntimeException> invalid) {
    return readYamlText(decodeUtf8(body, invalid), invalid);
  }

  private static JsonNode readYamlText(
      String text, Function<String, ? extends RuntimeException> invalid) {
    LoaderOptions options = loaderOptions();
    DumperOptions dumperOptions = new DumperOptions();
    Yaml yaml =
        new Yaml(
            new CloudFormationConstructor(options),
            new Representer(dumperOptions),
            dumperOptions,
            options,
            new Resolver());
    Object loaded;
    try {
      loaded = yaml.load(text);
    } catch (YAMLException e) {
      throw invalid.apply("not valid YAML: " + describe(e, text));
    } catch (RuntimeException e) {
      // e.g. !!binary with bad base64: SnakeYAML throws plain JDK exceptions for some values.
      throw invalid.apply(
          "not valid YAML: a value cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return loaded == null ? null : new TreeBuilder(invalid).build(loaded);
  }

  private static JsonNode readJson(
      String text, Function<String, ? extends RuntimeException> invalid) {
    try {
      return JSON.readTree(text);
    } catch (StreamConstraintsException e) {
      throw invalid.apply("not valid JSON: nested deeper than " + MAX_DEPTH + " levels");
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      JsonLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw invalid.apply("not valid JSON: " + firstLine(problem) + where);
    }
  }

  /** SnakeYAML's problem, reworded where its text would not help the template author. */
  private static String describe(YAMLException e, String text) {
    if (e instanceof MarkedYAMLException marked) {
      // SnakeYAML splits a message in two: "expected a single document" + "but found another".
      String problem =
          marked.getContext() == null
              ? marked.getProblem()
              : marked.getProblem() == null
                  ? marked.getContext()
                  : marked.getContext() + ", " + marked.getProblem();
      Mark mark =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      return firstLine(problem) + at(mark);
    }
    if (e instanceof ReaderException reader) {
      return String.format(
              "contains a character YAML does not allow (U+%04X)", reader.getCodePoint())
          + at(text, reader.getPosition());
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return "too many aliases (aliases are limited to "
          + MAX_ALIASES
          + " uses of anchored mappings or sequences, which stops alias bombs)";
    }
    if (message.startsWith("Nesting Depth exceeded")) {
      return "nested deeper than " + MAX_DEPTH + " levels";
    }
    if (message.contains("exceeds the limit")) {
      return "longer than " + MAX_TEMPLATE_BYTES + " characters";
    }
    if (message.startsWith("Recursive key")) {
      return "a mapping key refers to itself through an alias (recursive keys are not allowed)";
    }
    // Anything else: say what kind of failure without echoing third-party text at length.
    return firstLine(message);
  }

  private static String at(Mark mark) {
    return mark == null
        ? ""
        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String at(String text, int codePointIndex) {
    return codePointIndex < 0 ? "" : " at " + TextPosition.ofCodePoint(text, codePointIndex);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    String line = s.strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) {
      line = line.substring(0, nl).strip();
    }
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String decodeUtf8(
      byte[] body, Function<String, ? extends RuntimeException> invalid) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length); // UTF-8 never decodes to more chars
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw invalid.apply(
          "not valid UTF-8 (bad byte sequence at byte offset " + in.position() + ")");
    }
    String text = out.flip().toString();
    // A UTF-8 byte order mark is legal and CloudFormation ignores it; YAML/JSON must not see it.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static char firstNonSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return c;
      }
    }
    return 0;
  }

  static String kind(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isNumber()) {
      return "a number";
    }
    return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  /** Problem raised by our constructor, carrying SnakeYAML marks so line/column are reported. */
  private static final class TemplateConstructorException extends ConstructorException {
    TemplateConstructorException(String problem, Mark mark) {
      super(null, null, problem, mark);
    }
  }

  /**
   * Safe constructor (no arbitrary classes) that turns CloudFormation short forms into long forms,
   * keeps mapping keys as written, and keeps ambiguous YAML 1.1 scalars as text.
   */
  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor(LoaderOptions options) {
      super(options);
      for (String name : FN_TAGS) {
        yamlConstructors.put(new Tag("!" + name), new ShortForm("Fn::" + name));
      }
      for (String name : PLAIN_TAGS) {
        yamlConstructors.put(new Tag("!" + name), new ShortForm(name));
      }
      // CloudFormation reads dates (AWSTemplateFormatVersion: 2010-09-09) as strings.
      yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
      yamlConstructors.put(Tag.INT, new StrictNumber(false));
      yamlConstructors.put(Tag.FLOAT, new StrictNumber(true));
      yamlConstructors.put(null, new UnknownTag());
    }

    @Override
    protected void constructMapping2ndStep(MappingNode node, Map<Object, Object> mapping) {
      flattenMapping(node); // resolves "<<" merges and rejects duplicate keys
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          throw new TemplateConstructorException(
              "mapping keys must be plain strings, found a " + nodeKind(keyNode) + " as key",
              keyNode.getStartMark());
        }
        // Keys as written: CloudFormation's keys are strings, and YAML 1.1 would turn an
        // account id key such as 012345678901 into a float.
        String key = scalarKey.getValue();
        if (mapping.containsKey(key)) {
          throw new TemplateConstructorException(
              "found duplicate key " + key, keyNode.getStartMark());
        }
        mapping.put(key, constructObject(tuple.getValueNode()));
      }
    }

    private static String nodeKind(Node node) {
      return switch (node.getNodeId()) {
        case mapping -> "mapping";
        case sequence -> "sequence";
        default -> "scalar";
      };
    }

    private final class ShortForm extends AbstractConstruct {
      private final String longName;

      ShortForm(String longName) {
        this.longName = longName;
      }

      @Override
      public Object construct(Node node) {
        Object payload;
        if (node instanceof ScalarNode scalar) {
          String value = constructScalar(scalar);
          payload = longName.equals("Fn::GetAtt") ? splitGetAtt(value) : value;
        } else if (node instanceof SequenceNode sequence) {
          payload = constructSequence(sequence);
        } else {
          payload = constructMapping((MappingNode) node);
        }
        Map<Object, Object> longForm = new LinkedHashMap<>(2);
        longForm.put(longName, payload);
        return longForm;
      }

      // "!GetAtt Res.Attr.Sub" means ["Res", "Attr.Sub"]: only the first dot separates.
      private List<Object> splitGetAtt(String value) {
        int dot = value.indexOf('.');
        List<Object> parts = new ArrayList<>(2);
        if (dot < 0) {
          parts.add(value);
        } else {
          parts.add(value.substring(0, dot));
          parts.add(value.substring(dot + 1));
        }
        return parts;
      }
    }

    private final class StrictNumber extends AbstractConstruct {
      private final boolean decimal;

      StrictNumber(boolean decimal) {
        this.decimal = decimal;
      }

      @Override
      public Object construct(Node node) {
        String text = constructScalar((ScalarNode) node);
        if (STRICT_INT.matcher(text).matches()) {
          return new BigInteger(text);
        }
        if (decimal && STRICT_FLOAT.matcher(text).matches()) {
          return new BigDecimal(text);
        }
        return text;
      }
    }

    private final class UnknownTag extends AbstractConstruct {
      @Override
      public Object construct(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith(Tag.PREFIX)) {
          tag = "!!" + tag.substring(Tag.PREFIX.length());
        }
        throw new TemplateConstructorException(
            "unknown tag "
                + tag
                + " (CloudFormation knows only the short forms of its intrinsic functions,"
                + " such as !Ref, !Sub, !GetAtt)",
            node.getStartMark());
      }
    }
  }

  /** Turns constructed YAML objects into a Jackson tree within the depth and size budget. */
  private static final class TreeBuilder {
    private final Function<String, ? extends RuntimeException> invalid;
    private final Map<Object, Boolean> onPath = new IdentityHashMap<>();
    private long units;

    TreeBuilder(Function<String, ? extends RuntimeException> invalid) {
      this.invalid = invalid;
    }

    JsonNode build(Object value) {
      return node(value, 0);
    }

    private JsonNode node(Object value, int depth) {
      spend(1);
      if (value == null) {
        return NODES.nullNode();
      }
      if (value instanceof String s) {
        spend(s.length());
        return NODES.textNode(s);
      }
      if (value instanceof Boolean b) {
        return NODES.booleanNode(b);
      }
      if (value instanceof BigInteger i) {
        return i.bitLength() < 32
            ? NODES.numberNode(i.intValue())
            : i.bitLength() < 64 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
      }
      if (value instanceof BigDecimal d) {
        return NODES.numberNode(d);
      }
      if (value instanceof Number n) {
        return NODES.numberNode(new BigDecimal(n.toString()));
      }
      if (value instanceof byte[] bytes) {
        spend(bytes.length);
        return NODES.binaryNode(bytes);
      }
      // Containers: the tree is twice as deep as YAML at most (short forms add one level).
      if (depth > 2 * MAX_DEPTH) {
        throw invalid.apply("not valid YAML: nested deeper than " + MAX_DEPTH + " levels");
      }
      if (onPath.put(value, Boolean.TRUE) != null) {
        throw invalid.apply("not valid YAML: an alias refers to a node that contains it");
      }
      try {
        if (value instanceof Map<?, ?> map) {
          ObjectNode object = NODES.objectNode();
          for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            spend(key.length());
            object.set(key, node(e.getValue(), depth + 1));
          }
          return object;
        }
        if (value instanceof Collection<?> items) {
          ArrayNode array = NODES.arrayNode();
          for (Object item : items) {
            array.add(node(item, depth + 1));
          }
          return array;
        }
        if (value instanceof Object[] items) { // !!pairs entries
          ArrayNode array = NODES.arrayNode();
          for (Object item : items) {
            array.add(node(item, depth + 1));
          }
          return array;
        }
      } finally {
        onPath.remove(value);
      }
      throw invalid.apply("not valid YAML: unsupported value type");
    }

    private void spend(long cost) {
      units += cost;
      if (units > MAX_EXPANDED_UNITS) {
        throw invalid.apply(
            "not valid YAML: aliases expand it beyond "
                + MAX_EXPANDED_UNITS
                + " characters (aliases are limited)");
      }
    }
  }
}
