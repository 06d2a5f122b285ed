package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser, end to end through the local control plane on the emulator, as
 * a reviewer meets it: log in with the token, watch a change that needs approval arrive without
 * reloading, read its review, approve or reject it, see a failure's root cause. Built against the
 * URL and DOM contract in docs/console.md; each page's screenshot lands in docs/console/.
 */
class ConsoleBrowserIT {
  static final Set<String> ENDED = ReviewApprovalLocalIT.ENDED;

  /** Runs if a page puts caller text into the DOM as markup instead of text. */
  static final String SCRIPT = "<script>window.fogbankXss=1</script>";

  static final String IMG = "<img src=x onerror=\"window.fogbankXss=2\">";

  @TempDir static Path dir;
  static LocalConsoleBrowser console;
  static HeadlessChromium chromium;

  @BeforeAll
  static void start() throws IOException {
    console = LocalConsoleBrowser.start(dir);
    chromium = console.chromium;
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @BeforeEach
  void logOut() {
    chromium.driver().manage().deleteAllCookies();
  }

  @Test
  @DisplayName("a wrong token gets the login page's error and no session; the right one the stacks")
  void logIn_whenWrongToken_thenErrorAndNoSession() {
    console.open("/");
    chromium.until(d -> d.getCurrentUrl().endsWith("/console/login"));
    chromium.visible(By.id("token"));
    console.screenshot("login");

    chromium.visible(By.id("token")).sendKeys("not-the-token");
    chromium.clickAndAwaitNextPage(By.id("login-submit"));

    assertFalse(chromium.text(By.id("error")).isBlank(), chromium::pageText);
    console.open("/console/stacks");
    chromium.until(d -> d.getCurrentUrl().endsWith("/console/login"));
    console.logIn(LocalConsoleBrowser.TOKEN);
    console.open("/");
    chromium.until(d -> d.getCurrentUrl().endsWith("/console/stacks"));
  }

  @Test
  @DisplayName("a forged session cookie is sent back to the login page")
  void stacksPage_whenForgedSession_thenRedirectedToLogin() {
    console.open("/console/login");
    chromium.driver().manage().addCookie(new Cookie("fogbank_session", "forged.c2lnbmF0dXJl"));

    console.open("/console/stacks");

    chromium.until(d -> d.getCurrentUrl().endsWith("/console/login"));
    chromium.visible(By.id("token"));
  }

  @Test
  @DisplayName(
      "a table key change appears AWAITING_APPROVAL without a reload, reads Replacement True and"
          + " CRITICAL, is approved from the page to SUCCEEDED without a reload, then rolled back"
          + " from the stack page")
  void approvalFlow_whenApprovedInBrowser_thenSucceedsLiveAndRollsBack() {
    String stack = "orders";
    String first = console.deploy(stack, ReviewApprovalLocalIT.TABLE_V1);
    assertEquals("SUCCEEDED", console.api.awaitStatus(first, ENDED, HeadlessChromium.WAIT)
        .path("status").asText());
    console.logIn(LocalConsoleBrowser.TOKEN);
    chromium.markDocument();

    String id = console.deploy(stack, ReviewApprovalLocalIT.TABLE_V2);

    By row = By.cssSelector("tr[data-stack='" + stack + "'] td.status");
    chromium.awaitText(row, "AWAITING_APPROVAL");
    assertTrue(chromium.sameDocument(), "the stacks table updated in place, without a reload");
    chromium.visible(By.cssSelector("tr[data-stack='" + stack + "'] td.lock"));
    console.screenshot("stacks");

    console.open("/console/stacks/" + stack);
    chromium.visible(By.id("lock"));
    assertEquals(
        2, chromium.driver().findElements(By.cssSelector("#history tr[data-deployment]")).size());
    console.screenshot("stack");
    chromium.clickAndAwaitNextPage(By.cssSelector("#history tr[data-deployment='" + id + "'] a"));

    chromium.until(d -> d.getCurrentUrl().endsWith("/console/deployments/" + id));
    chromium.awaitText(By.id("status"), "AWAITING_APPROVAL");
    chromium.awaitText(By.id("risk-level"), "CRITICAL");
    chromium.visible(By.cssSelector("#changes tr:has(td.logical-id)"));
    // Read in one script: #live (holding the changes) is swapped every second while it waits.
    Map<String, String> table = cells("#changes tr:has(td.logical-id)");
    assertEquals("Table", cell(table, "logical-id"));
    assertEquals("Modify", cell(table, "action"));
    assertEquals("AWS::DynamoDB::Table", cell(table, "type"));
    assertEquals("True", cell(table, "replacement"));
    assertEquals("CRITICAL", cell(table, "risk"));
    assertTrue(cell(table, "reason").contains("KeySchema"), () -> cell(table, "reason"));
    chromium.visible(By.id("findings"));
    chromium.visible(By.id("cost-estimate"));
    console.screenshot("deployment-awaiting-approval");

    chromium.clickAndAwaitNextPage(By.id("approve-button"));
    chromium.visible(By.id("status"));
    chromium.markDocument();
    chromium.awaitText(By.id("status"), "SUCCEEDED");

    assertTrue(chromium.sameDocument(), "#status moved to SUCCEEDED in place, without a reload");
    assertTrue(chromium.driver().findElements(By.id("approve-button")).isEmpty(), "decided");
    assertTrue(chromium.visible(By.id("timeline")).findElements(By.tagName("li")).size() >= 2);
    // The stack events section polls on its own while the deployment runs: the stack's update
    // shows there (GET /deployments/{id}/events; moto records the stack's own events only, not
    // one per resource), still without a reload. (Read in one script: htmx swaps the section.)
    chromium.until(d -> Boolean.TRUE.equals(chromium.script(
        "return [...document.querySelectorAll('#stack-events-table th.logical-id')]"
            + ".some(e => e.textContent.trim() === arguments[0])", stack)));
    assertTrue(chromium.sameDocument(), "stack events arrived in place");
    JsonNode done = console.api.get("/deployments/" + id).body();
    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    assertEquals("APPROVED", done.path("approval").path("decision").asText(), done::toString);
    console.screenshot("deployment-succeeded");

    console.open("/console/stacks/" + stack);
    chromium.clickAndAwaitNextPage(
        By.cssSelector("form.rollback[data-deployment='" + first + "'] button"));
    chromium.until(d -> d.getCurrentUrl().contains("/console/deployments/") && !d.getCurrentUrl().endsWith(id));
    String url = chromium.driver().getCurrentUrl();
    String rollback = url.substring(url.lastIndexOf('/') + 1);
    JsonNode redeploy = console.api.get("/deployments/" + rollback).body();
    assertEquals("rollback", redeploy.path("source").asText(), redeploy::toString);
    assertEquals(stack, redeploy.path("stackName").asText(), redeploy::toString);
    chromium.visible(By.id("status"));
    console.api.awaitStatus(rollback, Set.of("AWAITING_APPROVAL"), HeadlessChromium.WAIT);
    console.api.post("/deployments/" + rollback + "/reject", "{\"reason\": \"test over\"}");
  }

  @Test
  @DisplayName(
      "the scans page starts a drift scan and shows its progress end in place; the notifications"
          + " page lists a failed delivery and retries it once the webhook is back")
  void scansAndNotifications_whenStartedAndRetriedInBrowser_thenShownAndDelivered() {
    String stack = "notify";
    LocalConsoleBrowser.flakyUp = false;
    try {
      LocalRuntimeClient.Answer put = console.api.put("/notifications/channels",
          "{\"channels\": [{\"name\": \"flaky\", \"secretId\": \"flaky\"}]}");
      assertEquals(200, put.status(), put.body()::toString);
      // A template the Validate step refuses fails fast, and its FAILED message goes to flaky.
      String id = console.deploy(stack, """
          Resources:
            Drops:
              Type: AWS::S3::Bucket
              Properties:
                BucketNme: drops
          """);
      console.api.awaitStatus(id, ENDED, HeadlessChromium.WAIT);
      chromium.until(d -> console.api.get("/notifications/failed?limit=100").body().toString()
          .contains("\"channel\":\"flaky\""));
      console.logIn(LocalConsoleBrowser.TOKEN);

      // Scans: start a drift scan of every stack; its progress polls in place until it ends.
      console.open("/console/scans");
      chromium.clickAndAwaitNextPage(By.cssSelector("#start-drift-scan button"));
      chromium.until(d -> d.getCurrentUrl().contains("/console/scans?driftScan=ds-"));
      chromium.markDocument();
      chromium.until(d -> Set.of("SUCCEEDED", "SKIPPED").contains(
          String.valueOf(chromium.currentText(By.id("drift-scan-status")))));
      assertTrue(chromium.sameDocument(), "the scan's progress updated in place");
      chromium.visible(By.id("drift-counts"));
      String scanId = chromium.driver().findElement(By.id("drift-scan")).getAttribute("data-scan");
      assertTrue(Set.of("SUCCEEDED", "SKIPPED").contains(chromium.visible(By.cssSelector(
          "#drift-scan-table tr[data-scan='" + scanId + "']")).getAttribute("data-status")),
          "the recent drift scans list the scan as it ended");
      console.screenshot("scans");

      // Notifications: the deployment's messages to "flaky" were refused (404): kept.
      console.open("/console/notifications");
      chromium.visible(By.cssSelector("#channel-list li[data-channel='flaky']"));
      WebElement row = chromium.visible(By.cssSelector("#failed-notifications tr[data-failed]"));
      String failed = row.getAttribute("data-failed");
      assertEquals("flaky", cell(row, "channel"));
      console.screenshot("notifications");
      LocalConsoleBrowser.flakyUp = true;
      chromium.clickAndAwaitNextPage(
          By.cssSelector("form.retry[data-failed='" + failed + "'] button"));
      assertTrue(chromium.text(By.id("message")).contains(failed));
      assertTrue(chromium.driver().findElements(
          By.cssSelector("tr[data-failed='" + failed + "']")).isEmpty(), "delivered, not kept");
      JsonNode kept = console.api.get("/notifications/failed?limit=100").body();
      assertFalse(kept.toString().contains(failed), kept::toString);
    } finally {
      LocalConsoleBrowser.flakyUp = true;
      console.api.put("/notifications/channels", "{\"channels\": []}");
    }
  }

  @Test
  @DisplayName(
      "done-when, all in the browser: deploy v1 from the stacks page, deploy a key change from the"
          + " stack page, read Replacement True and CRITICAL, approve, watch SUCCEEDED, roll back"
          + " to v1 and approve that too")
  void doneWhen_deployReviewApproveWatchRollBack_withoutTheTerminal() {
    String stack = "shop";
    console.logIn(LocalConsoleBrowser.TOKEN);

    // Deploy v1 from the stacks page's form.
    chromium.visible(By.cssSelector("#deploy-panel > summary")).click();
    chromium.visible(By.id("deploy-stack")).sendKeys(stack);
    chromium.visible(By.id("deploy-template")).sendKeys(ReviewApprovalLocalIT.TABLE_V1);
    chromium.visible(By.id("deploy-parameters"));
    console.screenshot("deploy-form");
    chromium.clickAndAwaitNextPage(By.id("deploy-submit"));
    String v1 = awaitDeploymentPage(null);
    chromium.markDocument();
    chromium.awaitText(By.id("status"), "SUCCEEDED");
    assertTrue(chromium.sameDocument(), "#status reached SUCCEEDED in place");

    // Deploy the change (the table's key) from the stack page's form.
    chromium.clickAndAwaitNextPage(By.id("stack-link"));
    chromium.visible(By.cssSelector("#deploy-panel > summary")).click();
    chromium.visible(By.id("deploy-template")).sendKeys(ReviewApprovalLocalIT.TABLE_V2);
    chromium.clickAndAwaitNextPage(By.id("deploy-submit"));
    String v2 = awaitDeploymentPage(v1);

    // Review: replacement and risk, then approve and watch it finish.
    chromium.awaitText(By.id("status"), "AWAITING_APPROVAL");
    chromium.visible(By.cssSelector("#changes tr:has(td.logical-id)"));
    // Read in one script: #live (holding the changes) is swapped every second while it waits.
    Map<String, String> table = cells("#changes tr:has(td.logical-id)");
    assertEquals("True", cell(table, "replacement"));
    assertEquals("CRITICAL", cell(table, "risk"));
    chromium.awaitText(By.id("risk-level"), "CRITICAL");
    narrowScreen_changesTableScrollsInsteadOfSqueezing();
    chromium.clickAndAwaitNextPage(By.id("approve-button"));
    chromium.markDocument();
    chromium.awaitText(By.id("status"), "SUCCEEDED");
    assertTrue(chromium.sameDocument(), "#status reached SUCCEEDED in place");

    // Roll back to v1 from the stack page: the key changes back, so it waits for approval too.
    chromium.clickAndAwaitNextPage(By.id("stack-link"));
    chromium.clickAndAwaitNextPage(
        By.cssSelector("form.rollback[data-deployment='" + v1 + "'] button"));
    String back = awaitDeploymentPage(v2);
    chromium.awaitText(By.id("status"), "AWAITING_APPROVAL");
    chromium.clickAndAwaitNextPage(By.id("approve-button"));
    chromium.awaitText(By.id("status"), "SUCCEEDED");

    // What the API records agrees: three deployments, the last a rollback that succeeded.
    JsonNode rolledBack = console.api.get("/deployments/" + back).body();
    assertEquals("rollback", rolledBack.path("source").asText(), rolledBack::toString);
    assertEquals("SUCCEEDED", rolledBack.path("status").asText(), rolledBack::toString);
    assertEquals("local-admin", console.api.get("/deployments/" + v1).body()
        .path("requester").asText(), "the form deploys as the logged-in principal");
    assertEquals("APPROVED", console.api.get("/deployments/" + v2).body()
        .path("approval").path("decision").asText());
  }

  /**
   * On a phone-sized window the changes table keeps its columns (its region scrolls sideways) and
   * Approve is reachable with the keyboard alone.
   */
  private static void narrowScreen_changesTableScrollsInsteadOfSqueezing() {
    chromium.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
    try {
      Number tableWidth =
          (Number) chromium.script(
              "return document.querySelector('#changes').getBoundingClientRect().width");
      Number overflow =
          (Number) chromium.script(
              "const r = document.querySelector('#changes').parentElement;"
                  + " return r.scrollWidth - r.clientWidth");
      // 390 px wide, yet the table keeps its 44rem: its columns are not squeezed to fit.
      assertTrue(tableWidth.doubleValue() >= 600, "changes table squeezed to " + tableWidth);
      assertTrue(overflow.doubleValue() > 0, "the changes region scrolls sideways");
      console.screenshot("deployment-phone");
      chromium.script("document.activeElement.blur(); document.body.focus()");
      boolean reached = false;
      for (int i = 0; i < 40 && !reached; i++) {
        chromium.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
        reached = "approve-button".equals(
            chromium.driver().switchTo().activeElement().getAttribute("id"));
      }
      assertTrue(reached, "Approve is reachable with Tab");
    } finally {
      chromium.driver().manage().window().setSize(HeadlessChromium.WINDOW);
    }
  }

  /** Waits for the redirect to a deployment page other than {@code previous}; its id. */
  private static String awaitDeploymentPage(String previous) {
    chromium.until(
        d -> d.getCurrentUrl().contains("/console/deployments/")
            && (previous == null || !d.getCurrentUrl().endsWith("/" + previous)));
    String url = chromium.driver().getCurrentUrl();
    chromium.visible(By.id("status"));
    return url.substring(url.lastIndexOf('/') + 1);
  }

  @Test
  @DisplayName("a reject from the page records the reason and ends the deployment CANCELLED")
  void rejectFlow_whenRejectedWithReason_thenCancelledWithReason() {
    String stack = "reject-me";
    String id =
        console.deploy(
            stack, LocalControlPlaneIT.BUCKET_TEMPLATE, Map.of(), Map.of(), "always");
    console.api.awaitStatus(id, Set.of("AWAITING_APPROVAL"), HeadlessChromium.WAIT);
    console.logIn(LocalConsoleBrowser.TOKEN);

    console.open("/console/deployments/" + id);
    chromium.visible(By.id("reason")).sendKeys("not during the sale");
    chromium.clickAndAwaitNextPage(By.id("reject-button"));
    chromium.awaitText(By.id("status"), "CANCELLED");

    assertTrue(chromium.pageText().contains("not during the sale"), chromium::pageText);
    JsonNode done = console.api.get("/deployments/" + id).body();
    assertEquals("REJECTED", done.path("approval").path("decision").asText(), done::toString);
    assertEquals("not during the sale", done.path("approval").path("reason").asText());
    console.screenshot("deployment-rejected");
  }

  @Test
  @DisplayName("a POST to approve without the form's csrf is refused 403 and changes nothing")
  void approve_whenPostedWithoutCsrf_thenForbiddenAndStillWaiting() {
    String stack = "csrf-check";
    String id =
        console.deploy(
            stack, LocalControlPlaneIT.BUCKET_TEMPLATE, Map.of(), Map.of(), "always");
    console.api.awaitStatus(id, Set.of("AWAITING_APPROVAL"), HeadlessChromium.WAIT);
    console.logIn(LocalConsoleBrowser.TOKEN);
    console.open("/console/deployments/" + id);
    String action = (String) chromium.script("return document.getElementById('approve').action");

    Object status =
        chromium.asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin',"
                + " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: 'csrf=forged'}).then(r => done(r.status), e => done(String(e)));",
            action);

    assertEquals(403L, status, "status of a POST with a forged csrf");
    JsonNode still = console.api.get("/deployments/" + id).body();
    assertEquals("AWAITING_APPROVAL", still.path("status").asText(), still::toString);
    console.api.post("/deployments/" + id + "/reject", "{\"reason\": \"test over\"}");
  }

