package dev.fogbank.infrastructure.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.infrastructure.resources.cloudwatch.Alarm;
import dev.fogbank.infrastructure.resources.cloudwatch.Dashboard;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.template.Fn;
import dev.fogbank.shared.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control plane's own alarms, all notifying the notification topic, and one dashboard with
 * fogbank's metrics (namespace {@link Metrics#NAMESPACE}, written by the functions as embedded
 * metric format) beside those alarms. docs/operations.md lists them and what they do not cover.
 */
final class ControlPlaneAlarms {
  static final String DASHBOARD = "OperationsDashboard";
  static final String DEAD_LETTERS = "StackEventsDeadLetterQueue";

  /** Five minutes: the shortest period standard-resolution Lambda and States metrics fill. */
  private static final int PERIOD = 300;

  /**
   * A step function reports a deployment's own failure (a template refused, a stack that failed)
   * as a function error that the state machine catches; only a run of them is the function's.
   */
  private static final int STEP_ERRORS_THRESHOLD = 5;

  private final Template template;
  private final List<String> alarms = new ArrayList<>();

  private ControlPlaneAlarms(Template template) {
    this.template = template;
  }

  /** Adds the alarms and the dashboard to {@code template}, which already has what they watch. */
  static void add(Template template) {
    ControlPlaneAlarms a = new ControlPlaneAlarms(template);
    a.stateMachine(ControlPlaneStack.DEPLOY_STATE_MACHINE, "deploy");
    a.stateMachine(ControlPlaneStack.DRIFT_STATE_MACHINE, "drift-scan");
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      a.function(f);
    }
    a.deadLetters();
    a.tableThrottling();
    a.dashboard();
  }

  private void stateMachine(String logicalId, String name) {
    Map<String, Object> dimensions =
        Fn.map("Name", "StateMachineArn", "Value", Fn.ref(logicalId));
    alarm(
        Alarm.create(logicalId + "FailuresAlarm")
            .alarmDescription(
                "fogbank: executions of the " + name + " state machine failed or timed out")
            .metrics(
                List.of(
                    query("failed", "AWS/States", "ExecutionsFailed", dimensions, "Sum"),
                    query("timedOut", "AWS/States", "ExecutionsTimedOut", dimensions, "Sum"),
                    expression("failed + timedOut", "failed or timed-out executions")))
            .threshold(1));
  }

  private void function(ControlPlaneFunction f) {
    Map<String, Object> dimensions =
        Fn.map("Name", "FunctionName", "Value", Fn.ref(f.id() + "Function"));
    alarm(
        Alarm.create(f.id() + "ErrorsAlarm")
            .alarmDescription(
                "fogbank: the "
                    + f.nameSuffix()
                    + " function failed or was throttled"
                    + (f.isStep()
                        ? " (" + STEP_ERRORS_THRESHOLD + " or more in 5 minutes: a step reports a"
                            + " deployment's own failure as a function error)"
                        : ""))
            .metrics(
                List.of(
                    query("errors", "AWS/Lambda", "Errors", dimensions, "Sum"),
                    query("throttles", "AWS/Lambda", "Throttles", dimensions, "Sum"),
                    expression(
                        f.isStep() ? "errors + " + STEP_ERRORS_THRESHOLD + " * throttles"
                            : "errors + throttles",
                        "errors and throttles")))
            .threshold(f.isStep() ? STEP_ERRORS_THRESHOLD : 1));
  }

  private void deadLetters() {
    alarm(
        Alarm.create("StackEventsDeadLettersAlarm")
            .alarmDescription(
                "fogbank: stack status events the stack-events function could not handle are"
                    + " waiting in the dead-letter queue")
            .namespace("AWS/SQS")
            .metricName("ApproximateNumberOfMessagesVisible")
            .dimensions(
                List.of(
                    Fn.map(
                        "Name", "QueueName", "Value", Fn.getAtt(DEAD_LETTERS, "QueueName"))))
            .statistic("Maximum")
            .period(PERIOD)
            .threshold(1));
  }

  private void tableThrottling() {
    Map<String, Object> dimensions =
        Fn.map("Name", "TableName", "Value", Fn.ref(ControlPlaneStack.TABLE));
    alarm(
        Alarm.create("ControlTableThrottlingAlarm")
            .alarmDescription("fogbank: DynamoDB throttled reads or writes on the control table")
            .metrics(
                List.of(
                    query("reads", "AWS/DynamoDB", "ReadThrottleEvents", dimensions, "Sum"),
                    query("writes", "AWS/DynamoDB", "WriteThrottleEvents", dimensions, "Sum"),
                    expression("reads + writes", "throttled requests")))
            .threshold(1));
  }

  /** Every alarm: over one 5-minute period, at or above the threshold, missing data is fine. */
  private void alarm(Alarm alarm) {
    Alarm completed =
        alarm
            .comparisonOperator("GreaterThanOrEqualToThreshold")
            .evaluationPeriods(1)
            .treatMissingData("notBreaching")
            .alarmActions(List.of(Fn.ref(ControlPlaneStack.TOPIC)));
    template.resource(completed);
    alarms.add(completed.logicalId());
  }

  private static Map<String, Object> query(
      String id, String namespace, String metric, Map<String, Object> dimension, String stat) {
    return Fn.map(
        "Id",
        id,
        "ReturnData",
        false,
        "MetricStat",
        Fn.map(
            "Metric",
            Fn.map("Namespace", namespace, "MetricName", metric, "Dimensions", List.of(dimension)),
            "Period",
            PERIOD,
            "Stat",
            stat));
  }

  private static Map<String, Object> expression(String expression, String label) {
    return Fn.map("Id", "total", "Expression", expression, "Label", label, "ReturnData", true);
  }

  /**
   * fogbank's own metrics (one graph each, every value of its one dimension by SEARCH) and the
   * alarms above. The body is JSON with ${...} references that Fn::Sub fills in.
   */
  private void dashboard() {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode widgets = body.putArray("widgets");
    int y = 0;
    int x = 0;
    for (Metric metric : Metric.values()) {
      String stat = metric.unit() == Metric.Unit.COUNT ? "Sum" : "p90";
      ObjectNode properties =
          widgets
              .addObject()
              .put("type", "metric")
              .put("x", x)
              .put("y", y)
              .put("width", 12)
              .put("height", 6)
              .putObject("properties");
      properties.put(
          "title",
          metric.metricName()
              + " by "
              + metric.dimension()
              + (metric.unit() == Metric.Unit.COUNT ? " (sum)" : " (p90, ms)"));
      properties.put("region", "${AWS::Region}");
      properties.put("view", "timeSeries");
      properties.put("period", PERIOD);
      properties
          .putArray("metrics")
          .addArray()
          .addObject()
          .put(
              "expression",
              "SEARCH('{"
                  + Metrics.NAMESPACE
                  + ","
                  + metric.dimension()
                  + "} MetricName=\""
                  + metric.metricName()
                  + "\"', '"
                  + stat
                  + "', "
                  + PERIOD
                  + ")")
          .put("id", "m")
          .put("label", "");
      x = x == 0 ? 12 : 0;
      y = x == 0 ? y + 6 : y;
    }
    ObjectNode alarmWidget =
        widgets
            .addObject()
            .put("type", "alarm")
            .put("x", 0)
            .put("y", y + (x == 0 ? 0 : 6))
            .put("width", 24)
            .put("height", 8);
    ObjectNode properties = alarmWidget.putObject("properties");
    properties.put("title", "fogbank alarms");
    ArrayNode arns = properties.putArray("alarms");
    for (String alarm : alarms) {
      arns.add("${" + alarm + ".Arn}");
    }
    template.resource(
        Dashboard.create(DASHBOARD)
            .dashboardName(Fn.sub("${AWS::StackName}-operations"))
            .dashboardBody(Fn.sub(body.toString())));
  }
}
