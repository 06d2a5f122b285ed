package dev.fogbank.shared.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the AWS Price List Query API (moto has none): answers {@code
 * AWSPriceListService.GetProducts} over the awsJson1_1 protocol in the real API's shape — {@code
 * FormatVersion aws_v1}, {@code PriceList} entries as JSON strings holding {@code product} and
 * {@code terms.OnDemand.*.priceDimensions}, paged with {@code NextToken} — from the products in
 * {@code src/test/resources/pricing/products.json} (see the README there for where each price comes
 * from). TERM_MATCH filters match product attributes exactly, as the real API does. It counts the
 * GetProducts calls, pages included.
 */
public final class PriceListServer implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> products = new ArrayList<>();
  private final int pageSize;
  private final AtomicInteger calls = new AtomicInteger();
  private final Map<String, AtomicInteger> callsByService = new ConcurrentHashMap<>();

  private PriceListServer(int pageSize) throws IOException {
    this.pageSize = pageSize;
    try (InputStream in = PriceListServer.class.getResourceAsStream("/pricing/products.json")) {
      Json.mapper().readTree(in).get("products").forEach(products::add);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server answering one product per page, so that a multi-product answer is paged. */
  public static PriceListServer start() {
    try {
      return new PriceListServer(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves until killed, for trying {@code fogbank estimate} by hand: prints its endpoint. */
  public static void main(String[] args) throws InterruptedException {
    PriceListServer server = start();
    System.out.println(server.endpoint());
    Thread.currentThread().join();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** GetProducts calls served (each page is one call). */
  public int calls() {
    return calls.get();
  }

  public int calls(String serviceCode) {
    return callsByService.getOrDefault(serviceCode, new AtomicInteger()).get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
      if (!"AWSPriceListService.GetProducts".equals(target)) {
        send(exchange, 400, error("InvalidParameterException", "unsupported operation " + target));
        return;
      }
      calls.incrementAndGet();
      String service = request.path("ServiceCode").asText();
      callsByService.computeIfAbsent(service, s -> new AtomicInteger()).incrementAndGet();
      List<JsonNode> matching = new ArrayList<>();
      for (JsonNode product : products) {
        if (product.get("serviceCode").asText().equals(service) && matches(product, request)) {
          matching.add(product);
        }
      }
      int from =
          request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
      int to = Math.min(matching.size(), from + pageSize);
      ObjectNode answer = Json.mapper().createObjectNode();
      answer.put("FormatVersion", "aws_v1");
      ArrayNode list = answer.putArray("PriceList");
      for (JsonNode product : matching.subList(from, to)) {
        list.add(Json.mapper().writeValueAsString(document(product)));
      }
      if (to < matching.size()) {
        answer.put("NextToken", Integer.toString(to));
      }
      send(exchange, 200, answer);
    }
  }

  private static boolean matches(JsonNode product, JsonNode request) {
    for (JsonNode filter : request.path("Filters")) {
      String field = filter.path("Field").asText();
      String value = filter.path("Value").asText();
      String actual =
          field.equals("regionCode")
              ? product.path("regionCode").asText()
              : product.path("attributes").path(field).asText(null);
      if (!"TERM_MATCH".equals(filter.path("Type").asText()) || !value.equals(actual)) {
        return false;
      }
    }
    return true;
  }

  /** One product in the Price List's own document shape. */
  private static ObjectNode document(JsonNode p) {
    String sku = Integer.toHexString(p.toString().hashCode()).toUpperCase();
    ObjectNode doc = Json.mapper().createObjectNode();
    ObjectNode product = doc.putObject("product");
    product.put("productFamily", p.path("attributes").path("productFamily").asText(""));
    ObjectNode attributes = product.putObject("attributes");
    attributes.put("regionCode", p.get("regionCode").asText());
    attributes.put("servicecode", p.get("serviceCode").asText());
    p.get("attributes").fields().forEachRemaining(e -> attributes.set(e.getKey(), e.getValue()));
    product.put("sku", sku);
    doc.put("serviceCode", p.get("serviceCode").asText());
    ObjectNode term = doc.putObject("terms").putObject("OnDemand").putObject(sku + ".JRTCKXETXF");
    ObjectNode dimensions = term.putObject("priceDimensions");
    if (p.has("tiers")) {
      int i = 0;
      for (JsonNode tier : p.get("tiers")) {
        dimension(
            dimensions,
            sku,
            i++,
            p.get("unit").asText(),
            tier.get(0).asText(),
            tier.get(1).asText(),
            tier.get(2).asText(),
            tier.get(3).asText());
      }
    } else {
      dimension(
          dimensions,
          sku,
          0,
          p.get("unit").asText(),
          "0",
          "Inf",
          p.get("usd").asText(),
          p.get("description").asText());
    }
    term.put("sku", sku);
    term.put("effectiveDate", "2026-11-01T00:00:00Z");
    term.put("offerTermCode", "JRTCKXETXF");
    term.putObject("termAttributes");
    doc.put("version", "20261101000000");
    doc.put("publicationDate", "2026-11-01T00:00:00Z");
    return doc;
  }

  private static void dimension(
      ObjectNode dimensions,
      String sku,
      int i,
      String unit,
      String begin,
      String end,
      String usd,
      String description) {
    String rateCode = sku + ".JRTCKXETXF.6YS6EN2CT" + i;
    ObjectNode d = dimensions.putObject(rateCode);
    d.put("unit", unit);
    d.put("endRange", end);
    d.put("description", description);
    d.putArray("appliesTo");
    d.put("rateCode", rateCode);
    d.put("beginRange", begin);
    // The real API writes ten decimals: "0.0960000000".
    d.putObject("pricePerUnit")
        .put("USD", new java.math.BigDecimal(usd).setScale(10).toPlainString());
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode e = Json.mapper().createObjectNode();
    e.put("__type", code);
    e.put("Message", message);
    return e;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
