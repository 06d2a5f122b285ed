package dev.fogbank.shared.drift;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsRequest;
import software.amazon.awssdk.services.cloudformation.model.DetectStackDriftRequest;

/**
 * CloudFormation's drift API, answered at the SDK layer because moto 5.2 has none (its
 * DetectStackDrift, DescribeStackDriftDetectionStatus and DescribeStackResourceDrifts answer HTTP
 * 500). The request still goes through the real SDK to the emulator; the response the SDK sees is
 * replaced with what CloudFormation documents for these calls (Query protocol XML):
 *
 * <ul>
 *   <li>DetectStackDrift of an existing stack returns a detection id; of a stack that is not there,
 *       400 ValidationError "Stack with id X does not exist";
 *   <li>DescribeStackDriftDetectionStatus says DETECTION_IN_PROGRESS for the first {@code n} polls
 *       set with {@link #inProgressPolls}, then DETECTION_COMPLETE with the stack's drift status
 *       and drifted resource count;
 *   <li>DescribeStackResourceDrifts returns the stack's resources whose status is in the request's
 *       StackResourceDriftStatusFilters (all of them without a filter), {@code pageSize} per page
 *       with NextToken.
 * </ul>
 *
 * Other operations pass through untouched.
 */
public final class DriftApiStandIn implements ExecutionInterceptor {
  private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  private static final ExecutionAttribute<String> BODY =
      new ExecutionAttribute<>("fogbank.DriftApiStandIn.body");

  /** One resource as CloudFormation last checked it: MODIFIED, DELETED, IN_SYNC or NOT_CHECKED. */
  public record Resource(String logicalId, String type, String status, List<Property> properties) {
    public Resource(String logicalId, String type, String status) {
      this(logicalId, type, status, List.of());
    }
  }

  /** One of a MODIFIED resource's PropertyDifferences. */
  public record Property(String path, String expected, String actual, String type) {}

  private final Map<String, List<Resource>> stacks = new HashMap<>();
  private final Map<String, String> detections = new HashMap<>();
  private final Map<String, Integer> inProgress = new HashMap<>();
  private final Map<String, String> failing = new HashMap<>();
  private final Map<String, Integer> busy = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final java.util.Set<String> running = new java.util.HashSet<>();
  private final List<DescribeStackResourceDriftsRequest> driftRequests = new ArrayList<>();
  private int pageSize = 100;
  private int counter;
  private double throttled;
  private java.util.Random random = new java.util.Random(0);
  private int throttles;
  private int maxRunning;
  private boolean oneAtATime;

