package dev.fogbank.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentFormatTest {
  static final String REJECTED =
      """
      {"deploymentId":"d-1","stackName":"site","status":"REJECTED","source":"api",
       "requester":"local","requestedAt":"2026-12-06T20:00:00.123456Z",
       "startedAt":"2026-12-06T20:00:01Z","endedAt":"2026-12-06T20:01:16Z",
       "parameters":{"Team":"web","Env":"prod"},
       "error":{"code":"REJECTED","message":"1 finding blocks this deployment"},
       "findings":[
         {"ruleId":"FB-S3-002","severity":"HIGH","resource":"Site","line":6,"column":7,
          "message":"public ACL","blocking":true,"suppressed":false},
         {"ruleId":"FB-DATA-001","severity":"LOW","resource":"Site","message":"no DeletionPolicy",
          "blocking":false,"suppressed":false}]}
      """;

  @Test
  void details_whenRejected_thenOneFieldALineAndEachFindingMarked() throws IOException {
    String text = DeploymentFormat.details(json(REJECTED));

    assertEquals(
        """
        deployment  d-1
        stack       site
        status      REJECTED
        source      api
        requester   local
        requested   2026-12-06T20:00:00Z
        started     2026-12-06T20:00:01Z
        ended       2026-12-06T20:01:16Z
        duration    1m15s
        parameters  Team=web, Env=prod
        error       REJECTED: 1 finding blocks this deployment
          HIGH FB-S3-002 Site (line 6:7): public ACL [blocks]
          LOW FB-DATA-001 Site: no DeletionPolicy
        """,
        text);
  }

  /** As GET /deployments/{id} answers for an update that adds an RDS instance. */
  static final String WITH_COST =
      """
      {"deploymentId":"d-2","stackName":"shop","status":"SUCCEEDED","source":"api",
       "startedAt":"2026-12-06T20:00:01Z","endedAt":"2026-12-06T20:00:31Z",
       "changeSummary":{"adds":1,"modifies":0,"removes":0},"riskLevel":"LOW",
       "costEstimate":{"monthly":22.71,"annual":272.52,"currency":"USD","deltaMonthly":14.71,
        "deltaPercent":183.9,"coverage":{"priced":2,"usageBased":1,"unknown":0},
        "resources":[{"logicalId":"Orders","type":"AWS::RDS::DBInstance",
         "monthlyBefore":null,"monthlyAfter":14.71}]}}
      """;

  @Test
  void details_whenCostEstimate_thenRiskAndCostLines() throws IOException {
    String text = DeploymentFormat.details(json(WITH_COST));

    assertTrue(text.contains("risk        LOW\n"), text);
    assertTrue(
        text.contains(
            "cost        $22.71/month ($272.52/year), +$14.71/month (+183.9%); not counted: 1"
                + " usage-based\n"),
        text);
  }

  @Test
  void summary_whenCostEstimate_thenCostLineAfterTheOutcome() throws IOException {
    assertEquals(
        "shop: SUCCEEDED in 30s (+1 ~0 -0)\n"
            + "  cost $22.71/month ($272.52/year), +$14.71/month (+183.9%); not counted: 1"
            + " usage-based",
        DeploymentFormat.summary(json(WITH_COST)));
  }

  @Test
  void cost_whenUnavailable_thenTheReason() throws IOException {
    assertEquals(
        "estimate unavailable: no prices could be read: throttled",
        DeploymentFormat.cost(
            json("{\"costEstimate\":{\"unavailable\":\"no prices could be read: throttled\"}}")));
  }

  @Test
  void summary_whenRejected_thenOutcomeDurationErrorAndOnlyTheBlockingFindings()
      throws IOException {
    String summary = DeploymentFormat.summary(json(REJECTED));

    assertEquals(
        "site: REJECTED in 1m15s — REJECTED: 1 finding blocks this deployment\n"
            + "  HIGH FB-S3-002 Site (line 6:7): public ACL [blocks]",
        summary);
  }

  @Test
  void progress_thenTimeToTheSecondStackIdAndStatus() throws IOException {
    assertEquals(
        "2026-12-06T20:00:05Z  site  d-1  REJECTED",
        DeploymentFormat.progress(json(REJECTED), Instant.parse("2026-12-06T20:00:05.987Z")));
  }

  @Test
  void history_whenEmpty_thenSaysSoInsteadOfAnEmptyTable() throws IOException {
    assertEquals("no deployments\n", DeploymentFormat.history(json("{\"items\":[]}")));
  }

  @Test
  void generic_whenObject_thenFieldsWithNestedValuesAsJson() throws IOException {
    assertEquals(
        "status      WAITING\nreview      {\"risk\":\"HIGH\"}\n",
        DeploymentFormat.generic(json("{\"status\":\"WAITING\",\"review\":{\"risk\":\"HIGH\"}}")));
  }

  @Test
  void table_thenColumnsAlignedAndNewlinesInCellsFlattened() {
    String t = Table.of("A", "LONGER").row("wide cell", "x").row("y", "two\nlines").render();

    assertEquals("A          LONGER\nwide cell  x\ny          two lines\n", t);
    assertThrows(IllegalArgumentException.class, () -> Table.of("A").row("1", "2"));
  }

  @Test
  void isTerminal_whenStatusUnknownToThisCli_thenNotTerminal() {
    assertTrue(DeploymentFollower.isTerminal("NO_CHANGES"));
    assertTrue(!DeploymentFollower.isTerminal("RUNNING"));
    assertTrue(!DeploymentFollower.isTerminal("WAITING_FOR_APPROVAL"));
  }

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }
}
