package dev.fogbank.infrastructure.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.template.TemplateWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ControlPlaneAlarmsTest {
  private final JsonNode resources = resources();

  private static JsonNode resources() {
    try {
      return Json.mapper()
          .readTree(TemplateWriter.json(ControlPlaneStack.template()))
          .path("Resources");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources.fields().forEachRemaining(
        e -> {
          if (type.equals(e.getValue().path("Type").asText())) {
            ids.add(e.getKey());
          }
        });
    return ids;
  }

  @Test
  void alarms_whenSynthesized_thenEachStateMachineFunctionQueueAndTableIsWatched() {
    List<String> alarms = ofType("AWS::CloudWatch::Alarm");

    List<String> expected = new ArrayList<>();
    expected.add("DeployStateMachineFailuresAlarm");
    expected.add("DriftScanStateMachineFailuresAlarm");
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      expected.add(f.id() + "ErrorsAlarm");
    }
    expected.add("StackEventsDeadLettersAlarm");
    expected.add("ControlTableThrottlingAlarm");
    assertEquals(new TreeSet<>(expected), new TreeSet<>(alarms));
  }

  @Test
  void alarms_whenSynthesized_thenEveryOneNotifiesTheTopicAndWatchesAResourceOfThisStack() {
    for (String id : ofType("AWS::CloudWatch::Alarm")) {
      JsonNode props = resources.path(id).path("Properties");
      assertEquals(
          "[{\"Ref\":\"NotificationTopic\"}]", props.path("AlarmActions").toString(), id);
      String watched = props.toString();
      assertTrue(
          watched.contains("{\"Ref\":\"") || watched.contains("Fn::GetAtt"),
          id + " names no resource of this stack: " + watched);
      assertTrue(resources.has(referenced(watched)), id + " refers to a missing resource");
    }
    JsonNode deploy = resources.path("DeployStateMachineFailuresAlarm").path("Properties");
    assertEquals(
        "failed + timedOut", deploy.path("Metrics").get(2).path("Expression").asText());
    assertEquals(
        "DeployStateMachine",
        deploy.at("/Metrics/0/MetricStat/Metric/Dimensions/0/Value/Ref").asText());
  }

  @Test
  void dashboard_whenSynthesized_thenEveryFogbankMetricAndEveryAlarmIsOnIt() throws Exception {
    JsonNode dashboard = resources.path(ControlPlaneAlarms.DASHBOARD).path("Properties");
    String sub = dashboard.path("DashboardBody").path("Fn::Sub").asText();
    // What CloudFormation would substitute, to read the body as the JSON CloudWatch gets.
    JsonNode body =
        Json.mapper().readTree(sub.replaceAll("\\$\\{[A-Za-z0-9:.]+}", "x"));

    String text = body.toString();
    for (Metric metric : Metric.values()) {
      assertTrue(
          text.contains("MetricName=\\\"" + metric.metricName() + "\\\""), metric.name());
    }
    int alarmsOnBoard = 0;
    for (JsonNode widget : body.path("widgets")) {
      if (widget.path("type").asText().equals("alarm")) {
        alarmsOnBoard = widget.path("properties").path("alarms").size();
      }
    }
    assertEquals(ofType("AWS::CloudWatch::Alarm").size(), alarmsOnBoard);
    for (String id : ofType("AWS::CloudWatch::Alarm")) {
      assertTrue(sub.contains("${" + id + ".Arn}"), id);
    }
  }

  private static String referenced(String json) {
    java.util.regex.Matcher ref =
        java.util.regex.Pattern.compile("\\{\"Ref\":\"([A-Za-z0-9]+)\"}").matcher(json);
    while (ref.find()) {
      if (!ref.group(1).equals("NotificationTopic")) {
        return ref.group(1);
      }
    }
    java.util.regex.Matcher att =
        java.util.regex.Pattern.compile("\"Fn::GetAtt\":\\[\"([A-Za-z0-9]+)\"").matcher(json);
    return att.find() ? att.group(1) : "NotificationTopic";
  }

}