  @Test
  @DisplayName(
      "a read-only token sees the waiting deployment but no button, and its forged approve POST"
          + " gets the 403 page and changes nothing")
  void readOnlyToken_whenForgingApprove_thenNoButtonsAndForbidden() {
    String stack = "viewer-check";
    String id =
        console.deploy(
            stack, LocalControlPlaneIT.BUCKET_TEMPLATE, Map.of(), Map.of(), "always");
    console.api.awaitStatus(id, Set.of("AWAITING_APPROVAL"), HeadlessChromium.WAIT);
    console.logIn(LocalConsoleBrowser.TOKEN);
    console.open("/console/deployments/" + id);
    chromium.visible(By.id("approve-button"));
    String approve = (String) chromium.script("return document.getElementById('approve').action");
    chromium.driver().manage().deleteAllCookies();

    console.logIn(LocalConsoleBrowser.VIEWER_TOKEN);
    chromium.awaitText(By.cssSelector("tr[data-stack='" + stack + "'] td.status"), "AWAITING_APPROVAL");
    console.open("/console/deployments/" + id);
    chromium.awaitText(By.id("status"), "AWAITING_APPROVAL");
    for (String control : List.of("#approve", "#reject", "#approve-button", "#reject-button")) {
      assertTrue(
          chromium.driver().findElements(By.cssSelector(control)).isEmpty(),
          control + " is shown to a read-only caller");
    }
    console.screenshot("deployment-read-only");
    console.open("/console/stacks/" + stack);
    assertTrue(chromium.driver().findElements(By.cssSelector("form.rollback, #force-release")).isEmpty());

    // The viewer's own session and CSRF token, posted to the approve action it was not shown.
    String csrf = chromium.driver().findElement(By.cssSelector("input[name='csrf']")).getAttribute("value");
    chromium.script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
            + "const c = document.createElement('input'); c.type = 'hidden'; c.name = 'csrf';"
            + " c.value = arguments[1]; f.appendChild(c); document.body.appendChild(f); f.submit();",
        approve,
        csrf);

