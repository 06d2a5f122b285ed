package dev.fogbank.shared.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.fogbank.shared.json.JsonLimits;
import dev.fogbank.shared.template.TemplateReader.Source;
import dev.fogbank.shared.template.TemplateReader.SourceList;
import dev.fogbank.shared.template.TemplateReader.SourceMap;
import dev.fogbank.shared.template.TemplateReader.SourceScalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into the reader's source tree, token by token so that every node keeps its line
 * and column. Decimals stay exact ({@code 1.10} stays 1.10); duplicate keys are refused.
 */
final class JsonSource {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().streamReadConstraints(JsonLimits.constraints()).build();

  private JsonSource() {}

  static Source read(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      Source root = node(parser, first, "");
      // Anything but white space after the root is an error, named where it starts.
      int end = (int) parser.currentLocation().getCharOffset();
      int next = end;
      while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
        next++;
      }
      if (next < text.length()) {
        throw new TemplateException(
            position(text, next), "not valid JSON: more content after the template's closing '}'");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new TemplateException("template", "not valid JSON: " + JsonLimits.describe(e));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new TemplateException(
          at == null ? "template" : position(at),
          "not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      // Reading from a String does not fail otherwise.
      throw new TemplateException("template", "not valid JSON");
    }
  }

  private static Source node(JsonParser p, JsonToken token, String path) throws IOException {
    TextPosition at = positionOf(p.currentTokenLocation());
    switch (token) {
      case START_OBJECT -> {
        Map<String, Source> entries = new LinkedHashMap<>();
        Map<String, TextPosition> keys = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String keyPath = path.isEmpty() ? key : path + "." + key;
          TextPosition keyAt = positionOf(p.currentTokenLocation());
          if (entries.containsKey(key)) {
            throw new TemplateException(keyPath, "duplicate key " + key + " (" + keyAt + ")");
          }
          keys.put(key, keyAt);
          entries.put(key, node(p, p.nextToken(), keyPath));
        }
        return new SourceMap(entries, null, at, keys);
      }
      case START_ARRAY -> {
        List<Source> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(node(p, t, path + "[" + items.size() + "]"));
        }
        return new SourceList(items, null, at);
      }
      case VALUE_STRING -> {
        return new SourceScalar(p.getText(), null, at);
      }
      case VALUE_NUMBER_INT -> {
        return new SourceScalar(TemplateReader.integerValue(p.getBigIntegerValue()), null, at);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new SourceScalar(p.getDecimalValue(), null, at);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new SourceScalar(token == JsonToken.VALUE_TRUE, null, at);
      }
      case VALUE_NULL -> {
        return new SourceScalar(null, null, at);
      }
      default ->
          throw new TemplateException(
              path.isEmpty() ? "template" : path, "not valid JSON: unexpected " + token);
    }
  }

  private static TextPosition positionOf(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? null
        : new TextPosition(location.getLineNr(), location.getColumnNr());
  }

  private static String position(JsonLocation location) {
    TextPosition at = positionOf(location);
    return at == null ? "template" : at.toString();
  }

  private static String position(String text, int index) {
    return TextPosition.ofChar(text, index).toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    // Jackson appends where an unclosed bracket started, naming its input source; drop it.
    int marker = s.indexOf(" (start marker");
    String line = (marker > 0 ? s.substring(0, marker) : s).strip();
    int nl = line.indexOf('\n');
    if (nl >= 0) {
      line = line.substring(0, nl).strip();
    }
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
