package dev.fogbank.shared.aws;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds the AWS SDK v2 clients fogbank uses, each once and only when first asked for (a Lambda
 * route that never touches S3 never pays for an S3 client). All clients share one UrlConnection
 * HTTP client, one credentials provider and the settings' region and endpoint. Closing the factory
 * closes everything it created.
 */
public final class AwsClientFactory implements AutoCloseable {

  /**
   * CloudFormation throttles per account and region at a few requests per second, shared with every
   * other tool in the account; a deployment step should outlast a burst rather than fail.
   */
  static final int CLOUDFORMATION_MAX_ATTEMPTS = 8;

  /**
   * Cost Explorer's request rate limit answers HTTP 400 LimitExceededException, a code the SDK does
   * not know as throttling: it is retried here as throttling (longer, jittered backoff).
   */
  static final int COST_EXPLORER_MAX_ATTEMPTS = 5;

  public static final String COST_EXPLORER_RATE_LIMIT = "LimitExceededException";

  /** Emulators accept any key; these are what moto and LocalStack document. */
  private static final AwsBasicCredentials EMULATOR_CREDENTIALS =
      AwsBasicCredentials.create("test", "test");

  private static final List<String> CREDENTIAL_VARIABLES =
      List.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_PROFILE",
          "AWS_WEB_IDENTITY_TOKEN_FILE",
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
          "AWS_CONTAINER_CREDENTIALS_FULL_URI");

  private final AwsSettings settings;
  private final List<ExecutionInterceptor> interceptors;
  private final Map<String, String> environment;

  private final Memo<SdkHttpClient> httpClient;
  private final Memo<AwsCredentialsProvider> credentials;
  private final Memo<CloudFormationClient> cloudFormation;
  private final Memo<DynamoDbClient> dynamoDb;
  private final Memo<S3Client> s3;
  private final Memo<SnsClient> sns;
  private final Memo<SfnClient> sfn;
  private final Memo<SecretsManagerClient> secretsManager;
  private final Memo<SsmClient> ssm;
  private final Memo<CostExplorerClient> costExplorer;
  private final Memo<PricingClient> pricing;
  private final Memo<BudgetsClient> budgets;
  private volatile boolean closed;

  private AwsClientFactory(
      AwsSettings settings, List<ExecutionInterceptor> interceptors, Map<String, String> env) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.interceptors = List.copyOf(interceptors);
    this.environment = Map.copyOf(env);
    this.httpClient = new Memo<>();
    this.credentials = new Memo<>();
    this.cloudFormation = new Memo<>();
    this.dynamoDb = new Memo<>();
    this.s3 = new Memo<>();
    this.sns = new Memo<>();
    this.sfn = new Memo<>();
    this.secretsManager = new Memo<>();
    this.ssm = new Memo<>();
    this.costExplorer = new Memo<>();
    this.pricing = new Memo<>();
    this.budgets = new Memo<>();
  }

  /** Clients for {@code settings}, credentials from the environment (or emulator defaults). */
  public static AwsClientFactory create(AwsSettings settings) {
    return new AwsClientFactory(settings, List.of(), System.getenv());
  }

  /**
   * As {@link #create(AwsSettings)}, with SDK interceptors on every client (tests use one to inject
   * the faults an emulator cannot produce).
   */
  public static AwsClientFactory create(
      AwsSettings settings, List<ExecutionInterceptor> interceptors) {
    return new AwsClientFactory(settings, interceptors, System.getenv());
  }

  /** For tests of the credentials choice: {@code environment} replaces System.getenv(). */
  static AwsClientFactory create(AwsSettings settings, Map<String, String> environment) {
    return new AwsClientFactory(settings, List.of(), environment);
  }

  public AwsSettings settings() {
    return settings;
  }

  // Each client is created by a lambda written in its own accessor, not in the constructor: a
  // lambda is linked when the code creating it first runs, and linking loads the client class.
  // A function's artifact holds only the services that function calls, so the factory must load
  // a service's classes only when that service is asked for.

  public CloudFormationClient cloudFormation() {
    return cloudFormation.get(
        () ->
            configure(
                    CloudFormationClient.builder(),
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(CLOUDFORMATION_MAX_ATTEMPTS)
                        .build())
                .build());
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get(() -> configure(DynamoDbClient.builder(), standard()).build());
  }

  public S3Client s3() {
    return s3.get(
        () ->
            configure(S3Client.builder(), standard())
                // Emulators serve one host name; virtual-hosted buckets would need DNS.
                .forcePathStyle(settings.endpoint().isPresent())
                .build());
  }

  public SnsClient sns() {
    return sns.get(() -> configure(SnsClient.builder(), standard()).build());
  }

  public SfnClient sfn() {
    return sfn.get(() -> configure(SfnClient.builder(), standard()).build());
  }

  public SecretsManagerClient secretsManager() {
    return secretsManager.get(() -> configure(SecretsManagerClient.builder(), standard()).build());
  }

  /** Systems Manager (Parameter Store), for the Validate step's pre-flight of references. */
  public SsmClient ssm() {
    return ssm.get(() -> configure(SsmClient.builder(), standard()).build());
  }

  /**
   * Cost Explorer. Its API has one endpoint per partition (in us-east-1 for the aws partition),
   * which the SDK's endpoint rules choose and sign for whatever the configured region is.
   */
  public CostExplorerClient costExplorer() {
    return costExplorer.get(
        () ->
            configure(
                    CostExplorerClient.builder(),
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(COST_EXPLORER_MAX_ATTEMPTS)
                        .retryOnException(AwsClientFactory::costExplorerThrottled)
                        .treatAsThrottling(AwsClientFactory::costExplorerThrottled)
                        .build())
                .build());
  }

  private static boolean costExplorerThrottled(Throwable t) {
    return t instanceof AwsServiceException e
        && (e.isThrottlingException()
            || COST_EXPLORER_RATE_LIMIT.equals(AwsFailures.errorCode(e)));
  }

  /**
   * The Price List Query API. It is served from a few regions only (us-east-1, eu-central-1,
   * ap-south-1) and lists every region's prices, so it is always called in us-east-1 whatever the
   * configured region; an endpoint override (a stand-in in tests) still applies.
   */
  public PricingClient pricing() {
    return pricing.get(
        () -> configure(PricingClient.builder(), standard()).region(Region.US_EAST_1).build());
  }

  /**
   * AWS Budgets. Like Cost Explorer it has one global endpoint (us-east-1 for the aws partition),
   * which the SDK's endpoint rules choose whatever the configured region is.
   */
  public BudgetsClient budgets() {
    return budgets.get(() -> configure(BudgetsClient.builder(), standard()).build());
  }

  /**
   * The one HTTP client every service client shares, for a call made without a service client
   * ({@link LambdaInvoker}); the factory closes it.
   */
  public SdkHttpClient httpClient() {
    return httpClient.get(() -> UrlConnectionHttpClient.builder().build());
  }

  /** The credentials every client signs with. */
  public AwsCredentialsProvider credentialsProvider() {
    return credentials.get(this::createCredentials);
  }

  @Override
  public void close() {
    closed = true;
    // Service clients first: they do not own the shared HTTP client or credentials provider.
    for (Memo<?> memo :
        List.of(
            cloudFormation,
            dynamoDb,
            s3,
            sns,
            sfn,
            secretsManager,
            ssm,
            costExplorer,
            pricing,
            budgets,
            credentials,
            httpClient)) {
      memo.close();
    }
  }

  /**
   * The SDK's own standard retry strategy: jittered (full jitter) exponential backoff, a longer
   * base delay for throttling errors, a retry-quota token bucket, 3 attempts. We do not write our
   * own backoff loop; we only raise the attempts where AWS throttles hard (CloudFormation).
   */
  private static RetryStrategy standard() {
    return AwsRetryStrategy.standardRetryStrategy();
  }

  /**
   * Configures a client builder of any other service like the factory's own clients (HTTP client,
   * region, endpoint, credentials, interceptors, standard retries); the caller builds and closes
   * the client. For tools and tests that inspect services fogbank itself does not call.
   */
  public <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder) {
    return configure(builder, standard());
  }

  private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
      B builder, RetryStrategy retryStrategy) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder().retryStrategy(retryStrategy);
    interceptors.forEach(override::addExecutionInterceptor);
    builder
        .httpClient(httpClient())
        .region(Region.of(settings.region()))
        .credentialsProvider(credentialsProvider())
        .overrideConfiguration(override.build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  private AwsCredentialsProvider createCredentials() {
    boolean credentialsConfigured =
        CREDENTIAL_VARIABLES.stream().anyMatch(name -> notBlank(environment.get(name)))
            || notBlank(System.getProperty("aws.accessKeyId"));
    if (settings.endpoint().isPresent() && !credentialsConfigured) {
      // An emulator still needs a signature; without this the default chain would fail (or,
      // worse, pick up a developer's real profile) before the request is sent.
      return StaticCredentialsProvider.create(EMULATOR_CREDENTIALS);
    }
    if (notBlank(environment.get("AWS_ACCESS_KEY_ID"))
        && notBlank(environment.get("AWS_SECRET_ACCESS_KEY"))
        && !notBlank(System.getProperty("aws.accessKeyId"))) {
      // What the default chain would pick anyway (system properties first, then these), without
      // building the chain (AWS's Lambda start-up advice: name the provider). Alone, in a bare
      // JVM, the chain costs about 270 classes; on the functions' real paths the SDK loads most
      // of them anyway (profile-file settings): about 60 fewer classes per path, no time change
      // measurable (docs/benchmarks.md, cold start). A Lambda function has these variables,
      // except with SnapStart, whose runtime gives container credentials instead: the default
      // chain below finds them.
      return EnvironmentVariableCredentialsProvider.create();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  /** Creates its value once, on first use, and closes it with the factory. */
  private final class Memo<T> {
    private T value;

    synchronized T get(Supplier<T> creator) {
      if (closed) {
        throw new IllegalStateException("AwsClientFactory is closed");
      }
      if (value == null) {
        value = creator.get();
      }
      return value;
    }

    synchronized void close() {
      if (value instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Closing releases local resources only; a failure here must not mask the caller's
          // own outcome, and there is nothing left to retry.
        }
      }
      value = null;
    }
  }
}