    chromium.visible(By.id("forbidden"));
    console.screenshot("forbidden");
    JsonNode still = console.api.get("/deployments/" + id).body();
    assertEquals("AWAITING_APPROVAL", still.path("status").asText(), still::toString);
    assertEquals("", still.path("approval").path("decision").asText(), still::toString);
    console.api.post("/deployments/" + id + "/reject", "{\"reason\": \"test over\"}");
  }

  @Test
  @DisplayName("a deployment that fails shows its root cause: the error code and the message")
  void failedDeployment_whenOpened_thenShowsRootCause() {
    String id =
        console.deploy(
            "misspelt",
            """
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketNme: drops
            """);
    JsonNode failed = console.api.awaitStatus(id, ENDED, HeadlessChromium.WAIT);
    assertEquals("FAILED", failed.path("status").asText(), failed::toString);
    console.logIn(LocalConsoleBrowser.TOKEN);

    console.open("/console/deployments/" + id);

    chromium.awaitText(By.id("status"), "FAILED");
    String cause = chromium.text(By.id("root-cause"));
    assertTrue(cause.contains("TEMPLATE_INVALID"), cause);
    assertTrue(cause.contains("unknown property BucketNme"), cause);
    assertTrue(chromium.driver().findElements(By.id("approve")).isEmpty(), "nothing to approve");
    console.screenshot("deployment-failed");
  }

  @Test
  @DisplayName(
      "markup in a tag value, a parameter and a status reason is shown as text on every page and"
          + " never runs")
  void hostileText_whenShown_thenEscapedAndInert() {
    String stack = "hostile";
    String waiting =
        console.deploy(
            stack,
            LocalControlPlaneIT.BUCKET_TEMPLATE,
            Map.of("Team", IMG),
            Map.of("owner", SCRIPT),
            "always");
    console.api.awaitStatus(waiting, Set.of("AWAITING_APPROVAL", "FAILED"), HeadlessChromium.WAIT);
    String failing =
        console.deploy(
            stack + "-reason",
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                + "      \"" + IMG.replace("\"", "\\\"") + "\": 1\n");
    JsonNode failed = console.api.awaitStatus(failing, ENDED, HeadlessChromium.WAIT);
    assertTrue(failed.path("error").path("message").asText().contains(IMG), failed::toString);
    console.logIn(LocalConsoleBrowser.TOKEN);

    for (String path :
        List.of(
            "/console/stacks",
            "/console/stacks/" + stack,
            "/console/deployments/" + waiting,
            "/console/deployments/" + failing)) {
      console.open(path);
      assertNull(chromium.script("return window.fogbankXss"), "markup ran on " + path);
      assertFalse(
          chromium.driver().getPageSource().contains(SCRIPT), "raw <script> element on " + path);
      assertTrue(
          chromium.driver().findElements(By.cssSelector("img[src='x']")).isEmpty(),
          "an <img> element from caller text on " + path);
    }
    String cause = chromium.text(By.id("root-cause"));
    assertTrue(cause.contains(IMG), "the status reason is shown as text: " + cause);
    console.screenshot("deployment-escaped");
    console.api.post("/deployments/" + waiting + "/reject", "{\"reason\": \"test over\"}");
  }

  @Test
  @DisplayName("an unknown deployment or stack gets the 404 page, a name with markup shown as text")
  void unknownIds_whenOpened_thenNotFoundPage() {
    console.logIn(LocalConsoleBrowser.TOKEN);

    console.open("/console/deployments/d-unknown");
    chromium.visible(By.id("not-found"));
    console.screenshot("not-found");
    console.open("/console/stacks/%3Cscript%3Ewindow.fogbankXss%3D1%3C%2Fscript%3E");
    chromium.visible(By.id("not-found"));

    assertNull(chromium.script("return window.fogbankXss"), "markup in the path ran");
  }

  /** A row's cells by class, read at once (a polled region may swap the row between reads). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> cells(String rowCss) {
    return (Map<String, String>) chromium.script(
        "const r = document.querySelector(arguments[0]); const m = {};"
            + " if (r) { for (const c of r.querySelectorAll('td[class]')) {"
            + " m[c.className] = c.textContent.trim(); } } return m;",
        rowCss);
  }

  private static String cell(Map<String, String> row, String cssClass) {
    return row.getOrDefault(cssClass, "");
  }

  private static String cell(WebElement row, String cssClass) {
    return row.findElement(By.cssSelector("td." + cssClass)).getText().strip();
  }
}
