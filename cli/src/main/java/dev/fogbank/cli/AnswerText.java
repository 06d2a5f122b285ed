package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.Csv;
import dev.fogbank.shared.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** An API answer as {@code --output yaml} and {@code --output csv} print it. */
final class AnswerText {
  private AnswerText() {}

  static String yaml(JsonNode answer) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    return new Yaml(options).dump(Json.mapper().convertValue(answer, Object.class));
  }

  /**
   * A list answer's {@code items} (or the answer itself when it is one object) as rows: a column
   * per field in the order first seen; an object or array value as its JSON. A page's {@code
   * nextToken} is not a row: it is left out (ask with {@code -o json} to page).
   */
  static String csv(JsonNode answer) {
    List<JsonNode> rows = new ArrayList<>();
    if (answer.path("items").isArray()) {
      answer.path("items").forEach(rows::add);
    } else if (answer.isArray()) {
      answer.forEach(rows::add);
    } else {
      rows.add(answer);
    }
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
    Csv csv = new Csv(List.copyOf(columns));
    for (JsonNode r : rows) {
      csv.row(columns.stream().map(c -> cell(r.get(c))).toArray());
    }
    return csv.text();
  }

  private static String cell(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
