package dev.fogbank.cli.local;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The control table's client, counting each request by operation ({@code DynamoDB:PutItem}) and
 * the time spent in it: the embedded DynamoDB Local client takes no SDK interceptor.
 */
final class CountingTable {
  private static final Set<String> NOT_REQUESTS =
      Set.of("close", "serviceName", "serviceClientConfiguration", "waiter", "toString",
          "hashCode", "equals");

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  /** Each request by operation and the product method that made it ({@code GetItem <- X.y}). */
  private final Map<String, LongAdder> callers = new ConcurrentHashMap<>();

  /** The client last wrapped (the control table's own), for requests the benchmark makes itself. */
  volatile DynamoDbClient delegate;

  DynamoDbClient wrap(DynamoDbClient table) {
    delegate = table;
    return (DynamoDbClient)
        Proxy.newProxyInstance(
            DynamoDbClient.class.getClassLoader(),
            new Class<?>[] {DynamoDbClient.class},
            (proxy, method, args) -> {
              boolean counted = !NOT_REQUESTS.contains(method.getName());
              long t0 = System.nanoTime();
              try {
                return method.invoke(table, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (counted) {
                  String op = "DynamoDB:" + Character.toUpperCase(method.getName().charAt(0))
                      + method.getName().substring(1);
                  counts.computeIfAbsent(op, k -> new LongAdder()).increment();
                  nanos.computeIfAbsent(op, k -> new LongAdder()).add(System.nanoTime() - t0);
                  callers.computeIfAbsent(op + " <- " + caller(), k -> new LongAdder())
                      .increment();
                }
              }
            });
  }

  /**
   * The product methods on the way to the request: the adapter that made it and the first
   * frame outside the adapters (the service or handler that asked for it).
   */
  private static String caller() {
    return StackWalker.getInstance()
        .walk(
            frames -> {
              java.util.List<String> named =
                  frames
                      .map(f -> f.getClassName() + "." + f.getMethodName())
                      .filter(n -> n.startsWith("dev.fogbank.") && !n.contains("CountingTable")
                          && !n.contains("$$Lambda") && !n.contains("lambda$"))
                      .map(n -> n.substring(n.lastIndexOf('.', n.lastIndexOf('.') - 1) + 1))
                      .limit(3)
                      .toList();
              return String.join(" < ", named);
            });
  }

  /** Requests by operation and caller chain so far. */
  Map<String, Long> callers() {
    Map<String, Long> out = new TreeMap<>();
    callers.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Milliseconds spent in each operation so far. */
  Map<String, Double> millis() {
    Map<String, Double> out = new TreeMap<>();
    nanos.forEach((k, v) -> out.put(k, v.sum() / 1e6));
    return out;
  }

  void reset() {
    counts.clear();
    nanos.clear();
    callers.clear();
  }
}