  /**
   * A stack whose resources are those of a DescribeStackResourceDrifts response as AWS documents
   * it (JSON, as the CLI prints it): {"StackResourceDrifts": [{"LogicalResourceId", "ResourceType",
   * "StackResourceDriftStatus", "PropertyDifferences": [...]}, ...]}.
   */
  public synchronized DriftApiStandIn stackFromFixture(String name, String resource) {
    try (InputStream in = DriftApiStandIn.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      List<Resource> resources = new ArrayList<>();
      for (var drift : root.path("StackResourceDrifts")) {
        List<Property> properties = new ArrayList<>();
        for (var p : drift.path("PropertyDifferences")) {
          properties.add(
              new Property(
                  p.path("PropertyPath").asText(),
                  p.path("ExpectedValue").asText(),
                  p.path("ActualValue").asText(),
                  p.path("DifferenceType").asText()));
        }
        resources.add(
            new Resource(
                drift.path("LogicalResourceId").asText(),
                drift.path("ResourceType").asText(),
                drift.path("StackResourceDriftStatus").asText(),
                properties));
      }
      stacks.put(name, List.copyOf(resources));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The stack's detections end DETECTION_FAILED with this DetectionStatusReason (CloudFormation
   * could not check some resources), still saying what it found about the others.
   */
  public synchronized DriftApiStandIn detectionFails(String name, String reason) {
    failing.put(name, reason);
    return this;
  }

  /**
   * The stack's next {@code times} DetectStackDrift calls are refused as CloudFormation refuses a
   * detection while another runs on the same stack (one per stack at a time), as if someone else
   * (the console, another tool) had started one.
   */
  public synchronized DriftApiStandIn busy(String name, int times) {
    busy.put(name, times);
    return this;
  }

  /**
   * From now on a DetectStackDrift of a stack whose detection (started here) has not been seen
   * completed is refused as CloudFormation refuses it. Off by default: a fault injected after this
   * stand-in answered would otherwise leave a detection the caller never saw.
   */
  public synchronized DriftApiStandIn oneDetectionPerStack() {
    oneAtATime = true;
    return this;
  }

  /**
   * Each drift API call is answered, with probability {@code fraction}, as CloudFormation answers a
   * caller over its account's rate: HTTP 400 Throttling "Rate exceeded".
   */
  public synchronized DriftApiStandIn throttle(double fraction, long seed) {
    throttled = fraction;
    random = new java.util.Random(seed);
    return this;
  }

  /** Drift API calls per operation, throttled ones included. */
  public synchronized Map<String, Integer> calls() {
    return Map.copyOf(calls);
  }

  public synchronized int throttled() {
    return throttles;
  }

  /** The most detections that were running at once (started, not yet seen completed). */
  public synchronized int maxRunning() {
    return maxRunning;
  }

  /** A stack that exists, with these resources. */
  public synchronized DriftApiStandIn stack(String name, Resource... resources) {
    stacks.put(name, List.of(resources));
    return this;
  }

  /** The stack's next detection stays DETECTION_IN_PROGRESS for this many status polls. */
  public synchronized DriftApiStandIn inProgressPolls(String name, int polls) {
    inProgress.put(name, polls);
    return this;
  }

  public synchronized DriftApiStandIn pageSize(int size) {
    pageSize = size;
    return this;
  }

  /** The DescribeStackResourceDrifts requests the SDK sent. */
  public synchronized List<DescribeStackResourceDriftsRequest> driftRequests() {
    return List.copyOf(driftRequests);
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    Answer answer = answer(context.request());
    if (answer == null) {
      return context.httpResponse();
    }
    attributes.putAttribute(BODY, answer.body());
    return SdkHttpResponse.builder()
        .statusCode(answer.status())
        .putHeader("Content-Type", "text/xml")
        .putHeader("x-amzn-RequestId", "drift-stand-in")
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    String body = attributes.getAttribute(BODY);
    if (body == null) {
      return context.responseBody();
    }
    context.responseBody().ifPresent(DriftApiStandIn::drain);
    return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private record Answer(int status, String body) {}

  private synchronized Answer answer(SdkRequest request) {
    if (!(request instanceof DetectStackDriftRequest
        || request instanceof DescribeStackDriftDetectionStatusRequest
        || request instanceof DescribeStackResourceDriftsRequest)) {
      return null;
    }
    calls.merge(request.getClass().getSimpleName().replace("Request", ""), 1, Integer::sum);
    if (throttled > 0 && random.nextDouble() < throttled) {
      throttles++;
      return error(400, "Throttling", "Rate exceeded");
    }
    if (request instanceof DetectStackDriftRequest detect) {
      String name = detect.stackName();
      if (!stacks.containsKey(name)) {
        return missing(name);
      }
      int refusals = busy.getOrDefault(name, 0);
      if (refusals > 0 || (oneAtATime && running.contains(name))) {
        busy.put(name, Math.max(0, refusals - 1));
        return error(
            400,
            "ValidationError",
            "Drift detection is already in progress for stack [" + stackId(name) + "]");
      }
      running.add(name);
      maxRunning = Math.max(maxRunning, running.size());
      String id = "b78ac9b0-dec1-11e7-a451-50" + String.format("%010d", ++counter);
      detections.put(id, name);
      return ok("DetectStackDrift", "<StackDriftDetectionId>" + id + "</StackDriftDetectionId>");
    }
    if (request instanceof DescribeStackDriftDetectionStatusRequest status) {
      String id = status.stackDriftDetectionId();
      String name = detections.get(id);
      if (name == null) {
        return error(400, "ValidationError", "Could not find drift detection id " + id);
      }
      int left = inProgress.getOrDefault(name, 0);
      List<Resource> resources = stacks.get(name);
      long drifted = resources.stream().filter(DriftApiStandIn::drifted).count();
      StringBuilder body = new StringBuilder();
      body.append("<StackId>")
          .append(stackId(name))
          .append("</StackId>")
          .append("<StackDriftDetectionId>")
          .append(id)
          .append("</StackDriftDetectionId>");
      if (left > 0) {
        inProgress.put(name, left - 1);
        body.append("<DetectionStatus>DETECTION_IN_PROGRESS</DetectionStatus>");
      } else {
        running.remove(name);
        String failure = failing.get(name);
        body.append("<StackDriftStatus>")
            .append(drifted > 0 ? "DRIFTED" : failure != null ? "UNKNOWN" : "IN_SYNC")
            .append("</StackDriftStatus>")
            .append(
                failure == null
                    ? "<DetectionStatus>DETECTION_COMPLETE</DetectionStatus>"
                    : "<DetectionStatus>DETECTION_FAILED</DetectionStatus><DetectionStatusReason>"
                        + failure
                        + "</DetectionStatusReason>")
            .append("<DriftedStackResourceCount>")
            .append(drifted)
            .append("</DriftedStackResourceCount>");
      }
      body.append("<Timestamp>").append(Instant.now()).append("</Timestamp>");
      return ok("DescribeStackDriftDetectionStatus", body.toString());
    }
    if (request instanceof DescribeStackResourceDriftsRequest drifts) {
      driftRequests.add(drifts);
      String name = drifts.stackName();
      if (!stacks.containsKey(name)) {
        return missing(name);
      }
      List<String> filters = drifts.stackResourceDriftStatusFiltersAsStrings();
      List<Resource> matching =
          stacks.get(name).stream()
              .filter(r -> filters.isEmpty() || filters.contains(r.status()))
              .toList();
      int from = drifts.nextToken() == null ? 0 : Integer.parseInt(drifts.nextToken());
      int size = Math.min(pageSize, drifts.maxResults() == null ? 100 : drifts.maxResults());
      int to = Math.min(matching.size(), from + size);
      StringBuilder body = new StringBuilder("<StackResourceDrifts>");
      for (Resource r : matching.subList(from, to)) {
        body.append("<member><StackId>")
            .append(stackId(name))
            .append("</StackId>")
            .append("<LogicalResourceId>")
            .append(r.logicalId())
            .append("</LogicalResourceId>")
            .append("<PhysicalResourceId>")
            .append(r.logicalId().toLowerCase())
            .append("</PhysicalResourceId>")
            .append("<ResourceType>")
            .append(r.type())
            .append("</ResourceType>")
            .append("<StackResourceDriftStatus>")
            .append(r.status())
            .append("</StackResourceDriftStatus>")
            .append(propertyDifferences(r))
            .append("<Timestamp>")
            .append(Instant.now())
            .append("</Timestamp></member>");
      }
      body.append("</StackResourceDrifts>");
      if (to < matching.size()) {
        body.append("<NextToken>").append(to).append("</NextToken>");
      }
      return ok("DescribeStackResourceDrifts", body.toString());
    }
    return null;
  }

  private static String propertyDifferences(Resource r) {
    if (r.properties().isEmpty()) {
      return "";
    }
    StringBuilder xml = new StringBuilder("<PropertyDifferences>");
    for (Property p : r.properties()) {
      xml.append("<member><PropertyPath>")
          .append(escape(p.path()))
          .append("</PropertyPath><ExpectedValue>")
          .append(escape(p.expected()))
          .append("</ExpectedValue><ActualValue>")
          .append(escape(p.actual()))
          .append("</ActualValue><DifferenceType>")
          .append(p.type())
          .append("</DifferenceType></member>");
    }
    return xml.append("</PropertyDifferences>").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String stackId(String name) {
    return "arn:aws:cloudformation:us-east-1:123456789012:stack/"
        + name
        + "/5b2f0a60-c8e1-11f0-8d3b-0a1b2c3d4e5f";
  }

  private static boolean drifted(Resource r) {
    return r.status().equals("MODIFIED") || r.status().equals("DELETED");
  }

  private static Answer missing(String name) {
    return error(400, "ValidationError", "Stack with id " + name + " does not exist");
  }

  private static Answer ok(String operation, String result) {
    return new Answer(
        200,
        "<"
            + operation
            + "Response xmlns=\""
            + NS
            + "\"><"
            + operation
            + "Result>"
            + result
            + "</"
            + operation
            + "Result><ResponseMetadata><RequestId>drift-stand-in</RequestId>"
            + "</ResponseMetadata></"
            + operation
            + "Response>");
  }

  private static Answer error(int status, String code, String message) {
    return new Answer(
        status,
        "<ErrorResponse xmlns=\""
            + NS
            + "\"><Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + message
            + "</Message></Error>"
            + "<RequestId>drift-stand-in</RequestId></ErrorResponse>");
  }

  private static void drain(InputStream in) {
    try (in) {
      in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
