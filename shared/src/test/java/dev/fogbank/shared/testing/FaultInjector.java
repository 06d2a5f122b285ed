package dev.fogbank.shared.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.InvalidChangeSetStatusException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Produces, at the SDK layer and over a real emulator, the AWS behaviours the emulator cannot:
 * throttling, 5xx, statuses moto never reaches (ROLLBACK_COMPLETE, *_IN_PROGRESS). The request
 * still goes to the emulator; only the response the SDK sees is replaced or rewritten, once per
 * HTTP attempt, so the SDK's retries see each fault exactly as they would from AWS. Two
 * exceptions, where the emulator's doing would differ from AWS's: a {@link Chaos} throttle or
 * 500 on a call that changes something is answered before it leaves (AWS does not perform it);
 * a repeat of a CreateChangeSet or ExecuteChangeSet that was performed (its answer lost) is
 * answered as AWS answers it, {@code AlreadyExistsException} / {@code InvalidChangeSetStatus},
 * where moto would perform it again.
 *
 * <p>Register it with {@code AwsClientFactory.create(settings, List.of(faults))}. Every use in a
 * test should name the AWS behaviour it stands in for.
 */
public final class FaultInjector implements ExecutionInterceptor {

  /** For {@link #failNext}: until {@link #clear()}. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private static final ExecutionAttribute<Optional<Rule>> APPLIED =
      new ExecutionAttribute<>("fogbank.FaultInjector.applied");
  private static final ExecutionAttribute<Optional<Chaos>> CHAOS =
      new ExecutionAttribute<>("fogbank.FaultInjector.chaos");
  private static final ExecutionAttribute<Optional<String>> CALL =
      new ExecutionAttribute<>("fogbank.FaultInjector.call");
  private static final Pattern STACK_STATUS = Pattern.compile("<StackStatus>[^<]*</StackStatus>");

  private final Map<String, Deque<Rule>> rules = new HashMap<>();
  private final Map<String, List<Instant>> attempts = new HashMap<>();
  private final Map<String, Integer> performed = new HashMap<>();
  private final Map<Chaos, Integer> chaosCounts = new EnumMap<>(Chaos.class);
  private final Map<String, Map<Chaos, Integer>> chaosByOperation = new HashMap<>();
  private final Map<String, Deque<Chaos>> armedChaos = new HashMap<>();
  /** Change sets created and executed: AWS answers a repeat of either itself (see below). */
  private final java.util.Set<String> performedCalls = new java.util.HashSet<>();
  /** Only once chaos is asked for: other tests may create a change set of one name again. */
  private boolean answerRepeats;
  private Predicate<String> chaosOperations = op -> false;
  private double chaosRate;
  private Random chaosRandom = new Random(0);

  /**
   * The next {@code times} responses to {@code operation} (e.g. "CreateChangeSet") become an AWS
   * error: HTTP {@code status} with {@code errorCode} and {@code message} in the service's own
   * error format (query XML, REST XML or JSON), as AWS would send it.
   */
  public synchronized FaultInjector failNext(
      String operation, int times, int status, String errorCode, String message) {
    add(operation, new Rule(times, new Error(status, errorCode, message), null, null));
    return this;
  }

  /**
   * The next {@code times} responses to {@code operation}, whatever the emulator answered (moto
   * answers an API it lacks, e.g. ListImports, with HTTP 500), become HTTP 200 with {@code body}:
   * the answer AWS documents for that call, in the service's own format.
   */
  public synchronized FaultInjector answerNext(String operation, int times, String body) {
    add(operation, new Rule(times, null, null, body));
    return this;
  }

  /** AWS's API rate limit: HTTP 400 "Throttling: Rate exceeded", the next {@code times} calls. */
  public FaultInjector throttleNext(String operation, int times) {
    return failNext(operation, times, 400, "Throttling", "Rate exceeded");
  }

