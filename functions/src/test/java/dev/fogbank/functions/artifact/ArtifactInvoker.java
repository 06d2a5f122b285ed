package dev.fogbank.functions.artifact;

import static dev.fogbank.functions.artifact.ArtifactInvoker.Mapper.text;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;

/**
 * Calls one Lambda handler once, as the java21 runtime would, in a JVM whose class path is only a
 * function artifact plus this class: {@code ArtifactInvoker <handler class> <event kind> <event
 * JSON file>}. Prints {@value #RESULT_PREFIX} and the handler's result as JSON on one line.
 *
 * <p>It may use the JDK and classes inside the artifact only. Each event kind lives in a nested
 * class of its own, so that no class absent from an artifact (Jackson in the bench's trivial jar,
 * Joda where no event needs it) is loaded unless that kind is invoked.
 */
public final class ArtifactInvoker {
  public static final String RESULT_PREFIX = "FOGBANK_RESULT ";

  /**
   * Printed after the result: {@code init=<ns> invoke=<ns>}, the handler's construction (plus
   * priming, when asked for) and the invoke, timed inside the JVM.
   */
  public static final String TIMING_PREFIX = "FOGBANK_TIMING ";

  /**
   * An event kind ending in this (e.g. {@code api+primed}) runs the SnapStart hooks the handler
   * registered during init, as Lambda does before it takes the snapshot, then invokes.
   */
  public static final String PRIMED_SUFFIX = "+primed";

  /** Printed when init (and priming) is done, before the invoke: splits a class-loading log. */
  public static final String INIT_DONE = "FOGBANK_INIT_DONE";

