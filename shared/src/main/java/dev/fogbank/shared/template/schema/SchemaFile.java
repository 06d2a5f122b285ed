package dev.fogbank.shared.template.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One service's file of the bundled schema data (the format is described in
 * scripts/lib/extract-cfn-schemas.py). A file holds many types, of which a template uses few, so a
 * type's lines are parsed on first use only.
 */
final class SchemaFile {

  private final Map<String, List<String>> sections;
  private final Map<String, ResourceSchema> parsed = new ConcurrentHashMap<>();

  private SchemaFile(Map<String, List<String>> sections) {
    this.sections = sections;
  }

  static SchemaFile parse(String text) {
    Map<String, List<String>> sections = new HashMap<>();
    List<String> current = null;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("type ")) {
        current = new ArrayList<>();
        sections.put(line.substring(5), current);
      } else if (current == null) {
        throw new IllegalStateException("schema data: line before the first type: " + line);
      } else {
        current.add(line);
      }
    }
    return new SchemaFile(sections);
  }

  boolean hasType(String typeName) {
    return sections.containsKey(typeName);
  }

  /** The schema of {@code typeName}, or null when this file does not describe it. */
  ResourceSchema schema(String typeName) {
    List<String> lines = sections.get(typeName);
    if (lines == null) {
      return null;
    }
    ResourceSchema schema = parsed.get(typeName);
    if (schema == null) {
      // Parsing twice in a race is harmless; both results are equal.
      schema = parseType(typeName, lines);
      ResourceSchema raced = parsed.putIfAbsent(typeName, schema);
      schema = raced == null ? schema : raced;
    }
    return schema;
  }

  private static ResourceSchema parseType(String typeName, List<String> lines) {
    List<String> attributes = List.of();
    Set<String> readOnly = Set.of();
    List<String> createOnly = List.of();
    List<String[]> shapeLines = new ArrayList<>();
    for (String line : lines) {
      String[] tokens = line.split(" ");
      List<String> rest = Arrays.asList(tokens).subList(1, tokens.length);
      switch (tokens[0]) {
        case "attrs" -> attributes = List.copyOf(rest);
        case "readonly" -> readOnly = Set.copyOf(rest);
        case "createonly" -> createOnly = List.copyOf(rest);
        case "shape" -> shapeLines.add(tokens);
        default -> throw new IllegalStateException(typeName + ": unknown schema line " + line);
      }
    }
    if (shapeLines.isEmpty()) {
      throw new IllegalStateException(typeName + ": schema data has no shape");
    }
    List<Shape> shapes = new ArrayList<>(shapeLines.size());
    for (String[] tokens : shapeLines) {
      Set<String> required = new HashSet<>();
      for (int i = 2; i < tokens.length; i++) {
        if (tokens[i].startsWith("!")) {
          required.add(tokens[i].substring(1, tokens[i].indexOf('=')));
        }
      }
      shapes.add(new Shape(tokens[1], required));
    }
    for (int s = 0; s < shapes.size(); s++) {
      String[] tokens = shapeLines.get(s);
      Shape shape = shapes.get(s);
      for (int i = 2; i < tokens.length; i++) {
        String token = tokens[i];
        int eq = token.indexOf('=');
        ValueType type = new TypeParser(typeName, token.substring(eq + 1), shapes).parse();
        String name = token.substring(token.startsWith("!") ? 1 : 0, eq);
        if (name.equals("*")) {
          shape.otherKeys(type);
        } else {
          shape.addProperty(name, type);
        }
      }
    }
    return new ResourceSchema(typeName, shapes.get(0), attributes, readOnly, createOnly);
  }

  /** Reads one TYPE expression: s, i, n, b, *, [T], {T}, @N, or T|T... */
  private static final class TypeParser {
    private final String typeName;
    private final String text;
    private final List<Shape> shapes;
    private int pos;

    TypeParser(String typeName, String text, List<Shape> shapes) {
      this.typeName = typeName;
      this.text = text;
      this.shapes = shapes;
    }

    ValueType parse() {
      ValueType type = union();
      if (pos != text.length()) {
        throw error();
      }
      return type;
    }

    private ValueType union() {
      List<ValueType> alternatives = new ArrayList<>();
      alternatives.add(term());
      while (pos < text.length() && text.charAt(pos) == '|') {
        pos++;
        alternatives.add(term());
      }
      return alternatives.size() == 1 ? alternatives.get(0) : new ValueType.OneOf(alternatives);
    }

    private ValueType term() {
      if (pos >= text.length()) {
        throw error();
      }
      char c = text.charAt(pos++);
      return switch (c) {
        case 's' -> ValueType.Scalar.STRING;
        case 'i' -> ValueType.Scalar.INTEGER;
        case 'n' -> ValueType.Scalar.NUMBER;
        case 'b' -> ValueType.Scalar.BOOLEAN;
        case '*' -> ValueType.Any.INSTANCE;
        case '[' -> new ValueType.ListOf(closedBy(']'));
        case '{' -> new ValueType.MapOf(closedBy('}'));
        case '@' -> {
          int start = pos;
          while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
          }
          int index = Integer.parseInt(text.substring(start, pos));
          if (index >= shapes.size()) {
            throw error();
          }
          yield new ValueType.ObjectOf(shapes.get(index));
        }
        default -> throw error();
      };
    }

    private ValueType closedBy(char close) {
      ValueType inner = union();
      if (pos >= text.length() || text.charAt(pos) != close) {
        throw error();
      }
      pos++;
      return inner;
    }

    private IllegalStateException error() {
      return new IllegalStateException(
          typeName + ": bad type expression in schema data at " + pos + ": " + text);
    }
  }
}