  /** An AWS-side outage: HTTP 500 InternalFailure, the next {@code times} calls. */
  public FaultInjector internalFailureNext(String operation, int times) {
    return failNext(
        operation,
        times,
        500,
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.");
  }

  /** Rewrites the body of the next {@code times} successful responses to {@code operation}. */
  public synchronized FaultInjector rewriteNext(
      String operation, int times, UnaryOperator<String> rewrite) {
    add(operation, new Rule(times, null, rewrite, null));
    return this;
  }

  /**
   * The next {@code times} successful DescribeStacks answers report {@code status} (e.g.
   * ROLLBACK_COMPLETE, UPDATE_IN_PROGRESS) instead of what the emulator says.
   */
  public FaultInjector rewriteStackStatus(int times, String status) {
    String replacement = Matcher.quoteReplacement("<StackStatus>" + status + "</StackStatus>");
    return rewriteNext(
        "DescribeStacks", times, body -> STACK_STATUS.matcher(body).replaceAll(replacement));
  }

  /**
   * The faults AWS's SDK meets in production, drawn at random for each HTTP attempt at {@link
   * #chaos}'s rate: each stands in for one AWS behaviour.
   */
  public enum Chaos {
    /** API rate limit exceeded: HTTP 400 {@code Throttling} "Rate exceeded" (not performed). */
    THROTTLING,
    /** An AWS-side failure: HTTP 500 {@code InternalFailure} (not performed). */
    INTERNAL_FAILURE,
    /**
     * The request reached AWS and was performed, but its answer never came back: a read timeout
     * (the SDK sees {@code SocketTimeoutException} and retries a call that already happened).
     */
    TIMEOUT_AFTER_PERFORMED,
    /** The connection was reset before the request reached AWS ({@code SocketException}). */
    CONNECTION_RESET
  }

  /**
   * From now on, each HTTP attempt for an operation {@code operations} accepts fails with
   * probability {@code rate}, with one of the {@link Chaos} faults chosen uniformly; the sequence
   * is fixed by {@code seed}. Rules armed with {@link #failNext} etc. still come first.
   */
  public synchronized FaultInjector chaos(double rate, long seed, Predicate<String> operations) {
    this.chaosRate = rate;
    this.chaosRandom = new Random(seed);
    this.chaosOperations = operations;
    this.answerRepeats = true;
    return this;
  }

  /**
   * The next attempts of {@code operation} meet {@code faults}, one each, in order (before any
   * {@link #chaos} draw): e.g. every kind of fault on CreateChangeSet.
   */
  public synchronized FaultInjector chaosNext(String operation, Chaos... faults) {
    armedChaos.computeIfAbsent(operation, k -> new ArrayDeque<>()).addAll(List.of(faults));
    answerRepeats = true;
    return this;
  }

  /** How many times each chaos fault was injected. */
  public synchronized Map<Chaos, Integer> chaosCounts() {
    return Map.copyOf(chaosCounts);
  }

  /** How many times each chaos fault was injected into {@code operation}'s attempts. */
  public synchronized Map<Chaos, Integer> chaosCounts(String operation) {
    return Map.copyOf(chaosByOperation.getOrDefault(operation, Map.of()));
  }

  /**
   * How many times the emulator performed {@code operation} (answered 2xx), whatever the SDK was
   * then shown: a call performed twice is a duplicate the product made.
   */
  public synchronized int performed(String operation) {
    return performed.getOrDefault(operation, 0);
  }

  /** How many HTTP attempts the SDK made for {@code operation} (faulted ones included). */
  public synchronized int attempts(String operation) {
    return attempts.getOrDefault(operation, List.of()).size();
  }

  /** When each HTTP attempt for {@code operation} was sent. */
  public synchronized List<Instant> attemptTimes(String operation) {
    return List.copyOf(attempts.getOrDefault(operation, List.of()));
  }

  /** Whether every armed fault has been used up. */
  public synchronized boolean exhausted() {
    return rules.values().stream().allMatch(Deque::isEmpty);
  }

  /** Forgets every rule and every count. */
  public synchronized void clear() {
    rules.clear();
    attempts.clear();
    performed.clear();
    chaosCounts.clear();
    chaosByOperation.clear();
    armedChaos.clear();
    performedCalls.clear();
    answerRepeats = false;
    chaosRate = 0;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String call = repeatableCall(operation, context.request());
    executionAttributes.putAttribute(CALL, Optional.ofNullable(call));
    Chaos chaos;
    synchronized (this) {
      attempts.computeIfAbsent(operation, k -> new ArrayList<>()).add(Instant.now());
      if (answerRepeats && call != null && performedCalls.contains(call)) {
        throw answerToRepeat(operation, call);
      }
      chaos = drawChaos(operation);
    }
    executionAttributes.putAttribute(CHAOS, Optional.ofNullable(chaos));
    if (chaos == Chaos.CONNECTION_RESET) {
      throw SdkClientException.builder()
          .message("Unable to execute HTTP request: Connection reset")
          .cause(new SocketException("Connection reset"))
          .build();
    }
    if (!readOnly(operation) && (chaos == Chaos.THROTTLING || chaos == Chaos.INTERNAL_FAILURE)) {
      // AWS refuses a throttled or failed call without performing it; the emulator would perform
      // it, so the call never leaves: the SDK gets AWS's error here, as from the wire, and its
      // retry strategy decides as it would on AWS's answer.
      throw chaos == Chaos.THROTTLING
          ? serviceError(executionAttributes, 400, "Throttling", "Rate exceeded")
          : serviceError(
              executionAttributes, 500, "InternalFailure", "The request processing has failed.");
    }
  }

  @Override
  public void afterTransmission(
      Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
    String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (context.httpResponse().isSuccessful()) {
      Optional<String> call = executionAttributes.getAttribute(CALL);
      synchronized (this) {
        performed.merge(operation, 1, Integer::sum);
        if (call != null) {
          call.ifPresent(performedCalls::add);
        }
      }
    }
    Optional<Chaos> chaos = executionAttributes.getAttribute(CHAOS);
    if (chaos != null && chaos.orElse(null) == Chaos.TIMEOUT_AFTER_PERFORMED) {
      throw SdkClientException.builder()
          .message("Unable to execute HTTP request: Read timed out")
          .cause(new SocketTimeoutException("Read timed out"))
          .build();
    }
  }

  /**
   * CreateChangeSet of one name on one stack and ExecuteChangeSet of one change set: calls AWS
   * performs once and answers again with an error (moto performs them again, keeping a second
   * change set of the same name), or null for any other call.
   */
  private static String repeatableCall(String operation, SdkRequest request) {
    if (request == null) {
      return null;
    }
    String changeSet = request.getValueForField("ChangeSetName", String.class).orElse(null);
    return switch (operation) {
      case "CreateChangeSet" ->
          operation + " " + request.getValueForField("StackName", String.class).orElse("") + " "
              + changeSet;
      case "ExecuteChangeSet" -> operation + " " + changeSet;
      default -> null;
    };
  }

  /** What AWS answers when a change set is created or executed again (the SDK's own retry). */
  private static RuntimeException answerToRepeat(String operation, String call) {
    String name = call.substring(call.lastIndexOf(' ') + 1);
    AwsErrorDetails.Builder details =
        AwsErrorDetails.builder()
            .serviceName("CloudFormation")
            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build());
    if (operation.equals("CreateChangeSet")) {
      return AlreadyExistsException.builder()
          .statusCode(400)
          .requestId("fault-injector")
          .message("ChangeSet " + name + " already exists")
          .awsErrorDetails(
              details.errorCode("AlreadyExistsException")
                  .errorMessage("ChangeSet " + name + " already exists")
                  .build())
          .build();
    }
    String message =
        "ChangeSet [" + name + "] cannot be executed in its current status of [EXECUTE_COMPLETE]";
    return InvalidChangeSetStatusException.builder()
        .statusCode(400)
        .requestId("fault-injector")
        .message(message)
        .awsErrorDetails(details.errorCode("InvalidChangeSetStatus").errorMessage(message).build())
        .build();
  }