  private ArtifactInvoker() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println(
          "usage: ArtifactInvoker <handler class> <api|sns|stream|plain>[+primed] <json>");
      System.exit(2);
    }
    try {
      long started = System.nanoTime();
      Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
      String kind = args[1];
      if (kind.endsWith(PRIMED_SUFFIX)) {
        kind = kind.substring(0, kind.length() - PRIMED_SUFFIX.length());
        Primer.checkpoint();
      }
      if (kind.equals("api")) {
        // The runtime builds its serializer for the handler's input type when it loads the
        // handler, during init (and so before a SnapStart snapshot): so does this invoker.
        PojoEvents.prepare(handler);
      }
      System.out.println(INIT_DONE);
      long initialised = System.nanoTime();
      Path event = Path.of(args[2]);
      String result =
          switch (kind) {
            case "api" -> PojoEvents.invoke(handler, event);
            case "sns" -> SnsEvents.invoke(handler, event);
            case "stream" -> StreamEvents.invoke(handler, event);
            case "plain" -> PlainEvents.invoke(handler);
            default -> throw new IllegalArgumentException("unknown event kind " + args[1]);
          };
      long answered = System.nanoTime();
      System.out.println(RESULT_PREFIX + result);
      System.out.println(
          TIMING_PREFIX + "init=" + (initialised - started) + " invoke=" + (answered - initialised));
      System.out.flush();
      System.exit(0);
    } catch (Throwable e) {
      // Shown in full: the test looks for class-loading errors in this output.
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * The local stand-in for SnapStart's checkpoint: this JVM has no CRaC, so the hooks registered
   * with the global context are run through fogbank's own registry, which holds the same ones.
   * By name: the trivial jar has no fogbank classes.
   */
  static final class Primer {
    static void checkpoint() throws Exception {
      Object ran =
          Class.forName("dev.fogbank.functions.wiring.SnapStartPriming")
              .getMethod("checkpointStandIn")
              .invoke(null);
      if (ran instanceof Integer n && n == 0) {
        throw new IllegalStateException("the handler registered no SnapStart priming hook");
      }
    }
  }

  /** The runtime's own mapper settings for events it maps as plain Jackson beans. */
  static final class Mapper {
    static final ObjectMapper JSON =
        new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    static JsonNode read(Path file) throws Exception {
      return JSON.readTree(Files.readAllBytes(file));
    }

    static String write(Object value) throws Exception {
      return JSON.writeValueAsString(value);
    }

    static String text(JsonNode node, String field) {
      JsonNode value = node.path(field);
      return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
  }

  /**
   * Events the runtime maps as plain Jackson beans (APIGatewayV2HTTPEvent is not among the events
   * it maps with mixins or Joda): the handler's declared input type, read from the JSON.
   */
  static final class PojoEvents {
    static void prepare(Object handler) {
      Mapper.JSON.readerFor(inputType(handler.getClass()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static String invoke(Object handler, Path event) throws Exception {
      Class<?> type = inputType(handler.getClass());
      Object input = Mapper.JSON.treeToValue(Mapper.read(event), type);
      Object output = ((RequestHandler) handler).handleRequest(input, new InvokerContext());
      return Mapper.write(output);
    }

    private static Class<?> inputType(Class<?> handler) {
      for (Type t : handler.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
          Type input = p.getActualTypeArguments()[0];
          // Map<String, Object> and the like: the raw type is what Jackson is asked for.
          return input instanceof ParameterizedType generic
              ? (Class<?>) generic.getRawType()
              : (Class<?>) input;
        }
      }
      throw new IllegalArgumentException(handler.getName() + " is not a RequestHandler<I, O>");
    }
  }

  /** SNS notifications, with the Joda timestamp the runtime's DateTime module produces. */
  static final class SnsEvents {
    @SuppressWarnings("unchecked")
    static String invoke(Object handler, Path event) throws Exception {
      List<SNSEvent.SNSRecord> records = new ArrayList<>();
      for (JsonNode r : Mapper.read(event).path("Records")) {
        JsonNode sns = r.path("Sns");
        Map<String, SNSEvent.MessageAttribute> attributes = new HashMap<>();
        for (Map.Entry<String, JsonNode> a : sns.path("MessageAttributes").properties()) {
          attributes.put(
              a.getKey(),
              new SNSEvent.MessageAttribute()
                  .withType(text(a.getValue(), "Type"))
                  .withValue(text(a.getValue(), "Value")));
        }
        records.add(
            new SNSEvent.SNSRecord()
                .withEventVersion(text(r, "EventVersion"))
                .withEventSubscriptionArn(text(r, "EventSubscriptionArn"))
                .withEventSource(text(r, "EventSource"))
                .withSns(
                    new SNSEvent.SNS()
                        .withType(text(sns, "Type"))
                        .withMessageId(text(sns, "MessageId"))
                        .withTopicArn(text(sns, "TopicArn"))
                        .withSubject(text(sns, "Subject"))
                        .withMessage(text(sns, "Message"))
                        .withTimestamp(DateTime.parse(text(sns, "Timestamp")))
                        .withSignatureVersion(text(sns, "SignatureVersion"))
                        .withSignature(text(sns, "Signature"))
                        .withSigningCertUrl(text(sns, "SigningCertUrl"))
                        .withUnsubscribeUrl(text(sns, "UnsubscribeUrl"))
                        .withMessageAttributes(attributes)));
      }
      Object output =
          ((RequestHandler<SNSEvent, Object>) handler)
              .handleRequest(new SNSEvent().withRecords(records), new InvokerContext());
      return Mapper.write(output);
    }
  }

  /** Step Functions tasks: the execution state as bytes in, the result as bytes out. */
  static final class StreamEvents {
    static String invoke(Object handler, Path event) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = Files.newInputStream(event)) {
        ((RequestStreamHandler) handler).handleRequest(in, out, new InvokerContext());
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** The bench's trivial handler: no JSON library in its jar, so an empty map goes in. */
  static final class PlainEvents {
    @SuppressWarnings("unchecked")
    static String invoke(Object handler) {
      Object output =
          ((RequestHandler<Map<String, Object>, Object>) handler)
              .handleRequest(new HashMap<>(), new InvokerContext());
      return "\"" + output + "\"";
    }
  }

  /** What the runtime hands a handler; fogbank's handlers read none of it. */
  static final class InvokerContext implements Context {
    @Override
    public String getAwsRequestId() {
      return "00000000-0000-0000-0000-000000000000";
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/fogbank-artifact-test";
    }

    @Override
    public String getLogStreamName() {
      return "artifact-test";
    }

    @Override
    public String getFunctionName() {
      return "fogbank-artifact-test";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:us-east-1:123456789012:function:fogbank-artifact-test";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return 30_000;
    }

    @Override
    public int getMemoryLimitInMB() {
      return 512;
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.write(message, 0, message.length);
        }
      };
    }
  }
}
