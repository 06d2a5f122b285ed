package dev.fogbank.shared.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Writes a template document as JSON with long-form intrinsics ({@code {"Ref": "Bucket"}}). */
final class JsonEmitter {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  // "\n" rather than the platform's line separator, so the bytes are the same everywhere.
  private static final DefaultIndenter INDENTER = new DefaultIndenter("  ", "\n");

  private static final Separators SEPARATORS =
      Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator("");

  private JsonEmitter() {}

  static String write(Map<String, Object> document) {
    StringWriter text = new StringWriter(4096);
    try (JsonGenerator generator = FACTORY.createGenerator(text)) {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter(SEPARATORS);
      printer.indentObjectsWith(INDENTER);
      printer.indentArraysWith(INDENTER);
      generator.setPrettyPrinter(printer);
      value(generator, document, "", 0);
    } catch (IOException e) {
      // A StringWriter does not fail; this is here for the checked signature only.
      throw new UncheckedIOException(e);
    }
    return text.append('\n').toString();
  }

  private static void value(JsonGenerator g, Object value, String path, int depth)
      throws IOException {
    // An object or array here is nesting level depth + 1, as JSON readers count.
    boolean container = value instanceof Intrinsic || value instanceof Map || value instanceof List;
    if (container && depth + 1 > TemplateLimits.MAX_DEPTH) {
      throw TemplateWriter.tooDeep(path);
    }
    switch (value) {
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Number n -> g.writeNumber(TemplateWriter.numberText(n, path));
      case Intrinsic fn -> {
        g.writeStartObject();
        g.writeFieldName(fn.functionName());
        value(g, TemplateWriter.longArgument(fn), path, depth + 1);
        g.writeEndObject();
      }
      case Map<?, ?> map -> {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : TemplateWriter.entries(map, path)) {
          g.writeFieldName(e.getKey());
          String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
          value(g, e.getValue(), at, depth + 1);
        }
        g.writeEndObject();
      }
      case List<?> list -> {
        g.writeStartArray();
        for (int i = 0; i < list.size(); i++) {
          value(g, list.get(i), path + "[" + i + "]", depth + 1);
        }
        g.writeEndArray();
      }
      case null, default -> throw TemplateWriter.unsupported(path, value);
    }
  }
}
