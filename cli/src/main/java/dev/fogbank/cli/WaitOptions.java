package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.DeploymentFollower;
import dev.fogbank.cli.client.DeploymentFormat;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.cli.client.Palette;
import dev.fogbank.cli.client.ProgressLine;
import dev.fogbank.cli.client.StackEventFeed;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --wait} and how long: shared by the commands that start or show a deployment. */
public final class WaitOptions {
  @Option(
      names = "--wait",
      description =
          "Follow the deployment until it ends, printing each status change and each stack"
              + " event (time, logical id, status, reason); exit 0 when it SUCCEEDED or had"
              + " NO_CHANGES, 1 when it FAILED, 9 when it was rejected, 10 when it was"
              + " cancelled.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = WaitOptions.DurationConverter.class,
      description = "How long --wait follows (30m, 90s, 2h or ISO-8601; default 60m); then exit 8.")
  Duration timeout = Duration.ofMinutes(60);

  @Option(names = "--poll-interval", hidden = true, description = "Between two GETs (ms).")
  long pollMillis = 1_000;

  /**
   * Follows {@code deploymentId} until it ends: status changes as lines (on stderr when the output
   * is a document, so that stdout stays one JSON, YAML or CSV document), then the final record and a summary.
   */
  int follow(ApiOptions api, String deploymentId) {
    // A document output (json, yaml, csv) keeps stdout for the document alone.
    PrintWriter progress = api.output == OutputFormat.table ? api.out() : api.err();
    Palette palette = api.palette();
    // The redrawn line only on a terminal: a pipe or a log file gets whole lines, no \r.
    ProgressLine line =
        api.output == OutputFormat.table && FogbankCli.stdoutIsTerminal()
            ? new ProgressLine(progress, palette, Instant.now())
            : null;
    DeploymentFollower.Outcome outcome =
        new DeploymentFollower(api.client(), Duration.ofMillis(pollMillis), timeout)
            .follow(
                deploymentId,
                d -> {
                  if (line != null) {
                    line.clear();
                  }
                  progress.println(DeploymentFormat.progress(d, Instant.now(), palette));
                  progress.flush();
                },
                e -> {
                  if (line != null) {
                    line.clear();
                  }
                  progress.println(StackEventFeed.line(e));
                  progress.flush();
                },
                d -> {
                  if (line != null) {
                    line.draw(d, Instant.now());
                  }
                });
    if (line != null) {
      line.clear();
    }
    JsonNode last = outcome.deployment();
    if (api.output == OutputFormat.table) {
      api.out().print(DeploymentFormat.details(last, palette));
      api.out().println(DeploymentFormat.summary(last, palette));
    } else {
      api.print(last, DeploymentFormat::details);
    }
    api.out().flush();
    if (!outcome.ended()) {
      api.err().println(
          "fogbank: still " + last.path("status").asText() + " after " + timeout
              + "; it goes on: fogbank status " + deploymentId + " --wait");
      api.err().flush();
    }
    return outcome.exitCode();
  }

  /** 30m, 90s, 2h, a number of seconds, or ISO-8601 (PT30M). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String t = value.trim();
      try {
        if (t.matches("\\d+")) {
          return Duration.ofSeconds(Long.parseLong(t));
        }
        return Duration.parse(
            t.matches("\\d+[smhSMH]") ? "PT" + t.toUpperCase(Locale.ROOT) : t);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration such as 30m, 90s or PT1H");
      }
    }
  }
}
