package dev.fogbank.shared.template;

import dev.fogbank.shared.template.TemplateReader.Source;
import dev.fogbank.shared.template.TemplateReader.SourceList;
import dev.fogbank.shared.template.TemplateReader.SourceMap;
import dev.fogbank.shared.template.TemplateReader.SourceScalar;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML text into the reader's source tree. SnakeYAML only parses and composes (no object
 * construction, so no arbitrary types); scalars are typed here, YAML 1.1-style but without
 * guessing: {@code 0123}, {@code 0x1F}, {@code 1_000} and {@code 1:30} stay text (the text
 * CloudFormation receives is the source of truth, so nothing is guessed). The composer enforces the
 * alias and depth limits of {@link TemplateLimits}; aliases of scalars, which it does not count,
 * are bounded by a budget on the expanded size.
 */
final class YamlSource {

  // JSON number syntax; anything else YAML 1.1 calls a number stays text.
  private static final Pattern STRICT_INT = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern STRICT_FLOAT =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private static final Set<String> TRUE = Set.of("true", "yes", "on");

  private static final String TAGS_HINT =
      " (CloudFormation knows the short forms of its functions, such as !Ref, and plain values)";

  private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
  private final boolean booleansAsWritten;
  private long units;

  private YamlSource(boolean booleansAsWritten) {
    this.booleansAsWritten = booleansAsWritten;
  }

  static Source read(String text) {
    return read(text, false);
  }

