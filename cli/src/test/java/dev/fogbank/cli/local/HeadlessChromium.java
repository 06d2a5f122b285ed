package dev.fogbank.cli.local;

import dev.fogbank.shared.testing.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, driven through chromedriver, shared by the tests of a class. The binaries
 * are Debian's {@code chromium} and {@code chromium-driver}: {@code FOGBANK_CHROMIUM} and {@code
 * FOGBANK_CHROMEDRIVER} (as {@code scripts/test} exports them), else {@code chromium} and {@code
 * chromedriver} on PATH. Missing, they skip the test outside CI and fail it in CI. Waits are
 * explicit ({@link WebDriverWait}), never sleeps.
 */
final class HeadlessChromium implements AutoCloseable {
  static final String CHROMIUM_VARIABLE = "FOGBANK_CHROMIUM";
  static final String CHROMEDRIVER_VARIABLE = "FOGBANK_CHROMEDRIVER";

  /** A laptop's window: the screenshots in docs/console are this size. */
  static final Dimension WINDOW = new Dimension(1280, 900);

  /** A screenshot of a long page stops here. */
  static final int MAX_SHOT_HEIGHT = 2400;

  /** Long enough for a deployment on the emulator to move on; a wait ends as soon as it holds. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts Chromium, or skips (fails in CI) the calling test saying what to install. */
  static HeadlessChromium start() {
    Path chromium = executable(CHROMIUM_VARIABLE, "chromium");
    Path chromedriver = executable(CHROMEDRIVER_VARIABLE, "chromedriver");
    Prerequisite.require(
        chromium != null && chromedriver != null,
        "headless Chromium is not installed (apt-get install chromium chromium-driver, or set "
            + CHROMIUM_VARIABLE
            + " and "
            + CHROMEDRIVER_VARIABLE
            + "; scripts/test installs them): the console was NOT tested in a browser");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--lang=en-US",
        "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(WINDOW);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    return new HeadlessChromium(driver);
  }

  WebDriver driver() {
    return driver;
  }

  /** Loads {@code url} and waits for the document to be complete. */
  void open(URI url) {
    driver.get(url.toString());
    until(d -> "complete".equals(script("return document.readyState")));
  }

  /** The element once it is visible. */
  WebElement visible(By by) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Clicks what submits a form or follows a link and waits until the browser has left the current
   * document and loaded the next one, so that what follows (a {@link #markDocument()} above all)
   * looks at the new page, not at the old one still on screen while the request is in flight.
   */
  void clickAndAwaitNextPage(By by) {
    WebElement page = driver.findElement(By.tagName("html"));
    try {
      visible(by).click();
    } catch (org.openqa.selenium.WebDriverException e) {
      // A polled region swapped in while Chrome located the element (its DevTools answers "Node
      // with given id does not belong to the document"): the click never happened; once more.
      if (e.getMessage() == null || !e.getMessage().contains("does not belong to the document")) {
        throw e;
      }
      visible(by).click();
    }
    waiting().withMessage(() -> "clicking " + by + " never loaded another page")
        .until(ExpectedConditions.stalenessOf(page));
    until(d -> "complete".equals(script("return document.readyState")));
  }

  /** Waits until the element's text is exactly {@code text} (trimmed), e.g. a status that moves. */
  WebElement awaitText(By by, String text) {
    waiting()
        .withMessage(
            () -> by + " never read \"" + text + "\"; it reads \"" + currentText(by) + "\"")
        .until(d -> text.equals(currentText(by)));
    return driver.findElement(by);
  }

  /**
   * The element's text (trimmed) once it is visible, read again if a polled region replaces the
   * element between finding and reading it.
   */
  String text(By by) {
    visible(by);
    return waiting().withMessage(() -> by + " was never readable").until(d -> currentText(by));
  }

  /** Waits for a condition on the driver; the message says what did not happen. */
  <T> T until(Function<WebDriver, T> condition) {
    return waiting().until(condition);
  }

  private WebDriverWait waiting() {
    // Polling replaces elements (htmx outerHTML swaps): one found may be gone when it is read.
    WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(javascript, args);
  }

  /** Runs asynchronous JavaScript; it calls its last argument with the result. */
  Object asyncScript(String javascript, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(javascript, args);
  }

  /**
   * Marks the current document so that {@link #sameDocument()} tells whether a later check still
   * looks at it: an update by polling keeps the mark, a reload or navigation loses it.
   */
  void markDocument() {
    script("window.fogbankDocumentMark = true;");
  }

  boolean sameDocument() {
    return Boolean.TRUE.equals(script("return window.fogbankDocumentMark === true;"));
  }

  /**
   * Saves a PNG of the whole page (the window made as tall as the document, at most {@link
   * #MAX_SHOT_HEIGHT}) as {@code folder/name.png}, replacing an earlier one.
   */
  Path screenshot(Path folder, String name) {
    // The window's height includes what is not page (outer minus inner height).
    Number height =
        (Number)
            script(
                "return document.documentElement.scrollHeight"
                    + " + (window.outerHeight - window.innerHeight)");
    int tall = Math.min(MAX_SHOT_HEIGHT, Math.max(WINDOW.getHeight(), height.intValue()));
    driver.manage().window().setSize(new Dimension(WINDOW.getWidth(), tall));
    File shot;
    try {
      shot = driver.getScreenshotAs(OutputType.FILE);
    } finally {
      driver.manage().window().setSize(WINDOW);
    }
    try {
      Files.createDirectories(folder);
      Path target = folder.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("could not save screenshot " + name + ": " + e, e);
    } finally {
      shot.delete();
    }
  }

  /** What the page says: its visible text. */
  String pageText() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** The element's text now (trimmed), or null while it is absent or being replaced. */
  String currentText(By by) {
    try {
      return driver.findElements(by).stream()
          .findFirst()
          .map(e -> e.getText().strip())
          .orElse(null);
    } catch (StaleElementReferenceException replaced) {
      return null;
    } catch (WebDriverException replaced) {
      // Chromium's other word for a node swapped out between finding and reading it (htmx
      // replaced the polled region): "Node with given id does not belong to the document".
      if (String.valueOf(replaced.getMessage()).contains("does not belong to the document")) {
        return null;
      }
      throw replaced;
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  /** {@code variable} if set (null unless it names an executable), else {@code command} on PATH. */
  private static Path executable(String variable, String command) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      return Files.isExecutable(path) ? path : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
