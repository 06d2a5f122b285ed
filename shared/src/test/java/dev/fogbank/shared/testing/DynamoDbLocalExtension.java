package dev.fogbank.shared.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.fogbank.shared.table.ControlTable;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Real DynamoDB semantics without a network: DynamoDB Local embedded in this JVM, in memory,
 * started once per JVM and shared by every test class (start-up costs about half a second).
 *
 * <p>Tests receive a {@link DynamoDbClient} and, through a {@code @ControlTableName String}
 * parameter, the name of a control table ({@link ControlTable#createRequest}) that is new for each
 * test method and deleted after it, so tests never see each other's items. Resolve the table name
 * in a test method or a {@code @BeforeEach} method; resolved in a constructor or {@code @BeforeAll}
 * it is one table for the whole class.
 *
 * <pre>
 * &#64;ExtendWith(DynamoDbLocalExtension.class)
 * class MyTest {
 *   &#64;BeforeEach
 *   void setUp(DynamoDbClient dynamoDb, &#64;ControlTableName String table) { ... }
 * }
 * </pre>
 *
 * <p>Code outside JUnit (a local-runtime test harness, say) can use {@link #client()} and {@link
 * #newControlTable()} directly. Surefire must pass {@code --enable-native-access=ALL-UNNAMED} (JDK
 * 24+, SQLite's native library) and {@code DDB_LOCAL_TELEMETRY=0}; the parent POM does.
 */
public final class DynamoDbLocalExtension implements ParameterResolver {

  /** Marks the {@code String} parameter that receives this test's control table name. */
  @Target(ElementType.PARAMETER)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface ControlTableName {}

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DynamoDbLocalExtension.class);

  /** The shared client of the JVM's one DynamoDB Local, started on first use. */
  public static DynamoDbClient client() {
    return Holder.CLIENT;
  }

  /** Creates a control table with a name no other test uses, and returns the name. */
  public static String newControlTable() {
    String name = "fogbank-test-" + UUID.randomUUID();
    // DynamoDB Local creates a table ACTIVE at once; TTL is only clean-up, not needed here.
    client().createTable(ControlTable.createRequest(name));
    return name;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DynamoDbClient.class
        || (type == String.class && parameter.isAnnotated(ControlTableName.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    if (parameter.getParameter().getType() == DynamoDbClient.class) {
      return client();
    }
    // Stored in this context's store: a method context gets its own table (stores inherit from
    // the class context only for keys the method context has not set, and we set it here).
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    String key = "table:" + context.getUniqueId();
    return store
        .getOrComputeIfAbsent(key, k -> new TestTable(newControlTable()), TestTable.class)
        .name();
  }

  /** Deletes its table when the owning test context closes; in-memory tables would pile up. */
  private record TestTable(String name) implements AutoCloseable {
    @Override
    public void close() {
      client().deleteTable(r -> r.tableName(name));
    }
  }

  /** Lazy, thread-safe, once per JVM (class initialisation), so parallel test classes share it. */
  private static final class Holder {
    private static final AmazonDynamoDBLocal SERVER = DynamoDBEmbedded.create();
    private static final DynamoDbClient CLIENT = SERVER.dynamoDbClient();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(SERVER::shutdown, "dynamodb-local-stop"));
    }
  }
}
