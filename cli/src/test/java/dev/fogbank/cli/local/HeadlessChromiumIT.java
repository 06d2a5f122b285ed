package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser harness itself, on routes that exist without the console: a real Chromium reaches
 * the local control plane, runs JavaScript, and tells a reload from an in-place update.
 */
class HeadlessChromiumIT {
  @TempDir static Path dir;
  static LocalConsoleBrowser console;

  @BeforeAll
  static void start() throws IOException {
    console = LocalConsoleBrowser.start(dir);
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  @DisplayName("Chromium loads /health from the local control plane and reads its JSON")
  void health_whenOpenedInChromium_thenReadsOk() {
    console.open("/health");

    assertTrue(console.chromium.pageText().contains("\"status\":\"ok\""), console.chromium::pageText);
    assertEquals(console.url("/health").toString(), console.chromium.driver().getCurrentUrl());
  }

  @Test
  @DisplayName("an API route opened without the bearer token shows the 401 UNAUTHORIZED error")
  void apiRoute_whenOpenedWithoutToken_thenUnauthorized() {
    console.open("/stacks/web/deployments");

    assertTrue(console.chromium.pageText().contains("UNAUTHORIZED"), console.chromium::pageText);
  }

  @Test
  @DisplayName("a mark set by script survives in the same document and is gone after a reload")
  void documentMark_whenReloaded_thenGone() {
    console.open("/health");
    console.chromium.markDocument();
    assertTrue(console.chromium.sameDocument(), "the mark is kept in the same document");

    console.chromium.driver().navigate().refresh();
    console.chromium.until(d -> "complete".equals(console.chromium.script("return document.readyState")));

    assertFalse(console.chromium.sameDocument(), "a reload loses the mark");
  }
}
