package dev.fogbank.cli;

import dev.fogbank.cli.local.EmbeddedTableFile;
import dev.fogbank.cli.local.LocalControlTable;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.estimate.PriceCache;
import dev.fogbank.shared.estimate.PriceSource;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the price commands find prices: the local control table under {@code --data-dir} (the cache
 * {@code fogbank local} uses; DynamoDB Local), and the AWS Price List Query API when AWS
 * credentials are configured (or {@code --pricing-endpoint} names a stand-in). Closing releases
 * what was started.
 */
public final class PriceOptions implements AutoCloseable {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Local state whose control table caches prices (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(".fogbank");

  @Option(
      names = "--pricing-endpoint",
      paramLabel = "URL",
      description =
          "Price List Query API endpoint (default: AWS's, in us-east-1;"
              + " $FOGBANK_PRICING_ENDPOINT).")
  URI pricingEndpoint = env("FOGBANK_PRICING_ENDPOINT");

  @Option(names = "--offline", description = "Never call the Price List API: cached prices only.")
  boolean offline;

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Whether prices can be fetched: a stand-in endpoint, or AWS credentials to call AWS with. */
  boolean online() {
    return !offline && (pricingEndpoint != null || credentialsConfigured(System.getenv()));
  }

  PriceSource source() {
    return online() ? apiSource(pricingEndpoint, opened) : PriceSource.offline();
  }

  /**
   * The source local mode prices with: the Price List API ($FOGBANK_PRICING_ENDPOINT, else AWS's)
   * when it can be called, else cached and imported prices only. Its client goes into {@code
   * toClose}.
   */
  public static PriceSource localModeSource(List<AutoCloseable> toClose) {
    URI endpoint = env("FOGBANK_PRICING_ENDPOINT");
    return endpoint != null || credentialsConfigured(System.getenv())
        ? apiSource(endpoint, toClose)
        : PriceSource.offline();
  }

  private static PriceSource apiSource(URI endpoint, List<AutoCloseable> toClose) {
    // Its own factory: the Price List API is AWS's even when the stacks go to an emulator.
    AwsClientFactory aws =
        AwsClientFactory.create(
            endpoint == null ? AwsSettings.of("us-east-1") : AwsSettings.of("us-east-1", endpoint));
    toClose.add(aws);
    return new PricingApiPriceSource(aws.pricing());
  }

  /** The control table under --data-dir, created when absent. */
  PriceCache localCache() throws IOException {
    Path dir = dataDir.resolve("dynamodb");
    Files.createDirectories(dir);
    EmbeddedTableFile local = EmbeddedTableFile.open(dir.resolve("fogbank.db"));
    opened.add(local);
    LocalControlTable.createIfAbsent(local.client(), ControlPlaneNames.TABLE);
    return new DynamoDbPriceCache(
        local.client(), ControlPlaneNames.TABLE, CachingPriceBook.DEFAULT_REFRESH_PERIOD);
  }

  /**
   * Environment credentials or a shared credentials/config file: probing the whole default chain
   * would wait on the instance metadata service off EC2.
   */
  static boolean credentialsConfigured(Map<String, String> env) {
    for (String name :
        List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      if (env.get(name) != null && !env.get(name).isBlank()) {
        return true;
      }
    }
    Path home = Path.of(System.getProperty("user.home"), ".aws");
    return Files.exists(home.resolve("credentials")) || Files.exists(home.resolve("config"));
  }

  private static URI env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : URI.create(value);
  }

  @Override
  public void close() {
    for (AutoCloseable c : opened.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        // Releasing local resources at exit; nothing to report to the user.
      }
    }
    opened.clear();
  }
}
