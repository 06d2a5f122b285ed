package dev.fogbank.shared.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The price file {@code fogbank prices refresh} writes and {@code fogbank prices import} loads, so
 * that estimates work offline: JSON, {@code {"format": "fogbank-prices/1", "prices": [{serviceCode,
 * region, attributes, unit, usd, description, fetchedAt}]}}. Reading checks every entry before
 * returning any, so that a malformed file loads nothing.
 */
public final class PriceFile {
  public static final String FORMAT = "fogbank-prices/1";

  /** A price file is a few hundred entries; this bounds what a mistaken file can make us read. */
  static final int MAX_ENTRIES = 100_000;

  private PriceFile() {}

  public static String write(List<CachedPrice> prices) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("prices");
    for (CachedPrice p : prices) {
      if (p.price().isEmpty()) {
        continue; // "no such product" is not worth carrying: the estimate says so itself
      }
      ObjectNode e = list.addObject();
      e.put("serviceCode", p.query().serviceCode());
      e.put("region", p.query().region());
      ObjectNode attributes = e.putObject("attributes");
      p.query().attributes().forEach(attributes::put);
      e.put("unit", p.query().unit());
      e.put("usd", p.price().get().usd().toPlainString());
      e.put("description", p.price().get().description());
      e.put("fetchedAt", p.fetchedAt().toString());
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /** Every price in the file; a DeploymentException(INVALID_REQUEST) naming the first problem. */
  public static List<CachedPrice> read(String json, String fileName) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(
          fileName,
          "is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid(fileName, "must be a JSON object with \"format\" and \"prices\"");
    }
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw invalid(fileName, "\"format\" must be \"" + FORMAT + "\"");
    }
    JsonNode list = root.get("prices");
    if (list == null || !list.isArray()) {
      throw invalid(fileName, "\"prices\" must be a list");
    }
    if (list.size() > MAX_ENTRIES) {
      throw invalid(fileName, "has " + list.size() + " prices; at most " + MAX_ENTRIES);
    }
    List<CachedPrice> prices = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      prices.add(entry(list.get(i), fileName + ": prices[" + i + "]"));
    }
    return prices;
  }

  private static CachedPrice entry(JsonNode e, String where) {
    if (!e.isObject()) {
      throw invalid(where, "must be an object");
    }
    String service = text(e, "serviceCode", where);
    String region = text(e, "region", where);
    String unit = text(e, "unit", where);
    JsonNode attributes = e.get("attributes");
    if (attributes == null || !attributes.isObject()) {
      throw invalid(where, "\"attributes\" must be an object of strings");
    }
    Map<String, String> attrs = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      if (!a.getValue().isTextual()) {
        throw invalid(where, "attribute \"" + a.getKey() + "\" must be a string");
      }
      attrs.put(a.getKey(), a.getValue().asText());
    }
    BigDecimal usd;
    try {
      usd = new BigDecimal(text(e, "usd", where));
    } catch (NumberFormatException ex) {
      throw invalid(where, "\"usd\" must be a decimal number as text, e.g. \"0.096\"");
    }
    if (usd.signum() < 0) {
      throw invalid(where, "\"usd\" must not be negative");
    }
    Instant fetchedAt;
    try {
      fetchedAt = Instant.parse(text(e, "fetchedAt", where));
    } catch (DateTimeParseException ex) {
      throw invalid(where, "\"fetchedAt\" must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
    }
    String description = e.path("description").asText("");
    return new CachedPrice(
        new PriceQuery(service, region, attrs, unit),
        Optional.of(new UnitPrice(usd, unit, description)),
        fetchedAt);
  }

  private static String text(JsonNode e, String field, String where) {
    JsonNode v = e.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw invalid(where, "\"" + field + "\" must be a non-empty string");
    }
    return v.asText();
  }

  private static DeploymentException invalid(String where, String detail) {
    return new DeploymentException(ErrorCode.INVALID_REQUEST, "price file " + where + " " + detail);
  }
}
