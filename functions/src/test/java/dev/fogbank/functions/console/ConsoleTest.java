package dev.fogbank.functions.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftStatus;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.table.ControlTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The console over the real history, lock store and stack overview on DynamoDB Local: each page,
 * the escaping of caller text, the session and CSRF checks, 403 and 404 pages.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ConsoleTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final String TOKEN = "local-token-0123456789";
  private static final String READER_TOKEN = "reader-token-0123456789";
  private static final String WEB_TOKEN = "web-token-0123456789";
  private static final String XSS = "<script>alert('x')</script>";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
  private final List<String> resumed = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private final Map<String, byte[]> templateBodies = new HashMap<>();
  /** The artifacts bucket, in memory: content-addressed by sha256 as S3TemplateStore is. */
  private final TemplateStore templates =
      new TemplateStore() {
        @Override
        public StoredTemplate put(byte[] body) {
          String sha256 = Sha256.hex(body);
          templateBodies.put(sha256, body.clone());
          return new StoredTemplate(sha256, "memory:" + sha256, null);
        }

        @Override
        public byte[] get(String location) {
          byte[] body = templateBodies.get(location.substring("memory:".length()));
          if (body == null) {
            throw new NotFoundException("template " + location + " does not exist");
          }
          return body.clone();
        }
      };
  /**
   * Answers {@code GET /deployments/{id}/events} instead of the route table when set: that route
   * is another branch's (events), not on this one yet; its answer is shaped as openapi.yaml's
   * DeploymentEvents there.
   */
  private ApiCalls eventsRoute;

  /** The stacks' budgets (AWS Budgets in AWS): monthly USD by stack name. */
  private final Map<String, java.math.BigDecimal> budgets = new HashMap<>();

  private final dev.fogbank.shared.cost.BudgetStore budgetStore =
      new dev.fogbank.shared.cost.BudgetStore() {
        @Override
        public void keep(StackRef stack, java.math.BigDecimal monthlyUsd) {
          budgets.put(stack.name(), monthlyUsd);
        }

        @Override
        public void remove(StackRef stack) {
          budgets.remove(stack.name());
        }

        @Override
        public java.util.Optional<java.math.BigDecimal> budget(StackRef stack) {
          if (stack.name().equals("unreadable")) {
            throw new dev.fogbank.shared.error.DeploymentException(
                dev.fogbank.shared.error.ErrorCode.AWS_UNAVAILABLE, "Budgets did not answer");
          }
          return java.util.Optional.ofNullable(budgets.get(stack.name()));
        }
      };

  private final List<String> driftScansStarted = new ArrayList<>();
  private final List<String> costScansStarted = new ArrayList<>();
  /** The channel "ops"'s webhook answers this status (a local HTTP server). */
  private final java.util.concurrent.atomic.AtomicInteger webhookStatus =
      new java.util.concurrent.atomic.AtomicInteger(200);
  private com.sun.net.httpserver.HttpServer webhook;
  private dev.fogbank.shared.notify.NotificationDispatcher dispatcher;
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private Console console;
  private DynamoDbClient dynamoDb;
  private String table;

  /** What a test started and must stop (the cost-scan function's stand-in). */
  private final List<AutoCloseable> closing = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void stopWebhook() throws Exception {
    if (webhook != null) {
      webhook.stop(0);
    }
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  /**
   * The budget lookups over {@code transport}: AWS Budgets asked directly (local mode), or through
   * a synchronous Invoke of the cost-scan function's handler (the console function in AWS).
   */
  private void budgetsOver(dev.fogbank.functions.testing.CostLookupsTransport transport) {
    var lookups = transport.over(directBudgets(), ACCOUNT, REGION, closing);
    console.withBudgets(() -> lookups);
  }

  private dev.fogbank.shared.cost.CostLookups directBudgets() {
    return dev.fogbank.shared.cost.CostLookups.direct(
        () -> {
          throw new IllegalStateException("the stack page asks no costs by service");
        },
        () -> budgetStore);
  }

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    this.dynamoDb = dynamoDb;
    this.table = table;
    webhook =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(webhookStatus.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    webhook.start();
    java.net.URI hook =
        java.net.URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/ops");
    dispatcher =
        new dev.fogbank.shared.notify.NotificationDispatcher(
            new dev.fogbank.shared.notify.DynamoDbNotificationChannels(dynamoDb, table, clock),
            List.of(new dev.fogbank.shared.notify.NotificationChannel(
                "ops", "hooks/ops", null, null, null)),
            new dev.fogbank.shared.notify.CachedWebhookUrls(
                id -> java.util.Optional.of(hook), clock),
            new dev.fogbank.shared.notify.WebhookPoster(
                dev.fogbank.shared.notify.WebhookPoster.defaultClient(), d -> {}, () -> 0.5,
                System::nanoTime, Duration.ZERO),
            new dev.fogbank.shared.notify.SlackMessageRenderer(),
            new dev.fogbank.shared.notify.DynamoDbFailedNotifications(dynamoDb, table),
            clock,
            dev.fogbank.shared.log.StructuredLog.stderr());
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = new DynamoDbLockStore(dynamoDb, table, clock);
    console = console();
  }

  private Console console() {
    DeploymentResumer resumer =
        new DeploymentResumer() {
          @Override
          public boolean resume(String taskToken, String outputJson) {
            resumed.add("resume " + taskToken);
            return true;
          }

          @Override
          public boolean fail(String taskToken, String error, String cause) {
            resumed.add("fail " + taskToken + " " + error);
            return true;
          }
        };
    DynamoDbStackSummaries stacks =
        new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock);
    DeploymentApprovals approvals = new DeploymentApprovals(history, resumer, clock);
    Authorizer authorizer =
        Authorizer.of(
            () -> new DynamoDbPolicyStore(dynamoDb, table, clock),
            Map.of(
                "local", List.of(Grant.admin()),
                "reader", List.of(new Grant(List.of("*"), java.util.Set.of(Action.READ))),
                "web-only", List.of(new Grant(List.of("web-*"), java.util.Set.of(Action.READ)))));
    // The deploy form goes through the API's own POST /deployments route, over the real intake.
    ApiRoutes routes =
        new ApiRoutes(
                new DeploymentIntake(
                    history, templates,
                    (name, input) -> {
                      started.add(name);
                      return new ExecutionStarter.StartedExecution("local:" + name, false);
                    },
                    clock, ACCOUNT, REGION, null, DeploymentOptions.defaults()),
                history, locks, ACCOUNT, REGION)
            .withAuthorization(authorizer)
            // The scans and notifications pages call these routes (ApiCalls).
            .withDrift(
                () ->
                    new dev.fogbank.shared.drift.DriftReports(
                        ACCOUNT, REGION, dev.fogbank.shared.drift.ManagedStacks.of(stacks),
                        new DynamoDbDriftRecords(dynamoDb, table),
                        new dev.fogbank.shared.drift.DynamoDbDriftScans(dynamoDb, table, clock),
                        () ->
                            (name, input) -> {
                              driftScansStarted.add(name);
                              return new ExecutionStarter.StartedExecution("local:" + name, false);
                            },
                        clock, 1000))
            .withCosts(
                () -> new CostReports(new DynamoDbCostLedger(dynamoDb, table, clock), ACCOUNT,
                    REGION, clock),
                null)
            .withCostScanStarter(() -> (scanId, days) -> costScansStarted.add(scanId))
            .withNotifications(() -> dispatcher);
    return new Console(
        new Console.Services(
            () -> history, () -> locks, () -> stacks, () -> approvals,
            () -> {
              throw new AssertionError("no rollback expected");
            },
            () -> templates,
            ACCOUNT, REGION),
        new ConsoleSessions(new byte[32], clock, Duration.ofHours(1)),
        token ->
            TOKEN.equals(token)
                ? java.util.Optional.of("local")
                : READER_TOKEN.equals(token) ? java.util.Optional.of("reader")
                : WEB_TOKEN.equals(token) ? java.util.Optional.of("web-only")
                : java.util.Optional.empty(),
        authorizer,
        clock)
        .withDeployments(routes::submitDeployment)
        .withBudgets(this::directBudgets)
        .withApi(
            (method, path, query, body, principal) ->
                eventsRoute != null && path.endsWith("/events")
                    ? eventsRoute.call(method, path, query, body, principal)
                    : routes.handle(method, path, query, body, principal))
        .withInsights(
            () -> new DynamoDbDriftRecords(dynamoDb, table),
            () -> new CostReports(new DynamoDbCostLedger(dynamoDb, table, clock), ACCOUNT, REGION,
                clock));
  }

  // --- scans and notifications ---

  @Test
  void scans_whenAdminStartsDriftScan_thenStartedThroughTheRouteAndProgressShown() {
    append("d-1", "orders", T0);
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(new DriftReport(stack("orders"), T0, DriftStatus.DRIFTED, 2, List.of(), "det-1",
            null, false));
    String session = session();
    Document page = html(get("/console/scans", session));
    assertEquals("1", page.selectFirst("#drift-counts li[data-status=DRIFTED]").ownText());
    assertTrue(page.selectFirst("#drift-counts-scope").text().startsWith("Newest drift record of"
        + " each stack"), "one stack: the counts cover every stack");
    assertNotNull(page.selectFirst("form#start-drift-scan"));
    assertEquals("No cost scan has run yet.", page.selectFirst("#cost-note").text());
    assertEquals("No drift scan has run yet.", page.selectFirst("#drift-scans-note").text());

    ConsoleResponse r = post("/console/scans/drift", session, "csrf=" + csrf(session));
    assertEquals(303, r.status());
    assertEquals(1, driftScansStarted.size(), "POST /drift-scans started the state machine");
    String id = driftScansStarted.get(0);
    assertEquals("/console/scans?driftScan=" + id, r.headers().get("Location"));
    Document progress = html(get("/console/scans", session, Map.of("driftScan", id)));
    assertEquals(id, progress.selectFirst("#drift-scan").attr("data-scan"));
    assertEquals("STARTING", progress.selectFirst("#drift-scan-status").text());
    Element listed = progress.selectFirst("#drift-scan-table tr[data-scan=" + id + "]");
    assertEquals("STARTING", listed.attr("data-status"), "listed from GET /drift-scans");
    assertEquals("/console/scans?driftScan=" + id, listed.selectFirst("a").attr("href"));
    assertEquals("0 of 0", listed.selectFirst("td.progress").text());
    assertEquals("/console/scans?fragment=live&driftScan=" + id,
        progress.selectFirst("#scans-region").attr("hx-get"), "polls while the scan runs");
    Document fragment =
        html(get("/console/scans", session, Map.of("fragment", "live", "driftScan", id)));
    assertNull(fragment.selectFirst("form#start-drift-scan"), "the fragment is the region only");
    assertNotNull(fragment.selectFirst("#scans-region #drift-scan"));
    assertEquals(404, get("/console/scans", session, Map.of("driftScan", "../policy")).status());
  }

  @Test
  void scans_whenMoreStacksThanOnePage_thenCountsSayTheyCoverTheFirst100() {
    for (int i = 0; i < 101; i++) {
      append("d-" + i, String.format("s-%03d", i), T0);
    }
    Document page = html(get("/console/scans", session()));
    int counted =
        page.select("#drift-counts li").stream()
            .mapToInt(li -> Integer.parseInt(li.ownText().strip()))
            .sum();
    assertEquals(100, counted, page.select("#drift-counts").outerHtml());
    assertTrue(page.selectFirst("#drift-counts-scope").text().contains("first 100 stacks"),
        page.selectFirst("#drift-counts-scope").text());
  }

  @Test
  void scans_whenCostScanStarted_thenListedRunningFromGetCostScans() {
    String session = session();
    ConsoleResponse r = post("/console/scans/cost", session, "csrf=" + csrf(session));
    assertEquals(303, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(1, costScansStarted.size());
    Document page = html(get("/console/scans", session));
    Element row = page.selectFirst("#cost-scan-table tr[data-scan=" + costScansStarted.get(0) + "]");
    assertEquals("RUNNING", row.selectFirst("td.status").text());
    assertTrue(page.selectFirst("#scans-region").hasAttr("hx-get"), "polls while one runs");
  }

  @Test
  void scans_whenReader_thenNoStartFormsAndForgedPostIs403() {
    String reader = session(READER_TOKEN);
    Document page = html(get("/console/scans", reader));
    assertNull(page.selectFirst("form#start-drift-scan"));
    assertNull(page.selectFirst("form#start-cost-scan"));
    ConsoleResponse forged = post("/console/scans/drift", reader, "csrf=" + csrf(reader));
    assertEquals(403, forged.status());
    assertNotNull(html(forged).selectFirst("p#forbidden"));
    assertTrue(driftScansStarted.isEmpty());
    ConsoleResponse forgedCost = post("/console/scans/cost", reader, "csrf=" + csrf(reader));
    assertEquals(403, forgedCost.status());
    assertTrue(costScansStarted.isEmpty());
    // A reader of some stacks may not list cost scans (the route's own check): a note, no table.
    Document web = html(get("/console/scans", session(WEB_TOKEN)));
    assertTrue(web.selectFirst("#cost-note").text().startsWith("Not shown:"));
    assertNull(web.selectFirst("#cost-scan-table"));
  }

  @Test
  void notifications_whenDeliveryFailed_thenListedAndRetryDeliversAndRemovesIt() {
    append("d-1", "orders", T0);
    webhookStatus.set(500);
    dispatcher.notify(failedEvent("orders"));
    String session = session();
    Document page = html(get("/console/notifications", session));
    assertNotNull(page.selectFirst("#channel-list li[data-channel=ops]"));
    Element row = page.selectFirst("#failed-notifications tr[data-failed]");
    String id = row.attr("data-failed");
    assertEquals("ops", row.selectFirst("td.channel").text());
    assertEquals("orders", row.selectFirst("td.stack").text());
    assertEquals("FAILED", row.selectFirst("td.type").text());
    String action = row.selectFirst("form.retry").attr("action");

    // Still down: the dead letter stays and the page says why.
    ConsoleResponse again = post(action, session, "csrf=" + csrf(session));
    assertTrue(again.status() >= 500, "status " + again.status());
    assertTrue(html(again).selectFirst("p#error").text().contains("kept as " + id));
    assertNotNull(html(get("/console/notifications", session))
        .selectFirst("tr[data-failed=" + id + "]"));

    webhookStatus.set(200);
    ConsoleResponse retried = post(action, session, "csrf=" + csrf(session));
    assertEquals(303, retried.status());
    Document after = html(get(retried.headers().get("Location").split("\\?")[0], session,
        Map.of("retried", id)));
    assertTrue(after.selectFirst("p#message").text().contains(id));
    assertNull(after.selectFirst("tr[data-failed=" + id + "]"));
    assertEquals("No failed deliveries are kept.", after.selectFirst("#failed-note").text());
  }

  @Test
  void notifications_whenReader_thenNoRetryNoChannelsAndForgedRetryIs403() {
    append("d-1", "orders", T0);
    webhookStatus.set(500);
    dispatcher.notify(failedEvent("orders"));
    String reader = session(READER_TOKEN);
    Document page = html(get("/console/notifications", reader));
    Element row = page.selectFirst("#failed-notifications tr[data-failed]");
    assertNull(row.selectFirst("form.retry"));
    assertTrue(page.selectFirst("#channels-note").text().startsWith("Not shown:"));
    webhookStatus.set(200);
    ConsoleResponse forged =
        post("/console/notifications/failed/" + row.attr("data-failed") + "/retry", reader,
            "csrf=" + csrf(reader));
    assertEquals(403, forged.status());
    assertNotNull(html(get("/console/notifications", session()))
        .selectFirst("tr[data-failed=" + row.attr("data-failed") + "]"), "still kept");
    // A reader of web-* only does not see a dead letter about orders.
    assertNull(html(get("/console/notifications", session(WEB_TOKEN)))
        .selectFirst("#failed-notifications"));
  }

  private static dev.fogbank.shared.notify.DeploymentEvent failedEvent(String stack) {
    return new dev.fogbank.shared.notify.DeploymentEvent(
        dev.fogbank.shared.notify.DeploymentEvent.Kind.FAILED, "d-1", stack, ACCOUNT, REGION,
        "api", "alice", T0, 1L, null, new DeploymentError("STACK_FAILED", XSS), null, null);
  }

  @Test
  void stacksPage_whenScanned_thenReadsNewestDriftItemsNotEachStacksRecords() {
    List<String> historyReads = new ArrayList<>();
    List<List<String>> latestReads = new ArrayList<>();
    DynamoDbDriftRecords records = new DynamoDbDriftRecords(dynamoDb, table);
    dev.fogbank.shared.drift.DriftRecords counted =
        new dev.fogbank.shared.drift.DriftRecords() {
          @Override
          public java.util.Optional<DriftReport> latestConclusive(StackRef stack) {
            return records.latestConclusive(stack);
          }

          @Override
          public List<DriftReport> history(StackRef stack, int limit) {
            historyReads.add(stack.name());
            return records.history(stack, limit);
          }

          @Override
          public Map<String, DriftReport> latest(List<StackRef> stacks) {
            latestReads.add(stacks.stream().map(StackRef::name).toList());
            return records.latest(stacks);
          }

          @Override
          public void record(DriftReport report) {
            records.record(report);
          }
        };
    for (String name : List.of("orders", "billing", "search")) {
      append("d-" + name, name, T0);
      counted.record(new DriftReport(stack(name), T0, DriftStatus.IN_SYNC, 0, List.of(), "det",
          null, false));
    }
    console.withInsights(() -> counted, null);
    Document page = html(get("/console/stacks", session()));
    assertEquals(List.of(List.of("billing", "orders", "search")), latestReads,
        "one read of the shown rows' newest drift");
    assertEquals(List.of(), historyReads, "no stack's records queried");
    assertEquals("IN_SYNC", page.selectFirst("tr[data-stack=search] td.drift").text());
  }

  // --- the budget line ---

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(dev.fogbank.functions.testing.CostLookupsTransport.class)
  void stack_whenBudgetSet_thenDashedLineAtTheDailyPaceAndShareOfTheMonthUsed(
      dev.fogbank.functions.testing.CostLookupsTransport transport) {
    budgetsOver(transport);
    append("d-1", "orders", T0);
    var ledger = new DynamoDbCostLedger(dynamoDb, table, clock);
    java.time.LocalDate through = java.time.LocalDate.of(2026, 11, 30);
    for (int i = 0; i < 5; i++) {
      ledger.record(new dev.fogbank.shared.cost.StackDayCost(stack("orders"), through.minusDays(i),
          new java.math.BigDecimal("20.00"), "USD"));
    }
    budgetStore.keep(stack("orders"), new java.math.BigDecimal("300"));
    Document page = html(get("/console/stacks/orders", session()));
    // 300 a month of 30 days is 10 a day; the highest bar (20) is the chart's top (150 px tall).
    Element line = page.selectFirst("#cost-chart line#cost-budget-line");
    assertNotNull(line, page.select("#cost").outerHtml());
    assertEquals(String.valueOf(CostChart.HEIGHT - 75), line.attr("y1"));
    assertEquals("150", page.selectFirst("#cost-chart rect.bar[data-day=2026-11-30]").attr("height"));
    assertTrue(page.selectFirst("#cost-budget").text().contains("300.00"), page.selectFirst("#cost-budget").text());
    assertTrue(page.selectFirst("#cost-budget").text().contains("10.00 a day"));
    assertEquals("33%", page.selectFirst("#cost-budget-used").text(), "100 of 300 this month");

    // A budget above every day: the bars shrink so the line fits.
    budgetStore.keep(stack("orders"), new java.math.BigDecimal("1200"));
    Document higher = html(get("/console/stacks/orders", session()));
    assertEquals(String.valueOf(CostChart.HEIGHT - 150),
        higher.selectFirst("#cost-budget-line").attr("y1"));
    assertEquals("75", higher.selectFirst("#cost-chart rect.bar[data-day=2026-11-30]").attr("height"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(dev.fogbank.functions.testing.CostLookupsTransport.class)
  void stack_whenNoBudgetOrUnreadable_thenNoLineAndSaysWhy(
      dev.fogbank.functions.testing.CostLookupsTransport transport) {
    budgetsOver(transport);
    append("d-1", "orders", T0);
    append("d-2", "unreadable", T0);
    new DynamoDbCostLedger(dynamoDb, table, clock)
        .record(new dev.fogbank.shared.cost.StackDayCost(stack("orders"),
            java.time.LocalDate.of(2026, 11, 30), new java.math.BigDecimal("5.00"), "USD"));
    new DynamoDbCostLedger(dynamoDb, table, clock)
        .record(new dev.fogbank.shared.cost.StackDayCost(stack("unreadable"),
            java.time.LocalDate.of(2026, 11, 30), new java.math.BigDecimal("5.00"), "USD"));
    Document none = html(get("/console/stacks/orders", session()));
    assertNull(none.selectFirst("#cost-budget-line"));
    assertTrue(none.selectFirst("#cost-budget-note").text().startsWith("No budget is set"));
    ConsoleResponse r = get("/console/stacks/unreadable", session());
    assertEquals(200, r.status());
    assertTrue(html(r).selectFirst("#cost-budget-note").text().contains("Budgets did not answer"));
    assertNotNull(html(r).selectFirst("#cost-chart"));
  }

  // --- stack events on the deployment page ---

  @Test
  void deployment_whenEventsRouteAnswers_thenEventsOldestFirstEscapedAndPolledWhileRunning() {
    append("d-1", "orders", T0);
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    List<String> asked = new ArrayList<>();
    eventsRoute =
        (method, path, query, body, principal) -> {
          asked.add(method + " " + path + " limit=" + query.get("limit") + " as " + principal);
          return new dev.fogbank.functions.api.ApiRoutes.Response(200, Map.of(
              "deploymentId", "d-1",
              "truncated", false,
              "items", List.of(
                  Map.of("timestamp", "2026-12-01T10:00:05Z", "logicalResourceId", "Queue",
                      "resourceType", "AWS::SQS::Queue", "resourceStatus", "CREATE_IN_PROGRESS"),
                  Map.of("timestamp", "2026-12-01T10:00:09Z", "logicalResourceId", "Queue",
                      "resourceType", "AWS::SQS::Queue", "resourceStatus", "CREATE_FAILED",
                      "statusReason", XSS))));
        };
    console = console();
    Document page = html(get("/console/deployments/d-1", session()));
    assertEquals(List.of("GET /deployments/d-1/events limit=100 as local"), asked);
    var rows = page.select("#stack-events-table tbody tr");
    assertEquals(2, rows.size());
    assertEquals("CREATE_IN_PROGRESS", rows.get(0).selectFirst("td.status").text());
    assertEquals(XSS, rows.get(1).selectFirst("td.reason").text(), "a reason is text");
    assertTrue(page.select("script").stream().noneMatch(e -> e.html().contains("alert")));
    assertEquals("/console/deployments/d-1?fragment=events",
        page.selectFirst("#stack-events").attr("hx-get"), "polls while the deployment runs");
    Document fragment = html(get("/console/deployments/d-1", session(), Map.of("fragment", "events")));
    assertEquals(2, fragment.select("#stack-events tbody tr").size());
    assertNull(fragment.selectFirst("#live"), "the events section alone");
    // The live fragment (polled every second) does not read events.
    get("/console/deployments/d-1", session(), Map.of("fragment", "live"));
    assertEquals(2, asked.size());

    history.transition("d-1", StatusChange.succeeded(T0.plusSeconds(30), null));
    assertFalse(html(get("/console/deployments/d-1", session()))
        .selectFirst("#stack-events").hasAttr("hx-get"), "ended: no polling");
  }

  @Test
  void deployment_whenMoreEventsThanAPage_thenNextLinkCarriesTheApisTokenAndFirstLinkBack() {
    append("d-1", "orders", T0);
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    List<String> tokens = new ArrayList<>();
    eventsRoute =
        (method, path, query, body, principal) -> {
          tokens.add(String.valueOf(query.get("nextToken")));
          if (query.get("nextToken") == null) {
            return new dev.fogbank.functions.api.ApiRoutes.Response(200, Map.of(
                "deploymentId", "d-1", "truncated", false, "nextToken", "tok/2+&=",
                "items", List.of(Map.of("timestamp", "2026-12-01T10:00:05Z",
                    "logicalResourceId", "First", "resourceType", "AWS::SQS::Queue",
                    "resourceStatus", "CREATE_IN_PROGRESS"))));
          }
          if (!query.get("nextToken").equals("tok/2+&=")) {
            return new dev.fogbank.functions.api.ApiRoutes.Response(400, Map.of("error", Map.of(
                "code", "INVALID_NEXT_TOKEN", "message", "nextToken was not issued here")));
          }
          return new dev.fogbank.functions.api.ApiRoutes.Response(200, Map.of(
              "deploymentId", "d-1", "truncated", true,
              "items", List.of(Map.of("timestamp", "2026-12-01T10:00:09Z",
                  "logicalResourceId", "Second", "resourceType", "AWS::SQS::Queue",
                  "resourceStatus", "CREATE_COMPLETE"))));
        };
    console = console();
    Document first = html(get("/console/deployments/d-1", session()));
    String next = first.selectFirst("#stack-events-next").attr("href");
    assertNull(first.selectFirst("#stack-events-first"), "the first page links no first page");
    assertEquals("/console/deployments/d-1?events=tok%2F2%2B%26%3D#stack-events", next);

    Document second =
        html(get("/console/deployments/d-1", session(), Map.of("events", "tok/2+&=")));

    assertEquals(List.of("null", "tok/2+&="), tokens, "the API's token, passed on as it came");
    assertEquals("Second", second.selectFirst("#stack-events-table th.logical-id").text());
    assertNull(second.selectFirst("#stack-events-next"), "the last page");
    assertEquals("/console/deployments/d-1#stack-events",
        second.selectFirst("#stack-events-first").attr("href"));
    assertFalse(second.selectFirst("#stack-events").hasAttr("hx-get"),
        "a later page is not polled (the first page is)");
    assertNotNull(second.selectFirst("#stack-events-truncated"));
    Document forged =
        html(get("/console/deployments/d-1", session(), Map.of("events", "forged")));
    assertTrue(forged.selectFirst("#stack-events-note").text().contains("not issued here"));
    assertNotNull(forged.selectFirst("#stack-events-first"));
    assertNotNull(forged.selectFirst("#status"), "the rest of the page renders");
  }

  @Test
  void deployment_whenEventsRouteNotServed_thenNoteAndTheRestOfThePage() {
    append("d-1", "orders", T0);
    eventsRoute =
        (method, path, query, body, principal) ->
            new dev.fogbank.functions.api.ApiRoutes.Response(404, Map.of("error", Map.of(
                "code", "NOT_FOUND", "message", "no route for GET " + path)));
    console = console();
    Document page = html(get("/console/deployments/d-1", session()));
    assertTrue(page.selectFirst("#stack-events-note").text().contains("not served"));
    assertNotNull(page.selectFirst("#status"));
    assertNull(page.selectFirst("#stack-events-table"));
  }

  // --- login and session ---

  @Test
  void root_whenNoSession_thenRedirectsToLogin() {
    ConsoleResponse r = get("/", null);
    assertEquals(303, r.status());
    assertEquals("/console/login", r.headers().get("Location"));
    Document login = html(get("/console/login", null));
    assertEquals("password", login.selectFirst("form#login input#token").attr("type"));
    assertNotNull(login.selectFirst("label[for=token]"));
    assertEquals("/console/session", login.selectFirst("form#login").attr("action"));
    assertNotNull(login.selectFirst("button#login-submit"));
  }

  @Test
  void session_whenTokenWrong_then401PageWithError() {
    ConsoleResponse r = post("/console/session", null, "token=wrong");
    assertEquals(401, r.status());
    assertNotNull(html(r).selectFirst("p#error"));
    assertTrue(r.cookies().isEmpty());
  }

  @Test
  void session_whenTokenRight_thenSignedHttpOnlyStrictCookieAndStacks() {
    ConsoleResponse r = post("/console/session", null, "token=" + TOKEN);
    assertEquals(303, r.status());
    assertEquals("/console/stacks", r.headers().get("Location"));
    String cookie = r.cookies().get(0);
    assertTrue(cookie.startsWith(ConsoleSessions.COOKIE + "="), cookie);
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Max-Age=3600"), cookie);
    assertFalse(cookie.contains("Secure"), "plain http locally: " + cookie);
    assertEquals("/console/stacks", get("/", session()).headers().get("Location"));
  }

  @Test
  void session_whenOverHttps_thenCookieSecure() {
    ConsoleRequest https =
        new ConsoleRequest("POST", "/console/session", Map.of(), Map.of(), "token=" + TOKEN, true);
    assertTrue(console.handle(https).cookies().get(0).contains("; Secure"));
  }

  @Test
  void page_whenSessionExpired_thenRedirectsToLogin() {
    String session = session();
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    ConsoleResponse r = get("/console/stacks", session);
    assertEquals(303, r.status());
    assertEquals("/console/login", r.headers().get("Location"));
  }

  @Test
  void page_whenCookieForged_thenRedirectsToLogin() {
    String session = session();
    String[] parts = session.split("\\.");
    String otherCaller =
        java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("admin".getBytes(StandardCharsets.UTF_8));
    String forged = otherCaller + "." + parts[1] + "." + parts[2] + "." + parts[3];
    assertEquals(303, get("/console/stacks", forged).status());
  }

  @Test
  void logout_whenCsrfValid_thenClearsCookie() {
    String session = session();
    ConsoleResponse r = post("/console/logout", session, "csrf=" + csrf(session));
    assertEquals(303, r.status());
    assertTrue(r.cookies().get(0).contains("Max-Age=0"));
  }

  // --- pages ---

  @Test
  void stacks_whenDeploymentsExist_thenOneRowPerStackWithLatestStatusAndLock() {
    append("d-1", "orders", T0);
    history.transition("d-1", StatusChange.succeeded(T0.plusSeconds(60), null));
    append("d-2", "orders", T0.plusSeconds(120));
    append("d-3", "billing", T0);
    locks.acquire(stack("billing"), "d-3", "d-3", Duration.ofMinutes(30), null);
    Document page = html(get("/console/stacks", session()));
    assertEquals(2, page.select("table#stacks tr[data-stack]").size());
    assertEquals("QUEUED", page.selectFirst("tr[data-stack=orders] td.status").text());
    assertTrue(page.selectFirst("tr[data-stack=billing] td.lock").text().startsWith("d-3 until"));
    assertEquals("", page.selectFirst("tr[data-stack=orders] td.lock").text());
    assertNotNull(page.selectFirst("form#filter input[name=name]"));
    assertNotNull(page.selectFirst("form#filter select[name=status]"));
    assertTrue(page.selectFirst("#stacks-region").hasAttr("hx-get"), "region polls");
  }

  @Test
  void stacks_whenDriftAndCostRecorded_thenDriftStatusAndMonthToDateCostColumns() {
    append("d-1", "orders", T0);
    append("d-2", "billing", T0);
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(new DriftReport(stack("orders"), T0.minusSeconds(600), DriftStatus.IN_SYNC, 0,
            List.of(), "det-0", null, false));
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(new DriftReport(stack("orders"), T0, DriftStatus.DRIFTED, 2, List.of(), "det-1",
            null, false));
    new DynamoDbCostLedger(dynamoDb, table, clock)
        .recordMonthToDate(
            List.of(
                new StackMonthCost(stack("orders"), java.time.YearMonth.of(2026, 11),
                    java.time.LocalDate.of(2026, 11, 30), new java.math.BigDecimal("12.345"),
                    "USD")));
    Document page = html(get("/console/stacks", session()));
    assertEquals("DRIFTED", page.selectFirst("tr[data-stack=orders] td.drift").text());
    assertTrue(page.selectFirst("tr[data-stack=orders] td.drift").attr("title").startsWith("2 drifted"));
    assertEquals("12.35 USD", page.selectFirst("tr[data-stack=orders] td.cost").text());
    assertEquals("", page.selectFirst("tr[data-stack=billing] td.drift").text());
    assertEquals("", page.selectFirst("tr[data-stack=billing] td.cost").text());
    // The polled fragment carries the same columns.
    Document fragment = html(get("/console/stacks", session(), Map.of("fragment", "table")));
    assertEquals("DRIFTED", fragment.selectFirst("tr[data-stack=orders] td.drift").text());
    // A newer scan and a newer month-to-date figure show at the next poll (nothing is kept).
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(new DriftReport(stack("orders"), T0.plusSeconds(60), DriftStatus.IN_SYNC, 0,
            List.of(), "det-2", null, false));
    new DynamoDbCostLedger(dynamoDb, table, clock)
        .recordMonthToDate(
            List.of(
                new StackMonthCost(stack("orders"), java.time.YearMonth.of(2026, 11),
                    java.time.LocalDate.of(2026, 11, 30), new java.math.BigDecimal("20"),
                    "USD")));
    Document next = html(get("/console/stacks", session(), Map.of("fragment", "table")));
    assertEquals("IN_SYNC", next.selectFirst("tr[data-stack=orders] td.drift").text());
    assertEquals("20.00 USD", next.selectFirst("tr[data-stack=orders] td.cost").text());
  }

  @Test
  void stack_whenDriftAndCostsRecorded_thenPropertyDiffsAndDailyChartWithAnomalies() {
    append("d-1", "orders", T0);
    new DynamoDbDriftRecords(dynamoDb, table)
        .record(new DriftReport(stack("orders"), T0, DriftStatus.DRIFTED, 1,
            List.of(new dev.fogbank.shared.drift.ResourceDrift("Queue", "AWS::SQS::Queue",
                "MODIFIED", List.of(new dev.fogbank.shared.drift.PropertyDifference(
                    "/VisibilityTimeout", "30", XSS, "NOT_EQUAL")))),
            "det-1", null, false));
    var ledger = new DynamoDbCostLedger(dynamoDb, table, clock);
    java.time.LocalDate through = java.time.LocalDate.of(2026, 11, 30);
    for (int i = 0; i < 5; i++) {
      ledger.record(new dev.fogbank.shared.cost.StackDayCost(stack("orders"), through.minusDays(i),
          new java.math.BigDecimal(i == 0 ? "40.00" : "2.00"), "USD"));
    }
    ledger.markAnomaly(new dev.fogbank.shared.cost.CostAnomaly(stack("orders"), through,
        new java.math.BigDecimal("40.00"), new java.math.BigDecimal("2.00"), "USD", "20x the week"));
    Document page = html(get("/console/stacks/orders", session()));
    assertEquals("DRIFTED", page.selectFirst("#drift-status").text());
    Element row = page.selectFirst("#drift-resources tr[data-resource=Queue]");
    assertEquals("/VisibilityTimeout", row.selectFirst("td.path").text());
    assertEquals("30", row.selectFirst("td.expected").text());
    assertEquals(XSS, row.selectFirst("td.actual").text(), "actual value is text, not markup");
    assertTrue(page.select("script").stream().noneMatch(e -> e.html().contains("alert")));
    assertEquals(Insights.CHART_DAYS, page.select("#cost-chart rect.bar").size());
    assertEquals(1, page.select("#cost-chart rect.anomaly").size());
    assertEquals("2026-11-30", page.selectFirst("#cost-chart rect.anomaly").attr("data-day"));
    assertEquals("150", page.selectFirst("#cost-chart rect.anomaly").attr("height"), "the tallest");
    assertEquals("48.00", page.selectFirst("#cost-mtd").text());
    assertTrue(page.selectFirst("#cost-anomalies li[data-day=2026-11-30]").text().contains("20x"));
  }

  @Test
  void stack_whenNoDriftOrCostRecords_thenSaysSo() {
    append("d-1", "orders", T0);
    Document page = html(get("/console/stacks/orders", session()));
    assertTrue(page.selectFirst("#drift").text().contains("No drift scan"));
    assertNull(page.selectFirst("#cost-chart"));
  }

  @Test
  void stacks_whenFiltered_thenOnlyMatchingRows() {
    append("d-1", "orders-api", T0);
    append("d-2", "orders-db", T0);
    append("d-3", "billing", T0);
    history.transition("d-2", StatusChange.failed(T0.plusSeconds(5), new DeploymentError("X", "y")));
    String session = session();
    Document byName = html(get("/console/stacks", session, Map.of("name", "orders-*")));
    assertEquals(2, byName.select("tr[data-stack]").size());
    Document byStatus =
        html(get("/console/stacks", session, Map.of("name", "ORDERS", "status", "FAILED")));
    assertEquals(List.of("orders-db"), byStatus.select("tr[data-stack]").eachAttr("data-stack"));
    Document fragment = html(get("/console/stacks", session, Map.of("fragment", "table")));
    assertNotNull(fragment.selectFirst("#stacks-region table#stacks"));
    assertEquals(null, fragment.selectFirst("form#filter"), "a fragment, not the page");
  }

  @Test
  void stacks_whenMoreThanAPage_thenPagedForwardAndBackWithSignedLinks() {
    for (int i = 0; i < 2 * ConsoleViews.STACKS_PAGE + 5; i++) {
      append("d-" + i, String.format("s-%03d", i), T0);
    }
    String session = session();
    Document first = html(get("/console/stacks", session));
    assertEquals(ConsoleViews.STACKS_PAGE, first.select("tr[data-stack]").size());
    assertEquals("s-000", first.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals("Stacks 1–100 of 205 matching (205 in all).", first.selectFirst("p.count").text());
    assertNull(first.selectFirst("a#stacks-previous"));

    Document second = follow(first, "a#stacks-next", session);
    assertEquals("s-100", second.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals("s-199", second.select("tr[data-stack]").last().attr("data-stack"));
    assertEquals("Stacks 101–200 of 205 matching (205 in all).",
        second.selectFirst("p.count").text());
    // The polled fragment stays on this page.
    Document polled =
        html(get("/console/stacks", session,
            query(second.selectFirst("#stacks-region").attr("hx-get"))));
    assertEquals("s-100", polled.selectFirst("tr[data-stack]").attr("data-stack"));

    Document third = follow(second, "a#stacks-next", session);
    assertEquals(List.of("s-200", "s-201", "s-202", "s-203", "s-204"),
        third.select("tr[data-stack]").eachAttr("data-stack"));
    assertNull(third.selectFirst("a#stacks-next"));
    assertEquals("Stacks 201–205 of 205 matching (205 in all).",
        third.selectFirst("p.count").text());

    Document back = follow(third, "a#stacks-previous", session);
    assertEquals("s-100", back.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals(ConsoleViews.STACKS_PAGE, back.select("tr[data-stack]").size());
    assertEquals("Stacks 101–200 of 205 matching (205 in all).", back.selectFirst("p.count").text());
    Document start = follow(back, "a#stacks-previous", session);
    assertEquals("s-000", start.selectFirst("tr[data-stack]").attr("data-stack"));
    assertNull(start.selectFirst("a#stacks-previous"));
    assertNotNull(start.selectFirst("a#stacks-next"));
  }

  @Test
  void stacks_whenFilteredOverMoreThanAPage_thenPagedWithinTheFilter() {
    for (int i = 0; i < ConsoleViews.STACKS_PAGE + 10; i++) {
      append("d-" + i, String.format("s-%03d", i), T0);
    }
    append("d-x", "other", T0);
    history.transition("d-x", StatusChange.running(T0.plusSeconds(1)));
    String session = session();
    Document first = html(get("/console/stacks", session, Map.of("name", "s-*")));
    assertEquals("Stacks 1–100 matching, more on the next page (111 in all).",
        first.selectFirst("p.count").text(), "how many match is not counted past a page");
    Document second = follow(first, "a#stacks-next", session);
    assertEquals("s-100", second.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals("Stacks 101–110 matching (111 in all).", second.selectFirst("p.count").text());
    assertEquals("s-*", second.selectFirst("#filter-name").val(), "the filter is kept");
    Document back = follow(second, "a#stacks-previous", session);
    assertEquals("s-000", back.selectFirst("tr[data-stack]").attr("data-stack"));
    Document running = html(get("/console/stacks", session, Map.of("status", "RUNNING")));
    assertEquals(List.of("other"), running.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 1–1 of 1 matching (111 in all).", running.selectFirst("p.count").text());
  }

  @Test
  void stacks_whenPrefixFilterInMixedCase_thenStacksStartingWithItInAnyCaseOnly() {
    for (String name :
        List.of("Orders-Api", "orders-db", "ORDERS-x", "order", "xorders-1", "billing")) {
      append("d-" + name, name, T0);
    }
    String session = session();
    Document page = html(get("/console/stacks", session, Map.of("name", "oRdErS*")));
    assertEquals(List.of("ORDERS-x", "Orders-Api", "orders-db"),
        page.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 1–3 of 3 matching (6 in all).", page.selectFirst("p.count").text());
    Document substring = html(get("/console/stacks", session, Map.of("name", "ORDERS")));
    assertEquals(List.of("ORDERS-x", "Orders-Api", "orders-db", "xorders-1"),
        substring.select("tr[data-stack]").eachAttr("data-stack"), "no wildcard: a substring");
    Document inner = html(get("/console/stacks", session, Map.of("name", "or?er*")));
    assertEquals(List.of("ORDERS-x", "Orders-Api", "order", "orders-db"),
        inner.select("tr[data-stack]").eachAttr("data-stack"));
  }

  @Test
  void stacks_whenFilterMatchesNothing_thenNoStacksMatchAndNoPageLinks() {
    for (int i = 0; i < ConsoleViews.STACKS_PAGE + 5; i++) {
      append("d-" + i, String.format("s-%03d", i), T0);
    }
    String session = session();
    for (Map<String, String> filter :
        List.of(Map.of("name", "zz*"), Map.of("name", "nothing"), Map.of("status", "FAILED"),
            Map.of("name", "s-*", "status", "RUNNING"), Map.of("name", "s_*"))) {
      Document page = html(get("/console/stacks", session, filter));
      assertEquals("No stacks match.", page.selectFirst("p.count").text(), filter.toString());
      assertNull(page.selectFirst("tr[data-stack]"));
      assertNull(page.selectFirst("a#stacks-next"));
      assertNull(page.selectFirst("a#stacks-previous"));
    }
  }

  @Test
  void stacks_whenPrefixAndStatusFilterOverPages_thenNextAndPreviousStayWithinTheFilter() {
    // 230 "app-" stacks, every tenth RUNNING (left out by the status), two in upper case (the
    // first key ranges), and names around them that the prefix does not match.
    for (int i = 0; i < 230; i++) {
      String name = String.format("app-%03d", i);
      append("d-" + i, name, T0);
      if (i % 10 == 0) {
        history.transition("d-" + i, StatusChange.running(T0.plusSeconds(1)));
      }
    }
    for (String name : List.of("APP-X1", "App-X2", "apq-1", "ap", "b-app")) {
      append("d-" + name, name, T0);
    }
    List<String> expected = new java.util.ArrayList<>(List.of("APP-X1", "App-X2"));
    for (int i = 0; i < 230; i++) {
      if (i % 10 != 0) {
        expected.add(String.format("app-%03d", i));
      }
    }
    String session = session();
    Map<String, String> filter = Map.of("name", "aPp-*", "status", "QUEUED");
    Document first = html(get("/console/stacks", session, filter));
    assertEquals(expected.subList(0, 100), first.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 1–100 matching, more on the next page (235 in all).",
        first.selectFirst("p.count").text());
    assertNull(first.selectFirst("a#stacks-previous"));
    Document second = follow(first, "a#stacks-next", session);
    assertEquals(expected.subList(100, 200),
        second.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 101–200 matching, more on the next page (235 in all).",
        second.selectFirst("p.count").text());
    Document third = follow(second, "a#stacks-next", session);
    assertEquals(expected.subList(200, expected.size()),
        third.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 201–209 matching (235 in all).", third.selectFirst("p.count").text());
    assertNull(third.selectFirst("a#stacks-next"));
    assertEquals("aPp-*", third.selectFirst("#filter-name").val(), "the filter is kept");
    Document back = follow(third, "a#stacks-previous", session);
    assertEquals(expected.subList(100, 200), back.select("tr[data-stack]").eachAttr("data-stack"));
    Document start = follow(back, "a#stacks-previous", session);
    assertEquals(expected.subList(0, 100), start.select("tr[data-stack]").eachAttr("data-stack"));
    assertNull(start.selectFirst("a#stacks-previous"));
  }

  @Test
  void stacks_whenCallerMayReadSomeStacksOverPages_thenOnlyThoseAndNoCountOfOthers() {
    for (int i = 0; i < ConsoleViews.STACKS_PAGE + 5; i++) {
      append("d-w" + i, String.format("web-%03d", i), T0);
      append("d-p" + i, String.format("pay-%03d", i), T0);
    }
    String session = session(WEB_TOKEN);
    Document first = html(get("/console/stacks", session));
    assertEquals("web-000", first.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals("Stacks 1–100 matching, more on the next page.",
        first.selectFirst("p.count").text(), "no total: the other stacks are not counted");
    Document second = follow(first, "a#stacks-next", session);
    assertEquals(List.of("web-100", "web-101", "web-102", "web-103", "web-104"),
        second.select("tr[data-stack]").eachAttr("data-stack"));
    Document back = follow(second, "a#stacks-previous", session);
    assertEquals("web-000", back.selectFirst("tr[data-stack]").attr("data-stack"));
    assertEquals("No stacks match.",
        html(get("/console/stacks", session, Map.of("name", "pay*"))).selectFirst("p.count")
            .text(), "another's stacks are never shown");
    Document filtered = html(get("/console/stacks", session, Map.of("name", "WEB-10*")));
    assertEquals(List.of("web-100", "web-101", "web-102", "web-103", "web-104"),
        filtered.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 1–5 of 5 matching.", filtered.selectFirst("p.count").text());
    assertTrue(first.select("tr[data-stack]").eachAttr("data-stack").stream()
        .allMatch(x -> x.startsWith("web-")));
  }

  @Test
  void stacks_whenPageLinkAlteredOrOfAnotherFilter_then400PageAndNoRows() {
    for (int i = 0; i < ConsoleViews.STACKS_PAGE + 1; i++) {
      append("d-" + i, String.format("s-%03d", i), T0);
    }
    String session = session();
    Map<String, String> next =
        query(html(get("/console/stacks", session)).selectFirst("a#stacks-next").attr("href"));
    String token = next.get("page");
    for (Map<String, String> bad :
        List.of(
            Map.of("page", token.substring(0, token.length() - 2) + "AA"),
            Map.of("page", "2"),
            Map.of("page", token, "name", "s-0*"))) {
      ConsoleResponse r = get("/console/stacks", session, bad);
      assertEquals(400, r.status(), bad.toString());
      assertTrue(html(r).selectFirst("p#error").text().contains("stale or was altered"));
      assertNull(html(r).selectFirst("tr[data-stack]"));
    }
  }

  @Test
  void stacks_whenIndexWrittenBeforeItsCount_thenCountedOnceAndShownRight() {
    for (String name : List.of("orders", "billing", "search")) {
      append("d-" + name, name, T0);
    }
    // A table from before the count: no count item, no index item marked as counted.
    dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of(
        ControlTable.PK, AttributeValue.fromS(ControlTable.STACK_COUNT_PREFIX + ACCOUNT + "#" + REGION),
        ControlTable.SK, AttributeValue.fromS("COUNT"))));
    for (String name : List.of("orders", "billing", "search")) {
      dynamoDb.updateItem(r -> r.tableName(table)
          .key(Map.of(
              ControlTable.PK, AttributeValue.fromS(ControlTable.STACKS_PREFIX + ACCOUNT + "#" + REGION),
              ControlTable.SK, AttributeValue.fromS(name)))
          .updateExpression("REMOVE counted"));
    }
    String session = session();
    assertEquals("Stacks 1–3 of 3 matching (3 in all).",
        html(get("/console/stacks", session)).selectFirst("p.count").text());
    append("d-new", "queue", T0);
    assertEquals("Stacks 1–4 of 4 matching (4 in all).",
        html(get("/console/stacks", session)).selectFirst("p.count").text());
  }

  /** The page a link of {@code page} leads to (its query, as the browser would send it). */
  private Document follow(Document page, String link, String session) {
    return html(get("/console/stacks", session, query(page.selectFirst(link).attr("href"))));
  }

  private static Map<String, String> query(String href) {
    Map<String, String> query = new java.util.HashMap<>();
    for (String pair : href.substring(href.indexOf('?') + 1).split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  @Test
  void stack_whenHistory_thenRowsLinksAndRollbackOnEarlierSuccessOnly() {
    append("d-1", "orders", T0);
    history.transition("d-1", StatusChange.succeeded(T0.plusSeconds(60), null));
    append("d-2", "orders", T0.plusSeconds(120));
    history.transition("d-2", StatusChange.succeeded(T0.plusSeconds(180), null));
    Document page = html(get("/console/stacks/orders", session()));
    assertEquals(List.of("d-2", "d-1"), page.select("#history tr[data-deployment]").eachAttr("data-deployment"));
    assertEquals("/console/deployments/d-1",
        page.selectFirst("tr[data-deployment=d-1] a").attr("href"));
    assertEquals(List.of("d-1"), page.select("form.rollback").eachAttr("data-deployment"));
    assertNotNull(page.selectFirst("section#lock"));
    assertNotNull(page.selectFirst("form#force-release input[name=csrf]"));
  }

  @Test
  void deployment_whenAwaitingApproval_thenReviewAndDecisionForms() {
    awaiting("d-1", "orders");
    Document page = html(get("/console/deployments/d-1", session()));
    assertEquals("AWAITING_APPROVAL", page.selectFirst("#live span#status").text());
    assertEquals("HIGH", page.selectFirst("span#risk-level").text());
    var row = page.selectFirst("table#changes tbody tr");
    assertEquals("Modify", row.selectFirst("td.action").text());
    assertEquals("Db", row.selectFirst("td.logical-id").text());
    assertEquals("AWS::RDS::DBInstance", row.selectFirst("td.type").text());
    assertEquals("True", row.selectFirst("td.replacement").text());
    assertEquals("HIGH", row.selectFirst("td.risk").text());
    assertEquals("replaces the database", row.selectFirst("td.reason").text());
    assertNotNull(page.selectFirst("form#approve[method=post] button#approve-button"));
    assertNotNull(page.selectFirst("form#reject textarea#reason[name=reason]"));
    assertNotNull(page.selectFirst("form#reject button#reject-button"));
    assertNotNull(page.selectFirst("section#findings"));
    assertNotNull(page.selectFirst("section#cost-estimate"));
    var waiting = page.select("ol#timeline li").stream()
        .filter(li -> li.selectFirst("span.state").text().equals("AWAITING_APPROVAL"))
        .findFirst().orElseThrow();
    assertEquals(T0.plusSeconds(2).toString(), waiting.selectFirst("time").attr("datetime"),
        "the time it began to wait, from the record");
    assertTrue(page.selectFirst("#live").hasAttr("hx-get"), "not terminal: polls");
  }

  @Test
  void deployment_whenCostEstimate_thenTotalDeltaAndEachChangedResource() {
    append("d-1", "orders", T0);
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    var estimate =
        new dev.fogbank.shared.estimate.ReviewCostEstimate(
            new java.math.BigDecimal("195.72"), new java.math.BigDecimal("2348.64"), "USD",
            new java.math.BigDecimal("14.71"), new java.math.BigDecimal("8.1"),
            new dev.fogbank.shared.estimate.ReviewCostEstimate.CoverageCounts(4, 1, 0),
            List.of(
                new dev.fogbank.shared.estimate.ReviewCostEstimate.ResourceCost(
                    "Db", "AWS::RDS::DBInstance", null, new java.math.BigDecimal("14.71"))),
            null);
    ReviewReport review =
        new ReviewReport(
                Severity.LOW, 1, Map.of("Add", 1), Map.of(Severity.LOW, 1), List.of(), List.of(),
                List.of(), false, List.of(), List.of(), "auto-below-high", false)
            .withCost(estimate, null, true);
    history.transition(
        "d-1", StatusChange.awaitingApproval(T0.plusSeconds(2), review, "token-d-1"));

    Document page = html(get("/console/deployments/d-1", session()));

    assertEquals("195.72 USD", page.selectFirst("section#cost-estimate .monthly").text());
    assertEquals("+14.71", page.selectFirst("section#cost-estimate .delta").text());
    var row = page.selectFirst("table#cost-resources tbody tr");
    assertEquals("Db", row.selectFirst("td.logical-id").text());
    assertEquals("AWS::RDS::DBInstance", row.selectFirst("td.type").text());
    assertEquals("", row.selectFirst("td.before").text());
    assertEquals("14.71", row.selectFirst("td.after").text());
  }

  @Test
  void approve_whenCsrfValid_thenApprovedThroughTheApprovalService() {
    awaiting("d-1", "orders");
    String session = session();
    ConsoleResponse r = post("/console/deployments/d-1/approve", session, "csrf=" + csrf(session));
    assertEquals(303, r.status());
    assertEquals("/console/deployments/d-1", r.headers().get("Location"));
    assertEquals(List.of("resume token-d-1"), resumed);
    assertEquals("APPROVED", history.get("d-1").orElseThrow().approval().decision());
    assertEquals("local", history.get("d-1").orElseThrow().approval().by());
  }

  @Test
  void reject_whenReasonGiven_thenRejectedWithIt() {
    awaiting("d-1", "orders");
    String session = session();
    ConsoleResponse r =
        post("/console/deployments/d-1/reject", session,
            "csrf=" + csrf(session) + "&reason=too+risky");
    assertEquals(303, r.status());
    assertEquals("too risky", history.get("d-1").orElseThrow().approval().reason());
  }

  @Test
  void approve_whenCsrfMissingOrWrong_then403AndNothingChanges() {
    awaiting("d-1", "orders");
    String session = session();
    ConsoleResponse none = post("/console/deployments/d-1/approve", session, "");
    assertEquals(403, none.status());
    assertNotNull(html(none).selectFirst("p#forbidden"));
    assertEquals(403, post("/console/deployments/d-1/approve", session, "csrf=abc").status());
    String otherSession = session();
    assertEquals(
        403,
        post("/console/deployments/d-1/approve", session, "csrf=" + csrf(otherSession)).status(),
        "a token of another session");
    assertTrue(resumed.isEmpty());
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, history.get("d-1").orElseThrow().status());
  }

  @Test
  void approve_whenNoSession_thenRedirectedAndNothingChanges() {
    awaiting("d-1", "orders");
    assertEquals(303, post("/console/deployments/d-1/approve", null, "csrf=x").status());
    assertTrue(resumed.isEmpty());
  }

  @Test
  void readOnlyCaller_seesNoButtons_andForgedPostIs403() {
    awaiting("d-1", "orders");
    String session = session(READER_TOKEN);
    Document page = html(get("/console/deployments/d-1", session));
    assertEquals(null, page.selectFirst("form#approve"));
    assertEquals(null, page.selectFirst("form#reject"));
    Document stackPage = html(get("/console/stacks/orders", session));
    assertEquals(null, stackPage.selectFirst("form#force-release"));
    ConsoleResponse forged =
        post("/console/deployments/d-1/approve", session, "csrf=" + csrf(session));
    assertEquals(403, forged.status());
    assertNotNull(html(forged).selectFirst("p#forbidden"));
    assertEquals(403,
        post("/console/stacks/orders/force-release", session, "csrf=" + csrf(session)).status());
    assertEquals(403,
        post("/console/stacks/orders/rollback", session, "csrf=" + csrf(session)).status());
    assertTrue(resumed.isEmpty());
  }

  @Test
  void callerWithGrantsOnSomeStacks_seesOnlyThose_andOthersAre403() {
    append("d-1", "web-shop", T0);
    append("d-2", "payments", T0);
    String session = session(WEB_TOKEN);
    Document stacks = html(get("/console/stacks", session));
    assertEquals(List.of("web-shop"), stacks.select("tr[data-stack]").eachAttr("data-stack"));
    assertEquals("Stacks 1–1 of 1 matching (1 in all).", stacks.selectFirst("p.count").text(),
        "the count of the stacks this caller may read, not of all");
    ConsoleResponse other = get("/console/stacks/payments", session);
    assertEquals(403, other.status());
    assertNotNull(html(other).selectFirst("p#forbidden"));
    assertEquals(403, get("/console/deployments/d-2", session).status());
    assertEquals(200, get("/console/deployments/d-1", session).status());
  }

  @Test
  void unknownDeploymentOrStack_then404Page() {
    String session = session();
    ConsoleResponse r = get("/console/deployments/nope", session);
    assertEquals(404, r.status());
    assertNotNull(html(r).selectFirst("p#not-found"));
    assertEquals(404, get("/console/stacks/nope", session).status());
    assertEquals(404, get("/console/nothing/here", session).status());
  }

  // --- template diff ---

  @Test
  void deployment_whenNoEarlierSuccessfulDeployment_thenSaysSo() {
    deployTemplate("d-0", T0.minusSeconds(60), "Resources: {}\n");
    history.transition("d-0", StatusChange.failed(T0, new DeploymentError("FAILED", "no")));
    deployTemplate("d-1", T0, "Resources:\n  Bucket: {}\n");
    Element section = html(get("/console/deployments/d-1", session())).selectFirst("section#template-diff");
    assertEquals("none", section.attr("data-state"));
    assertTrue(section.text().contains("No earlier successful deployment"), section.text());
    assertNull(section.selectFirst("pre"));
  }

  @Test
  void deployment_whenSameTemplateAsPreviousDeployment_thenUnchanged() {
    succeededTemplate("d-1", T0, "Resources:\n  Bucket: {}\n");
    deployTemplate("d-2", T0.plusSeconds(600), "Resources:\n  Bucket: {}\n");
    Element section = html(get("/console/deployments/d-2", session())).selectFirst("section#template-diff");
    assertEquals("unchanged", section.attr("data-state"));
    assertTrue(section.text().contains("Template unchanged since d-1"), section.text());
    assertEquals("/console/deployments/d-1", section.selectFirst("a#previous-deployment").attr("href"));
  }

  @Test
  void deployment_whenTemplateChanged_thenCollapsedUnifiedDiffAgainstLatestSucceededBefore() {
    succeededTemplate("d-1", T0, "A: 1\n");
    String before = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        + "      BucketName: old\n      Tags: []\n  Queue:\n    Type: AWS::SQS::Queue\n";
    succeededTemplate("d-2", T0.plusSeconds(60), before);
    deployTemplate("d-3", T0.plusSeconds(120), "B: 2\n"); // failed: not what is deployed
    history.transition("d-3", StatusChange.failed(T0.plusSeconds(130), new DeploymentError("FAILED", "x")));
    String after = before.replace("BucketName: old", "BucketName: " + XSS);
    deployTemplate("d-4", T0.plusSeconds(180), after);

    String body = new String(get("/console/deployments/d-4", session()).body(), StandardCharsets.UTF_8);
    assertFalse(body.contains(XSS), "the template's script is not escaped");
    Element section = Jsoup.parse(body).selectFirst("section#template-diff");
    assertEquals("diff", section.attr("data-state"));
    assertEquals("d-2", section.selectFirst("a#previous-deployment").text());
    Element details = section.selectFirst("details");
    assertFalse(details.hasAttr("open"), "collapsed by default");
    assertEquals(List.of("      BucketName: old"),
        details.select("pre span.remove").stream().map(e -> e.wholeText().substring(1)).toList());
    assertEquals(List.of("      BucketName: " + XSS),
        details.select("pre span.add").stream().map(e -> e.wholeText().substring(1)).toList());
    assertTrue(details.select("pre script").isEmpty());
    // 3 lines of context each side of the one change.
    assertEquals(6, details.select("pre span.context").size());
    assertEquals("@@ -2,7 +2,7 @@", details.selectFirst("pre span.hunk").text());
    assertNull(section.selectFirst(".diff-cut"));
  }

  @Test
  void deployment_whenDiffLongerThanCap_thenCutAndSaysSo() {
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < 1500; i++) {
      before.append("a").append(i).append('\n');
      after.append("b").append(i).append('\n');
    }
    succeededTemplate("d-1", T0, before.toString());
    deployTemplate("d-2", T0.plusSeconds(60), after.toString());
    Element section = html(get("/console/deployments/d-2", session())).selectFirst("section#template-diff");
    assertEquals(TemplateDiffs.MAX_LINES, section.select("pre span").size());
    assertTrue(section.selectFirst(".diff-cut").text().contains("first 2000 of 3003 lines"),
        section.selectFirst(".diff-cut").text());
  }

  @Test
  void deployment_whenLivePoll_thenNoTemplateDiff() {
    succeededTemplate("d-1", T0, "A: 1\n");
    deployTemplate("d-2", T0.plusSeconds(60), "A: 2\n");
    ConsoleResponse r = get("/console/deployments/d-2", session(), Map.of("fragment", "live"));
    assertNull(html(r).selectFirst("section#template-diff"));
  }

  @Test
  void deployment_whenPreviousTemplateUnreadable_thenSaysSoAndPageStillRenders() {
    history.append(
        DeploymentRecord.requested(
            "d-1", stack("web"), DeploymentSource.API, "alice", "cd".repeat(32),
            "memory:" + "cd".repeat(32), Map.of(), Map.of(), T0));
    history.transition("d-1", StatusChange.succeeded(T0.plusSeconds(30), null));
    deployTemplate("d-2", T0.plusSeconds(60), "A: 2\n");
    ConsoleResponse r = get("/console/deployments/d-2", session());
    assertEquals(200, r.status());
    Element section = html(r).selectFirst("section#template-diff");
    assertEquals("unavailable", section.attr("data-state"));
    assertTrue(section.text().contains("does not exist"), section.text());
  }

  private void deployTemplate(String id, Instant at, String template) {
    var stored = templates.put(template.getBytes(StandardCharsets.UTF_8));
    history.append(
        DeploymentRecord.requested(
            id, stack("web"), DeploymentSource.API, "alice", stored.sha256(), stored.location(),
            Map.of(), Map.of(), at));
  }

  private void succeededTemplate(String id, Instant at, String template) {
    deployTemplate(id, at, template);
    history.transition(id, StatusChange.running(at.plusSeconds(1)));
    history.transition(id, StatusChange.succeeded(at.plusSeconds(30), null));
  }

  // --- escaping ---

  @Test
  void callerText_isEscapedEverywhere() {
    DeploymentRecord r =
        DeploymentRecord.requested(
            "d-x", stack("web"), DeploymentSource.API, "alice" + XSS, "ab".repeat(32),
            "s3://a/b", Map.of("Param", XSS), Map.of("team", XSS), T0);
    history.append(r);
    history.transition(
        "d-x", StatusChange.failed(T0.plusSeconds(9), new DeploymentError("FAILED", "reason " + XSS)));
    String session = session();
    for (String path : List.of("/console/deployments/d-x", "/console/stacks/web", "/console/stacks")) {
      ConsoleResponse response = get(path, session);
      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertFalse(body.contains(XSS), path + " carries the raw script");
      assertTrue(Jsoup.parse(body).select("script").stream().allMatch(s -> s.hasAttr("src")),
          path + " has an inline script");
    }
    Document page = html(get("/console/deployments/d-x", session));
    assertTrue(page.selectFirst("section#root-cause").text().contains("reason " + XSS));
    assertTrue(page.selectFirst("section#inputs").text().contains("Param " + XSS));
    assertTrue(page.selectFirst("section#inputs").text().contains("tag team " + XSS));
  }

  @Test
  void stackName_withMarkup_isEscapedAndLinkedEncoded() {
    String name = "a\"><img src=x onerror=alert(1)>";
    append("d-1", name, T0);
    String body = new String(get("/console/stacks", session()).body(), StandardCharsets.UTF_8);
    assertFalse(body.contains("<img"), body);
    Document page = Jsoup.parse(body);
    assertEquals(name, page.selectFirst("tr[data-stack]").attr("data-stack"));
    assertTrue(page.selectFirst("tr[data-stack] a").attr("href").startsWith("/console/stacks/a%22%3E"));
  }

  // --- the deploy form ---

  private static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private String deployForm(String session, String stackName, String template, String params) {
    Document page = html(get("/console/stacks", session));
    Element form = page.selectFirst("form#deploy");
    return "csrf=" + ConsolePaths.query(form.selectFirst("input[name=csrf]").val())
        + "&idempotencyKey=" + ConsolePaths.query(form.selectFirst("input[name=idempotencyKey]").val())
        + "&stackName=" + ConsolePaths.query(stackName)
        + "&templateBody=" + ConsolePaths.query(template)
        + "&parameters=" + ConsolePaths.query(params)
        + "&tags=" + ConsolePaths.query("team=web\r\n\r\nowner=a=b")
        + "&approval=always";
  }

  @Test
  void deploy_whenFormValid_thenDeploymentThroughTheApiRouteAndRedirectsToIt() {
    String session = session();
    Document stacks = html(get("/console/stacks", session));
    assertNotNull(stacks.selectFirst("label[for=deploy-stack]"));
    assertNotNull(stacks.selectFirst("label[for=deploy-template]"));
    String form = deployForm(session, "web", QUEUE.replace("\n", "\r\n"), "Size=2\r\n");
    ConsoleResponse r = post("/console/deploy", session, form);
    assertEquals(303, r.status());
    String id = r.headers().get("Location").substring("/console/deployments/".length());
    assertTrue(id.startsWith("d-api-"), "the route's idempotency-key id: " + id);
    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals("web", record.stack().name());
    assertEquals("local", record.requester());
    assertEquals(DeploymentSource.API, record.source());
    assertEquals(Map.of("Size", "2"), record.parameters());
    assertEquals(Map.of("team", "web", "owner", "a=b"), record.tags());
    assertEquals(QUEUE, new String(templates.get(record.templateLocation()), StandardCharsets.UTF_8));
    assertEquals(1, started.size());
    // The same form sent again (a double click, a resend) is the same deployment.
    // (The intake starts the execution's same name again: the starter makes that a no-op.)
    assertEquals(
        r.headers().get("Location"), post("/console/deploy", session, form).headers().get("Location"));
    assertEquals(1, started.stream().distinct().count());
  }

  @Test
  void deploy_whenRouteRefuses_thenFormAgainWithMessageAndWhatWasTyped() {
    String session = session();
    ConsoleResponse r =
        post("/console/deploy", session, deployForm(session, "bad name!", QUEUE + "# mine", ""));
    assertEquals(400, r.status());
    Document page = html(r);
    assertTrue(page.selectFirst("p#error").text().contains("bad name!"), page.text());
    assertEquals("bad name!", page.selectFirst("form#deploy input#deploy-stack").val());
    assertTrue(page.selectFirst("textarea#deploy-template").text().contains("# mine"));
    assertTrue(started.isEmpty());

    r = post("/console/deploy", session, deployForm(session, "web", QUEUE, "NoEquals"));
    assertEquals(400, r.status());
    assertTrue(html(r).selectFirst("p#error").text().contains("parameters line 1"));
    r = post("/console/deploy", session, deployForm(session, "web", " ", ""));
    assertEquals(400, r.status());
    assertTrue(html(r).selectFirst("p#error").text().contains("templateBody is required"));
    assertTrue(started.isEmpty());
  }

  @Test
  void deploy_whenReadOnlyOrCsrfWrong_thenNoFormAnd403AndNothingStarts() {
    String reader = session(READER_TOKEN);
    assertNull(html(get("/console/stacks", reader)).selectFirst("form#deploy"));
    String form =
        "csrf=" + csrf(reader) + "&idempotencyKey=k&stackName=web&templateBody="
            + ConsolePaths.query(QUEUE);
    ConsoleResponse r = post("/console/deploy", reader, form);
    assertEquals(403, r.status());
    assertNotNull(html(r).selectFirst("#error, #forbidden"));
    String admin = session();
    assertEquals(403, post("/console/deploy", admin, form.replaceFirst("csrf=[^&]*", "csrf=x")).status());
    assertTrue(started.isEmpty());
    assertTrue(history.get("d-api-anything").isEmpty());
  }

  @Test
  void stack_whenMayDeploy_thenDeployFormForThatStack() {
    append("d-1", "orders", T0);
    Document page = html(get("/console/stacks/orders", session()));
    assertEquals("orders", page.selectFirst("#deploy-panel form#deploy input[name=stackName]").val());
    assertNull(html(get("/console/stacks/orders", session(READER_TOKEN))).selectFirst("form#deploy"));
  }

  // --- helpers ---

  private void append(String id, String stackName, Instant at) {
    history.append(
        DeploymentRecord.requested(
            id, stack(stackName), DeploymentSource.API, "alice", "ab".repeat(32), "s3://a/b",
            Map.of(), Map.of(), at));
  }

  private void awaiting(String id, String stackName) {
    append(id, stackName, T0);
    history.transition(id, StatusChange.running(T0.plusSeconds(1)));
    ReviewReport review =
        new ReviewReport(
            Severity.HIGH, 1, Map.of("Modify", 1), Map.of(Severity.HIGH, 1),
            List.of(
                new ReviewedChange(
                    "Modify", "Db", "AWS::RDS::DBInstance", Replacement.TRUE, "Static",
                    List.of(), Severity.HIGH, "replaces the database")),
            List.of(), List.of(), false, List.of(), List.of(), "auto-below-high", true);
    history.transition(
        id, StatusChange.awaitingApproval(T0.plusSeconds(2), review, "token-" + id));
  }

  private static StackRef stack(String name) {
    return StackRef.of(ACCOUNT, REGION, name);
  }

  private String session() {
    return session(TOKEN);
  }

  private String session(String token) {
    ConsoleResponse r = post("/console/session", null, "token=" + token);
    String cookie = r.cookies().get(0);
    return cookie.substring(ConsoleSessions.COOKIE.length() + 1, cookie.indexOf(';'));
  }

  private String csrf(String session) {
    Document page = html(get("/console/stacks", session));
    return page.selectFirst("form#logout input[name=csrf]").val();
  }

  private ConsoleResponse get(String path, String session) {
    return get(path, session, Map.of());
  }

  private ConsoleResponse get(String path, String session, Map<String, String> query) {
    return console.handle(new ConsoleRequest("GET", path, query, headers(session), null, false));
  }

  private ConsoleResponse post(String path, String session, String form) {
    return console.handle(new ConsoleRequest("POST", path, Map.of(), headers(session), form, false));
  }

  private static Map<String, String> headers(String session) {
    Map<String, String> headers = new HashMap<>();
    if (session != null) {
      headers.put("cookie", "other=1; " + ConsoleSessions.COOKIE + "=" + session);
    }
    return headers;
  }

  private static Document html(ConsoleResponse r) {
    assertEquals(ConsoleResponse.HTML, r.headers().get("Content-Type"));
    return Jsoup.parse(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
