package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StackStatusEventReaderTest {

  @Test
  void read_whenAwsDocumentedExample_thenEveryFieldAndNameFromArnWithoutUuid() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.DOCUMENTED);

    assertEquals(
        new StackStatusEvent(
            "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            Instant.parse("2017-12-22T18:43:48Z"),
            "111122223333",
            "us-west-1",
            "arn:aws:cloudformation:us-west-1:111122223333:stack/teststack",
            "aws",
            "teststack",
            "CREATE_COMPLETE",
            ""),
        event);
  }

  @Test
  void read_whenRealStackArn_thenNameWithoutUuidAndReasonKept() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);

    assertEquals("orders", event.stackName());
    assertEquals("UPDATE_ROLLBACK_FAILED", event.status());
    assertEquals(
        "The following resource(s) failed to update: [OrdersTable].", event.statusReason());
    assertEquals("c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93", event.eventId());
  }

  @Test
  void read_whenBytes_thenSameAsTree() {
    byte[] bytes =
        StackEventFixtures.load(StackEventFixtures.ROLLBACK_FAILED)
            .toString()
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(
        StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED),
        StackStatusEventReader.read(new ByteArrayInputStream(bytes)));
  }

  @Test
  void read_whenReasonAbsentOrNull_thenEmptyReason() {
    StackStatusEvent absent =
        StackStatusEventReader.read(
            edit(e -> ((ObjectNode) e.at("/detail/status-details")).remove("status-reason")));
    StackStatusEvent nullReason =
        StackStatusEventReader.read(
            edit(e -> ((ObjectNode) e.at("/detail/status-details")).putNull("status-reason")));

    assertEquals("", absent.statusReason());
    assertEquals("", nullReason.statusReason());
  }

  @Test
  void consoleUrl_whenCommercialPartition_thenRegionalConsoleWithEncodedStackId() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);

    assertEquals(
        Optional.of(
            "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1"
                + "#/stacks/stackinfo?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A"
                + "123456789012%3Astack%2Forders%2F5b0f7e40-c7a1-11f0-8de9-0a1b2c3d4e5f"),
        event.consoleUrl());
  }

  @Test
  void consoleUrl_whenChinaGovCloudOrUnknownPartition_thenTheirConsoleOrNone() {
    assertTrue(
        inPartition("aws-cn", "cn-north-1")
            .consoleUrl()
            .orElseThrow()
            .startsWith("https://console.amazonaws.cn/cloudformation/home?region=cn-north-1#"));
    assertTrue(
        inPartition("aws-us-gov", "us-gov-west-1")
            .consoleUrl()
            .orElseThrow()
            .startsWith(
                "https://console.amazonaws-us-gov.com/cloudformation/home?region=us-gov-west-1#"));
    assertEquals(Optional.empty(), inPartition("aws-iso", "us-iso-east-1").consoleUrl());
  }

  @Test
  void read_whenNotJson_thenRejectedSayingSo() {
    InvalidStackEventException e =
        assertThrows(
            InvalidStackEventException.class,
            () ->
                StackStatusEventReader.read(
                    new ByteArrayInputStream("stack went wrong".getBytes(StandardCharsets.UTF_8))));

    assertEquals(
        "not a usable CloudFormation Stack Status Change event: the input is not JSON",
        e.getMessage());
    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
  }

  @Test
  void read_whenEmptyOrNotAnObject_thenRejected() {
    assertRejected(
        "the input is empty",
        () -> StackStatusEventReader.read(new ByteArrayInputStream(new byte[0])));
    assertRejected(
        "the input is JSON but not an object",
        () ->
            StackStatusEventReader.read(
                new ByteArrayInputStream("[1,2]".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void read_whenOtherDetailType_thenRejectedNamingItAndTheExpectedOne() {
    ObjectNode event = edit(e -> e.put("detail-type", "CloudFormation Resource Status Change"));

    assertRejected(
        "detail-type is 'CloudFormation Resource Status Change', expected"
            + " 'CloudFormation Stack Status Change'",
        () -> StackStatusEventReader.read(event));
  }

  @Test
  void read_whenDetailTypeMissing_thenRejected() {
    ObjectNode event = edit(e -> e.remove("detail-type"));

    assertRejected(
        "detail-type is missing, expected 'CloudFormation Stack Status Change'",
        () -> StackStatusEventReader.read(event));
  }

  @Test
  void read_whenSourceIsNotCloudFormation_thenRejected() {
    ObjectNode event = edit(e -> e.put("source", "my.app"));

    assertRejected(
        "source is 'my.app', expected 'aws.cloudformation'",
        () -> StackStatusEventReader.read(event));
  }

  @Test
  void read_whenRequiredFieldMissing_thenRejectedNamingTheField() {
    assertRejected(
        "field 'id' is missing or empty",
        () -> StackStatusEventReader.read(edit(e -> e.remove("id"))));
    assertRejected(
        "field 'detail.stack-id' is missing or empty",
        () ->
            StackStatusEventReader.read(
                edit(e -> ((ObjectNode) e.get("detail")).remove("stack-id"))));
    assertRejected(
        "field 'detail.status-details.status' is missing or empty",
        () ->
            StackStatusEventReader.read(
                edit(e -> ((ObjectNode) e.get("detail")).remove("status-details"))));
    assertRejected(
        "field 'time' is missing or empty",
        () -> StackStatusEventReader.read(edit(e -> e.put("time", ""))));
  }

  @Test
  void read_whenFieldsMalformed_thenRejectedQuotingThem() {
    assertRejected(
        "detail.stack-id 'orders' is not a CloudFormation stack ARN",
        () ->
            StackStatusEventReader.read(
                edit(e -> ((ObjectNode) e.get("detail")).put("stack-id", "orders"))));
    assertRejected(
        "time 'yesterday' is not an ISO-8601 UTC timestamp",
        () -> StackStatusEventReader.read(edit(e -> e.put("time", "yesterday"))));
    assertRejected(
        "account '12345' is not a 12-digit account id",
        () -> StackStatusEventReader.read(edit(e -> e.put("account", "12345"))));
    assertRejected(
        "region 'eu-west-1/../x' is not an AWS region",
        () -> StackStatusEventReader.read(edit(e -> e.put("region", "eu-west-1/../x"))));
    assertRejected(
        "detail.status-details.status 'rolled back' is not a CloudFormation stack status",
        () ->
            StackStatusEventReader.read(
                edit(
                    e ->
                        ((ObjectNode) e.at("/detail/status-details"))
                            .put("status", "rolled back"))));
  }

  @Test
  void read_whenValueIsHuge_thenQuotedShort() {
    String huge = "x".repeat(10_000);

    InvalidStackEventException e =
        assertThrows(
            InvalidStackEventException.class,
            () -> StackStatusEventReader.read(edit(ev -> ev.put("detail-type", huge))));

    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(e.getMessage().contains("'" + "x".repeat(120) + "…'"), e.getMessage());
  }

  @Test
  void read_whenEventIdTooLongOrWithControlCharacters_thenRejected() {
    assertRejected(
        "id '" + "a".repeat(120) + "…' is not an EventBridge event id",
        () -> StackStatusEventReader.read(edit(e -> e.put("id", "a".repeat(257)))));
    assertRejected(
        "id 'a b' is not an EventBridge event id",
        () -> StackStatusEventReader.read(edit(e -> e.put("id", "a b"))));
  }

  private static StackStatusEvent inPartition(String partition, String region) {
    return StackStatusEventReader.read(
        edit(
            e -> {
              e.put("region", region);
              ((ObjectNode) e.get("detail"))
                  .put(
                      "stack-id",
                      "arn:"
                          + partition
                          + ":cloudformation:"
                          + region
                          + ":123456789012:stack/web/1");
            }));
  }

  private static ObjectNode edit(Consumer<ObjectNode> change) {
    ObjectNode event = StackEventFixtures.load(StackEventFixtures.ROLLBACK_FAILED);
    change.accept(event);
    return event;
  }

  private static void assertRejected(String why, org.junit.jupiter.api.function.Executable read) {
    InvalidStackEventException e = assertThrows(InvalidStackEventException.class, read);
    assertEquals("not a usable CloudFormation Stack Status Change event: " + why, e.getMessage());
  }
}