  /** An AWS error answer as the SDK builds it for this client's service. */
  private static AwsServiceException serviceError(
      ExecutionAttributes attributes, int status, String code, String message) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    AwsServiceException.Builder builder =
        switch (service == null ? "" : service.toLowerCase(Locale.ROOT)) {
          case "cloudformation" -> CloudFormationException.builder();
          case "dynamodb" -> DynamoDbException.builder();
          case "s3" -> S3Exception.builder();
          case "sns" -> SnsException.builder();
          default -> AwsServiceException.builder();
        };
    return builder
        .statusCode(status)
        .requestId("fault-injector")
        .message(message)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .serviceName(service)
                .errorCode(code)
                .errorMessage(message)
                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                .build())
        .build();
  }

  private static boolean readOnly(String operation) {
    return operation.startsWith("Describe")
        || operation.startsWith("List")
        || operation.startsWith("Get")
        || operation.startsWith("Head");
  }

  /** The chaos fault for this attempt, or null. A timeout only hides a performed call. */
  private Chaos drawChaos(String operation) {
    Chaos chaos = null;
    Deque<Chaos> armed = armedChaos.get(operation);
    if (armed != null && !armed.isEmpty()) {
      chaos = armed.pollFirst();
    } else if (chaosRate > 0
        && chaosOperations.test(operation)
        && chaosRandom.nextDouble() < chaosRate) {
      // Calls that change something are refused before they leave (throttling, 500: not
      // performed, as on AWS); a timeout hides a performed call; a repeated CreateChangeSet or
      // ExecuteChangeSet is answered as AWS answers it (beforeTransmission).
      chaos = Chaos.values()[chaosRandom.nextInt(Chaos.values().length)];
    }
    if (chaos != null) {
      chaosCounts.merge(chaos, 1, Integer::sum);
      chaosByOperation.computeIfAbsent(operation, k -> new EnumMap<>(Chaos.class))
          .merge(chaos, 1, Integer::sum);
    }
    return chaos;
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
    String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    SdkHttpResponse response = context.httpResponse();
    Optional<Rule> rule = take(operation, response.isSuccessful());
    Optional<Chaos> chaos = executionAttributes.getAttribute(CHAOS);
    if (rule.isEmpty() && chaos != null && chaos.isPresent() && readOnly(operation)) {
      rule =
          switch (chaos.get()) {
            case THROTTLING ->
                Optional.of(new Rule(1, new Error(400, "Throttling", "Rate exceeded"), null, null));
            case INTERNAL_FAILURE ->
                Optional.of(
                    new Rule(
                        1,
                        new Error(500, "InternalFailure", "The request processing has failed."),
                        null,
                        null));
            default -> rule;
          };
    }
    // Set on every attempt: attributes live for the whole call, across the SDK's retries.
    executionAttributes.putAttribute(APPLIED, rule);
    if (rule.isEmpty()) {
      return response;
    }
    if (rule.get().answer() != null) {
      byte[] body = rule.get().answer().getBytes(StandardCharsets.UTF_8);
      return SdkHttpResponse.builder()
          .statusCode(200)
          .putHeader("Content-Type", protocol(executionAttributes).contentType)
          .putHeader("Content-Length", Integer.toString(body.length))
          .putHeader("x-amzn-RequestId", "fault-injector")
          .build();
    }
    if (rule.get().error() != null) {
      Error error = rule.get().error();
      Protocol protocol = protocol(executionAttributes);
      byte[] body = protocol.body(error).getBytes(StandardCharsets.UTF_8);
      SdkHttpResponse.Builder builder =
          SdkHttpResponse.builder()
              .statusCode(error.status())
              .putHeader("Content-Type", protocol.contentType)
              .putHeader("Content-Length", Integer.toString(body.length))
              .putHeader("x-amzn-RequestId", "fault-injector");
      if (protocol == Protocol.JSON) {
        builder.putHeader("x-amzn-ErrorType", error.code());
      }
      return builder.build();
    }
    // The body changes length; the SDK reads to the end, so drop the stale length and any
    // checksum of the original bytes (DynamoDB's x-amz-crc32).
    return response.toBuilder().removeHeader("Content-Length").removeHeader("x-amz-crc32").build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
    Optional<Rule> rule = executionAttributes.getAttribute(APPLIED);
    if (rule == null || rule.isEmpty()) {
      return context.responseBody();
    }
    String original = read(context.responseBody());
    if (rule.get().answer() != null) {
      return Optional.of(utf8(rule.get().answer()));
    }
    if (rule.get().error() != null) {
      Protocol protocol = protocol(executionAttributes);
      return Optional.of(utf8(protocol.body(rule.get().error())));
    }
    return Optional.of(utf8(rule.get().rewrite().apply(original)));
  }

  private void add(String operation, Rule rule) {
    if (rule.remaining() <= 0) {
      throw new IllegalArgumentException("times must be positive");
    }
    rules.computeIfAbsent(operation, k -> new ArrayDeque<>()).addLast(rule);
  }

  /** The rule for this attempt, if any; a rewrite only applies to a successful response. */
  private synchronized Optional<Rule> take(String operation, boolean successful) {
    Deque<Rule> queue = rules.get(operation);
    if (queue == null || queue.isEmpty()) {
      return Optional.empty();
    }
    Rule head = queue.peekFirst();
    if (head.rewrite() != null && !successful) {
      return Optional.empty();
    }
    if (head.remaining() != ALWAYS) {
      queue.pollFirst();
      if (head.remaining() > 1) {
        queue.addFirst(new Rule(head.remaining() - 1, head.error(), head.rewrite(), head.answer()));
      }
    }
    return Optional.of(head);
  }

  private static Protocol protocol(ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String lower = service == null ? "" : service.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "s3" -> Protocol.REST_XML;
      case "cloudformation", "sns", "sts", "iam", "ses", "elasticloadbalancing" -> Protocol.QUERY;
      default -> Protocol.JSON;
    };
  }

  private static String read(Optional<InputStream> body) {
    if (body.isEmpty()) {
      return "";
    }
    try (InputStream in = body.get()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private record Error(int status, String code, String message) {}

  /** One of: an error, a rewrite of a successful body, or a whole answer. */
  private record Rule(int remaining, Error error, UnaryOperator<String> rewrite, String answer) {}

  /** How each AWS protocol family spells an error. */
  private enum Protocol {
    QUERY("text/xml") {
      @Override
      String body(Error e) {
        return "<ErrorResponse><Error><Type>"
            + (e.status() >= 500 ? "Receiver" : "Sender")
            + "</Type><Code>"
            + e.code()
            + "</Code><Message>"
            + escape(e.message())
            + "</Message></Error><RequestId>fault-injector</RequestId></ErrorResponse>";
      }
    },
    REST_XML("application/xml") {
      @Override
      String body(Error e) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + e.code()
            + "</Code><Message>"
            + escape(e.message())
            + "</Message><RequestId>fault-injector</RequestId></Error>";
      }
    },
    JSON("application/x-amz-json-1.0") {
      @Override
      String body(Error e) {
        return "{\"__type\":\""
            + e.code()
            + "\",\"message\":\""
            + e.message().replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"}";
      }
    };

    final String contentType;

    Protocol(String contentType) {
      this.contentType = contentType;
    }

    abstract String body(Error e);

    static String escape(String s) {
      return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
  }
}