  /**
   * With {@code booleansAsWritten}, YAML 1.1 booleans ({@code NO}, {@code on}, {@code Yes}) stay
   * the text the author wrote: a manifest's values are strings for CloudFormation, and a country
   * code NO must not arrive as "false".
   */
  static Source read(String text, boolean booleansAsWritten) {
    LoaderOptions options = TemplateLimits.loaderOptions();
    Node root;
    try {
      Composer composer =
          new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
      root = composer.getSingleNode();
    } catch (YAMLException e) {
      throw syntaxError(e, text);
    } catch (RuntimeException e) {
      throw new TemplateException(
          "template", "not valid YAML (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null) {
      throw new TemplateException("template", "template is empty (only comments)");
    }
    return new YamlSource(booleansAsWritten).source(root, "", 0);
  }

  private Source source(Node node, String path, int depth) {
    spend(1, path, node);
    TextPosition at = position(node.getStartMark());
    Tag tag = node.getTag();
    String shortForm = tag.startsWith(Tag.PREFIX) ? null : tag.getValue();
    if (node instanceof ScalarNode scalar) {
      spend(scalar.getValue().length(), path, node);
      if (shortForm != null) {
        return new SourceScalar(scalar.getValue(), shortForm, at);
      }
      return new SourceScalar(scalarValue(scalar, path), null, at);
    }
    if (depth >= TemplateLimits.MAX_DEPTH) {
      throw problem(path, node, "nested deeper than " + TemplateLimits.MAX_DEPTH + " levels");
    }
    if (onPath.put(node, Boolean.TRUE) != null) {
      throw problem(path, node, "an alias refers to a node that contains it");
    }
    try {
      if (node instanceof SequenceNode sequence) {
        if (shortForm == null && !tag.equals(Tag.SEQ)) {
          throw unsupportedTag(path, node);
        }
        List<Source> items = new ArrayList<>(sequence.getValue().size());
        for (Node item : sequence.getValue()) {
          items.add(source(item, path + "[" + items.size() + "]", depth + 1));
        }
        return new SourceList(items, shortForm, at);
      }
      MappingNode mapping = (MappingNode) node;
      if (shortForm == null && !tag.equals(Tag.MAP)) {
        throw unsupportedTag(path, node);
      }
      Map<String, Source> entries = new LinkedHashMap<>();
      Map<String, TextPosition> keys = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode keyScalar) || keyNode.getTag().equals(Tag.MERGE)) {
          throw problem(
              path,
              keyNode,
              keyNode instanceof ScalarNode
                  ? "merge keys (<<) are not supported: write the entries out"
                  : "mapping keys must be strings, found a "
                      + (keyNode instanceof SequenceNode ? "list" : "mapping"));
        }
        // Keys as written: 012345678901 stays an account ID, not a number.
        String key = keyScalar.getValue();
        String at2 = path.isEmpty() ? key : path + "." + key;
        if (entries.containsKey(key)) {
          throw problem(at2, keyNode, "duplicate key " + key);
        }
        spend(key.length(), at2, keyNode);
        keys.put(key, position(keyNode.getStartMark()));
        entries.put(key, source(tuple.getValueNode(), at2, depth + 1));
      }
      return new SourceMap(entries, shortForm, at, keys);
    } finally {
      onPath.remove(node);
    }
  }

  /** A plain or quoted scalar's value; only plain scalars resolve to other types than String. */
  private Object scalarValue(ScalarNode scalar, String path) {
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP) || tag.equals(Tag.MERGE)) {
      // CloudFormation reads dates (AWSTemplateFormatVersion: 2010-09-09) as strings.
      return text;
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      if (booleansAsWritten) {
        return text;
      }
      return TRUE.contains(text.toLowerCase(Locale.ROOT));
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      if (STRICT_INT.matcher(text).matches()) {
        return TemplateReader.integerValue(new BigInteger(text));
      }
      if (STRICT_FLOAT.matcher(text).matches()) {
        return new BigDecimal(text);
      }
      return text;
    }
    if (tag.getValue().equals("tag:yaml.org,2002:yaml")) {
      return text; // "=" on its own
    }
    throw unsupportedTag(path, scalar);
  }

  private void spend(long cost, String path, Node node) {
    units += cost;
    if (units > TemplateLimits.MAX_EXPANDED_UNITS) {
      throw problem(
          path,
          node,
          "aliases expand the template beyond "
              + TemplateLimits.MAX_EXPANDED_UNITS
              + " characters (aliases are limited to stop alias bombs)");
    }
  }

  private static TemplateException unsupportedTag(String path, Node node) {
    String tag = node.getTag().getValue();
    if (tag.startsWith(Tag.PREFIX)) {
      tag = "!!" + tag.substring(Tag.PREFIX.length());
    }
    return problem(path, node, "unsupported tag " + tag + TAGS_HINT);
  }

  private static TemplateException problem(String path, Node node, String message) {
    TextPosition at = position(node.getStartMark());
    return new TemplateException(
        path.isEmpty() ? "template" : path, message + (at == null ? "" : " (" + at + ")"));
  }

  private static TextPosition position(Mark mark) {
    return mark == null ? null : new TextPosition(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** SnakeYAML's problem in a sentence with its place; never SnakeYAML's own multi-line text. */
  private static TemplateException syntaxError(YAMLException e, String text) {
    if (e instanceof MarkedYAMLException marked) {
      Mark mark =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String location = mark == null ? "template" : position(mark).toString();
      String context = marked.getContext();
      String problem = marked.getProblem();
      if (context != null && context.startsWith("expected a single document")) {
        return new TemplateException(
            location,
            "not valid YAML: a second document starts here (a template is one YAML document;"
                + " remove the '---' separator and what follows)");
      }
      String what =
          context == null ? problem : problem == null ? context : context + ", " + problem;
      // SnakeYAML refuses class tags (!!python/..., !!java...) while parsing: say it our way.
      String global = "Global tag is not allowed: ";
      if (what != null && what.startsWith(global)) {
        String tag = what.substring(global.length()).strip();
        if (tag.startsWith(Tag.PREFIX)) {
          tag = "!!" + tag.substring(Tag.PREFIX.length());
        }
        return new TemplateException(location, "unsupported tag " + firstLine(tag) + TAGS_HINT);
      }
      return new TemplateException(location, "not valid YAML: " + firstLine(what));
    }
    if (e instanceof ReaderException reader) {
      return new TemplateException(
          position(text, reader.getPosition()),
          String.format(
              "not valid YAML: a character YAML does not allow (U+%04X)", reader.getCodePoint()));
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return new TemplateException(
          "template",
          "not valid YAML: more than "
              + TemplateLimits.MAX_ALIASES
              + " aliases of mappings or lists (aliases are limited to stop alias bombs)");
    }
    if (message.startsWith("Nesting Depth exceeded")) {
      return new TemplateException(
          "template", "not valid YAML: nested deeper than " + TemplateLimits.MAX_DEPTH + " levels");
    }
    if (message.contains("exceeds the limit")) {
      return new TemplateException(
          "template",
          "template is longer than " + TemplateLimits.MAX_TEMPLATE_BYTES + " characters");
    }
    if (message.startsWith("Recursive key")) {
      return new TemplateException(
          "template", "not valid YAML: a mapping key refers to itself through an alias");
    }
    return new TemplateException("template", "not valid YAML: " + firstLine(message));
  }

  private static String position(String text, int codePointIndex) {
    return TextPosition.ofCodePoint(text, codePointIndex).toString();
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
}
