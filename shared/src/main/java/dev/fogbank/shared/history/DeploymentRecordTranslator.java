package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.stack.FailedResource;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.validation.ValidationReport;
import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.deploy.StackProtection;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.stack.StackEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a {@link DeploymentRecord} to and from its items in the control table, and a page's last key
 * to and from the opaque {@code nextToken} callers see.
 *
 * <p>A deployment is two items written in one transaction: the record under its stack ({@code
 * pk=STACK#...}, {@code sk=DEPLOY#<requestedAt>#<id>}, so a stack's history sorts by time) and an
 * id claim ({@code pk=sk=DEPLOY#<id>}) that makes the id unique and lets {@code get} find the
 * record with consistent reads, which the {@code byId} index (eventually consistent) cannot.
 */
final class DeploymentRecordTranslator {
  static final String DEPLOY_PREFIX = "DEPLOY#";
  static final String DEPLOYMENT_ID = "deploymentId";
  static final String STATUS = "status";
  static final String STARTED_AT = "startedAt";
  static final String ENDED_AT = "endedAt";
  /** When the record first went AWAITING_APPROVAL (the approval-wait metric, the timeline). */
  static final String AWAITING_APPROVAL_AT = "awaitingApprovalAt";
  static final String CHANGE_SUMMARY = "changeSummary";
  static final String ERROR = "error";

  /**
   * What validation found, as one JSON string: its shape is the API's, read back whole, and
   * {@link ValidationReport} bounds its size far below the item's 400 KB.
   */
  static final String VALIDATION = "validation";

  /** The change review (ReviewReport) and a person's decision, each as one JSON string. */
  static final String REVIEW = "review";

  static final String APPROVAL = "approval";

  /** The task token WaitForApproval waits on: read by approve/reject, never shown. */
  static final String APPROVAL_TOKEN = "approvalToken";

  /** What ExecuteChangeSet set on the stack (StackProtection), as one JSON string. */
  static final String STACK_PROTECTION = "stackProtection";

  /** SHA-256 of the API request body sent with an Idempotency-Key; absent otherwise. */
  static final String REQUEST_SHA256 = "requestSha256";

  /** On the id claim: where the record lives. */
  static final String RECORD_PK = "recordPk";

  static final String RECORD_SK = "recordSk";

  static final String ACCOUNT = "account";
  static final String REGION = "region";
  static final String STACK_NAME = "stackName";
  static final String SOURCE = "source";
  static final String REQUESTER = "requester";
  private static final String TEMPLATE_SHA256 = "templateSha256";
  private static final String TEMPLATE_LOCATION = "templateLocation";
  private static final String PARAMETERS = "parameters";
  private static final String TAGS = "tags";
  static final String REQUESTED_AT = "requestedAt";
  private static final String ADDS = "adds";
  private static final String MODIFIES = "modifies";
  private static final String REMOVES = "removes";
  private static final String CODE = "code";
  private static final String MESSAGE = "message";
  private static final String DETAILS = "details";
  private static final String LOGICAL_ID = "logicalId";
  private static final String RESOURCE_TYPE = "resourceType";
  private static final String RESOURCE_STATUS = "status";
  private static final String STATUS_REASON = "statusReason";

  /** Fixed width so that sort keys order as the instants do (Instant.toString drops zeros). */
  private static final DateTimeFormatter SORTABLE_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final byte TOKEN_VERSION = 1;
  private static final int MAX_TOKEN_CHARS = 4096;

  private DeploymentRecordTranslator() {}

  /** The stack index item's sort key of its latest deployment's record. */
  static final String LATEST_SK = "latestSk";

  /**
   * On the stack index's count item: index items created since counting began (each creation
   * adds one in its own transaction), and those that existed before (counted once, then fixed).
   */
  static final String CREATED = "created";

  static final String LEGACY = "legacy";

  /** On a stack index item: it was added to {@link #CREATED} when it was created. */
  static final String COUNTED = "counted";

  static Map<String, AttributeValue> countKey(String account, String region) {
    return Map.of(
        ControlTable.PK, s(ControlTable.STACK_COUNT_PREFIX + account + "#" + region),
        ControlTable.SK, s("COUNT"));
  }

  static Map<String, AttributeValue> indexKey(StackRef stack) {
    return Map.of(
        ControlTable.PK, s(ControlTable.STACKS_PREFIX + stack.account() + "#" + stack.region()),
        ControlTable.SK, s(stack.name()));
  }

  static String sortKey(DeploymentRecord record) {
    return DEPLOY_PREFIX
        + SORTABLE_MILLIS.format(record.requestedAt())
        + "#"
        + record.deploymentId();
  }

  /** An instant as sort keys write it (so key ranges can be built from times). */
  static String millis(java.time.Instant at) {
    return SORTABLE_MILLIS.format(at);
  }

  static String idKey(String deploymentId) {
    return DEPLOY_PREFIX + deploymentId;
  }

  static Map<String, AttributeValue> recordKey(String pk, String sk) {
    return Map.of(ControlTable.PK, s(pk), ControlTable.SK, s(sk));
  }

  static Map<String, AttributeValue> claimKey(String deploymentId) {
    return recordKey(idKey(deploymentId), idKey(deploymentId));
  }

  static Map<String, AttributeValue> claimItem(DeploymentRecord record) {
    Map<String, AttributeValue> item = new HashMap<>(claimKey(record.deploymentId()));
    item.put(DEPLOYMENT_ID, s(record.deploymentId()));
    item.put(RECORD_PK, s(record.stack().partitionKey()));
    item.put(RECORD_SK, s(sortKey(record)));
    return item;
  }

  /** The record's key as stored on its id claim. */
  static Map<String, AttributeValue> recordKeyFromClaim(
      String deploymentId, Map<String, AttributeValue> claim) {
    return recordKey(
        string(deploymentId, claim, RECORD_PK, true), string(deploymentId, claim, RECORD_SK, true));
  }

  static Map<String, AttributeValue> toItem(DeploymentRecord r) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(r.stack().partitionKey()));
    item.put(ControlTable.SK, s(sortKey(r)));
    item.put(ControlTable.GSI1_PK, s(idKey(r.deploymentId())));
    item.put(DEPLOYMENT_ID, s(r.deploymentId()));
    item.put(ACCOUNT, s(r.stack().account()));
    item.put(REGION, s(r.stack().region()));
    item.put(STACK_NAME, s(r.stack().name()));
    item.put(SOURCE, s(r.source().wireName()));
    item.put(STATUS, s(r.status().name()));
    item.put(REQUESTED_AT, s(r.requestedAt().toString()));
    item.put(PARAMETERS, stringMap(r.parameters()));
    item.put(TAGS, stringMap(r.tags()));
    putIfPresent(item, REQUESTER, r.requester());
    putIfPresent(item, TEMPLATE_SHA256, r.templateSha256());
    putIfPresent(item, TEMPLATE_LOCATION, r.templateLocation());
    if (r.startedAt() != null) {
      item.put(STARTED_AT, s(r.startedAt().toString()));
    }
    if (r.endedAt() != null) {
      item.put(ENDED_AT, s(r.endedAt().toString()));
    }
    if (r.awaitingApprovalAt() != null) {
      item.put(AWAITING_APPROVAL_AT, s(r.awaitingApprovalAt().toString()));
    }
    if (r.changeSummary() != null) {
      item.put(CHANGE_SUMMARY, changeSummary(r.changeSummary()));
    }
    if (r.error() != null) {
      item.put(ERROR, error(r.error()));
    }
    if (r.validation() != null) {
      item.put(VALIDATION, validation(r.validation()));
    }
    if (r.review() != null) {
      item.put(REVIEW, json(r.review(), "change review"));
    }
    if (r.approval() != null) {
      item.put(APPROVAL, json(r.approval(), "approval"));
    }
    if (r.approvalToken() != null) {
      item.put(APPROVAL_TOKEN, s(r.approvalToken()));
    }
    putIfPresent(item, REQUEST_SHA256, r.requestSha256());
    if (r.stackProtection() != null) {
      item.put(STACK_PROTECTION, json(r.stackProtection(), "stack protection"));
    }
    return item;
  }

  /** The record in a stored item; an item that does not parse is a bug, reported as INTERNAL. */
  static DeploymentRecord fromItem(Map<String, AttributeValue> item) {
    String id = item.containsKey(DEPLOYMENT_ID) ? item.get(DEPLOYMENT_ID).s() : null;
    if (id == null) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "a history item has no deploymentId; the control table is corrupt");
    }
    try {
      return new DeploymentRecord(
          id,
          StackRef.of(
              string(id, item, ACCOUNT, true),
              string(id, item, REGION, true),
              string(id, item, STACK_NAME, true)),
          DeploymentSource.fromWire(string(id, item, SOURCE, true)),
          string(id, item, REQUESTER, false),
          string(id, item, TEMPLATE_SHA256, false),
          string(id, item, TEMPLATE_LOCATION, false),
          stringMap(id, item, PARAMETERS),
          stringMap(id, item, TAGS),
          DeploymentStatus.valueOf(string(id, item, STATUS, true)),
          instant(id, item, REQUESTED_AT, true),
          instant(id, item, STARTED_AT, false),
          instant(id, item, ENDED_AT, false),
          instant(id, item, AWAITING_APPROVAL_AT, false),
          changeSummary(id, item.get(CHANGE_SUMMARY)),
          error(id, item.get(ERROR)),
          validation(id, item.get(VALIDATION)),
          fromJson(id, item.get(REVIEW), REVIEW, ReviewReport.class),
          fromJson(id, item.get(APPROVAL), APPROVAL, ApprovalDecision.class),
          string(id, item, APPROVAL_TOKEN, false),
          string(id, item, REQUEST_SHA256, false),
          fromJson(id, item.get(STACK_PROTECTION), STACK_PROTECTION, StackProtection.class));
    } catch (IllegalArgumentException e) {
      // Unknown enum names (source/status written by a newer version) land here.
      throw unreadable(id, "source/status", e);
    }
  }

  static AttributeValue changeSummary(ChangeSummary summary) {
    return AttributeValue.fromM(
        Map.of(
            ADDS, n(summary.adds()),
            MODIFIES, n(summary.modifies()),
            REMOVES, n(summary.removes())));
  }

  static AttributeValue error(DeploymentError error) {
    Map<String, AttributeValue> map = new HashMap<>();
    putIfPresent(map, CODE, error.code());
    putIfPresent(map, MESSAGE, error.message());
    FailedResource details = error.details();
    if (details != null) {
      Map<String, AttributeValue> resource = new HashMap<>();
      putIfPresent(resource, LOGICAL_ID, details.logicalId());
      putIfPresent(resource, RESOURCE_TYPE, details.resourceType());
      putIfPresent(resource, RESOURCE_STATUS, details.status());
      putIfPresent(resource, STATUS_REASON, details.statusReason());
      map.put(DETAILS, AttributeValue.fromM(resource));
    }
    return AttributeValue.fromM(map);
  }

  static AttributeValue validation(ValidationReport report) {
    try {
      return s(Json.mapper().writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cannot serialise validation findings", e);
    }
  }

  private static ValidationReport validation(String id, AttributeValue value) {
    if (value == null || value.s() == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(value.s(), ValidationReport.class);
    } catch (JsonProcessingException e) {
      throw unreadable(id, VALIDATION, e);
    }
  }

  static AttributeValue json(Object value, String what) {
    try {
      return s(Json.mapper().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cannot serialise the " + what, e);
    }
  }

  private static <T> T fromJson(String id, AttributeValue value, String name, Class<T> type) {
    if (value == null || value.s() == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(value.s(), type);
    } catch (JsonProcessingException e) {
      throw unreadable(id, name, e);
    }
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  /**
   * The opaque token for a page that ended at {@code lastKey}. It carries the partition key too, so
   * a token from another stack's listing is recognised and refused rather than silently starting
   * somewhere arbitrary.
   */
  static String encodeToken(Map<String, AttributeValue> lastKey) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(TOKEN_VERSION);
      out.writeUTF(lastKey.get(ControlTable.PK).s());
      out.writeUTF(lastKey.get(ControlTable.SK).s());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen writing to memory
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /** The start key encoded in {@code token}, checked to belong to {@code stack}'s history. */
  static Map<String, AttributeValue> decodeToken(String token, StackRef stack) {
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new InvalidRequestException("invalid nextToken");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(token)))) {
      byte version = in.readByte();
      String pk = in.readUTF();
      String sk = in.readUTF();
      if (version != TOKEN_VERSION
          || in.available() != 0
          || !pk.equals(stack.partitionKey())
          || !sk.startsWith(DEPLOY_PREFIX)) {
        throw new InvalidRequestException("invalid nextToken");
      }
      return recordKey(pk, sk);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidRequestException("invalid nextToken", e);
    }
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue stringMap(Map<String, String> map) {
    Map<String, AttributeValue> values = new HashMap<>();
    map.forEach((k, v) -> values.put(k, s(v)));
    return AttributeValue.fromM(values);
  }

  private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  private static String string(
      String id, Map<String, AttributeValue> item, String name, boolean required) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      if (required) {
        throw unreadable(id, name, null);
      }
      return null;
    }
    return value.s();
  }

  private static Instant instant(
      String id, Map<String, AttributeValue> item, String name, boolean required) {
    String text = string(id, item, name, required);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw unreadable(id, name, e);
    }
  }

  private static Map<String, String> stringMap(
      String id, Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || !value.hasM()) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    value
        .m()
        .forEach(
            (k, v) -> {
              if (v.s() == null) {
                throw unreadable(id, name + "." + k, null);
              }
              map.put(k, v.s());
            });
    return map;
  }

  private static ChangeSummary changeSummary(String id, AttributeValue value) {
    if (value == null || !value.hasM()) {
      return null;
    }
    Map<String, AttributeValue> m = value.m();
    return new ChangeSummary(
        integer(id, m, ADDS), integer(id, m, MODIFIES), integer(id, m, REMOVES));
  }

  private static int integer(String id, Map<String, AttributeValue> map, String name) {
    AttributeValue value = map.get(name);
    if (value == null || value.n() == null) {
      throw unreadable(id, CHANGE_SUMMARY + "." + name, null);
    }
    try {
      return Integer.parseInt(value.n());
    } catch (NumberFormatException e) {
      throw unreadable(id, CHANGE_SUMMARY + "." + name, e);
    }
  }

  private static DeploymentError error(String id, AttributeValue value) {
    if (value == null || !value.hasM()) {
      return null;
    }
    AttributeValue details = value.m().get(DETAILS);
    FailedResource resource =
        details == null || !details.hasM()
            ? null
            : new FailedResource(
                string(id, details.m(), LOGICAL_ID, false),
                string(id, details.m(), RESOURCE_TYPE, false),
                string(id, details.m(), RESOURCE_STATUS, false),
                string(id, details.m(), STATUS_REASON, false));
    return new DeploymentError(
        string(id, value.m(), CODE, false), string(id, value.m(), MESSAGE, false), resource);
  }

  /*
   * A deployment's stack events live under its id claim's partition ({@code pk=DEPLOY#<id>}):
   * one item per event ({@code sk=EVENT#<timestamp>#<eventId>}, so they sort by time) and one log
   * item ({@code sk=EVENTLOG}: how many are kept, the newest one's key, truncated, complete).
   */
  static final String EVENT_PREFIX = "EVENT#";
  private static final String EVENT_LOG_SK = "EVENTLOG";
  static final String EVENT_COUNT = "eventCount";
  static final String EVENT_LAST_SK = "lastEventSk";
  static final String EVENTS_TRUNCATED = "eventsTruncated";
  static final String EVENTS_COMPLETE = "eventsComplete";
  private static final String EVENT_AT = "timestamp";
  private static final String EVENT_PHYSICAL_ID = "physicalResourceId";
  private static final String EVENT_ID = "eventId";

  static Map<String, AttributeValue> eventLogKey(String deploymentId) {
    return recordKey(idKey(deploymentId), EVENT_LOG_SK);
  }

  /** Where an event sorts among the deployment's: time, then CloudFormation's event id. */
  static String eventSortKey(StackEvent e) {
    String id =
        e.eventId() != null
            ? e.eventId()
            : e.logicalId() + "-" + e.status(); // events without an id (emulators): one a status
    return EVENT_PREFIX
        + SORTABLE_NANOS.format(e.timestamp() == null ? Instant.EPOCH : e.timestamp())
        + "#"
        + id;
  }

  /** Emulators stamp events to the microsecond: two events of one millisecond keep their order. */
  private static final DateTimeFormatter SORTABLE_NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  static Map<String, AttributeValue> eventItem(String deploymentId, StackEvent e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(idKey(deploymentId)));
    item.put(ControlTable.SK, s(eventSortKey(e)));
    putIfPresent(item, EVENT_AT, e.timestamp() == null ? null : e.timestamp().toString());
    putIfPresent(item, LOGICAL_ID, e.logicalId());
    putIfPresent(item, RESOURCE_TYPE, e.resourceType());
    putIfPresent(item, RESOURCE_STATUS, e.status());
    putIfPresent(item, STATUS_REASON, e.statusReason());
    putIfPresent(item, EVENT_PHYSICAL_ID, e.physicalResourceId());
    putIfPresent(item, EVENT_ID, e.eventId());
    return item;
  }

  static StackEvent fromEventItem(String deploymentId, Map<String, AttributeValue> item) {
    return new StackEvent(
        instant(deploymentId, item, EVENT_AT, false),
        string(deploymentId, item, LOGICAL_ID, false),
        string(deploymentId, item, RESOURCE_TYPE, false),
        string(deploymentId, item, RESOURCE_STATUS, false),
        string(deploymentId, item, STATUS_REASON, false),
        string(deploymentId, item, EVENT_PHYSICAL_ID, false),
        string(deploymentId, item, EVENT_ID, false));
  }

  /** The log item's count (0 without a log item). */
  static int eventCount(Map<String, AttributeValue> log) {
    AttributeValue n = log == null ? null : log.get(EVENT_COUNT);
    return n == null || n.n() == null ? 0 : Integer.parseInt(n.n());
  }

  static String lastEventSk(Map<String, AttributeValue> log) {
    AttributeValue v = log == null ? null : log.get(EVENT_LAST_SK);
    return v == null ? null : v.s();
  }

  static boolean flag(Map<String, AttributeValue> log, String name) {
    AttributeValue v = log == null ? null : log.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  private static DeploymentException unreadable(String id, String attribute, Exception cause) {
    return new DeploymentException(
        ErrorCode.INTERNAL,
        "history record of deployment "
            + id
            + " is unreadable: attribute '"
            + attribute
            + "' is missing or malformed",
        cause);
  }
}
