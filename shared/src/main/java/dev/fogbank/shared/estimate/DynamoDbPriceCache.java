package dev.fogbank.shared.estimate;

import dev.fogbank.shared.table.ControlTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link PriceCache} on the control table: one item per price, {@code PRICE#<service>#<region>#
 * <hash>} / {@code PRICE}, holding the query, the price (or {@code found=false}), {@code fetchedAt}
 * and a TTL one refresh period later (DynamoDB deletes late, so readers also compare fetchedAt).
 */
public final class DynamoDbPriceCache implements PriceCache {
  private final DynamoDbClient client;
  private final String tableName;
  private final Duration refreshPeriod;

  public DynamoDbPriceCache(DynamoDbClient client, String tableName, Duration refreshPeriod) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.refreshPeriod = Objects.requireNonNull(refreshPeriod, "refreshPeriod");
  }

  static String partitionKey(PriceQuery q) {
    return ControlTable.PRICE_PREFIX + q.serviceCode() + "#" + q.region() + "#" + q.hash();
  }

  @Override
  public Optional<CachedPrice> get(PriceQuery query) {
    Map<String, AttributeValue> item;
    try {
      item =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(
                              Map.of(
                                  ControlTable.PK, s(partitionKey(query)),
                                  ControlTable.SK, s(ControlTable.PRICE_SK))))
              .item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the cached price of " + query.describe(), e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    Optional<UnitPrice> price =
        Boolean.TRUE.equals(item.get("found").bool())
            ? Optional.of(
                new UnitPrice(
                    new BigDecimal(item.get("usd").s()),
                    item.get("unit").s(),
                    item.containsKey("description") ? item.get("description").s() : ""))
            : Optional.empty();
    return Optional.of(new CachedPrice(query, price, Instant.parse(item.get("fetchedAt").s())));
  }

  @Override
  public void put(CachedPrice price) {
    PriceQuery q = price.query();
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    q.attributes().forEach((k, v) -> attributes.put(k, s(v)));
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(partitionKey(q)));
    item.put(ControlTable.SK, s(ControlTable.PRICE_SK));
    item.put("serviceCode", s(q.serviceCode()));
    item.put("region", s(q.region()));
    item.put("attributes", AttributeValue.fromM(attributes));
    item.put("unit", s(q.unit()));
    item.put("found", AttributeValue.fromBool(price.price().isPresent()));
    price
        .price()
        .ifPresent(
            p -> {
              item.put("usd", s(p.usd().toPlainString()));
              item.put("description", s(p.description()));
            });
    item.put("fetchedAt", s(price.fetchedAt().toString()));
    item.put(
        ControlTable.TTL,
        AttributeValue.fromN(
            Long.toString(price.fetchedAt().plus(refreshPeriod).getEpochSecond())));
    try {
      client.putItem(r -> r.tableName(tableName).item(item));
    } catch (SdkException e) {
      throw ControlTable.failure("could not cache the price of " + q.describe(), e);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
