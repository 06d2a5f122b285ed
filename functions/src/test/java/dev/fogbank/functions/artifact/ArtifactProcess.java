package dev.fogbank.functions.artifact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh JVM, started with the java21 runtime's JIT and GC settings, whose class path is one
 * Lambda artifact and {@link ArtifactInvoker} only; its environment is exactly what the caller
 * gives (the function's configuration), nothing inherited. Uses the JDK only, so that {@link
 * ColdStartBench} can run it from a bare {@code java -cp test-classes}.
 */
final class ArtifactProcess {

  /** What the java21 managed runtime starts the JVM with (tiered C1 only, serial GC, CDS). */
  static final List<String> LAMBDA_JVM_FLAGS =
      List.of(
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xshare:auto");

  /** Errors that mean the artifact lacks a class or service its code path needs. */
  static final Pattern MISSING_CLASS =
      Pattern.compile(
          "NoClassDefFoundError|ClassNotFoundException|ServiceConfigurationError"
              + "|NoSuchMethodError|NoSuchFieldError|VerifyError|LinkageError"
              + "|ExceptionInInitializerError");

  private ArtifactProcess() {}

  /** How one run went; {@code timeToResult} is from process start to the result line read. */
  record Outcome(int exitCode, String stdout, String stderr, Duration timeToResult) {

    Optional<String> result() {
      return stdout
          .lines()
          .filter(l -> l.startsWith(ArtifactInvoker.RESULT_PREFIX))
          .map(l -> l.substring(ArtifactInvoker.RESULT_PREFIX.length()))
          .findFirst();
    }

    boolean missingClass() {
      return MISSING_CLASS.matcher(stdout).find() || MISSING_CLASS.matcher(stderr).find();
    }

    /** The invoker's own timing, {@code init} or {@code invoke}, if it printed one. */
    Optional<Duration> timing(String part) {
      return stdout
          .lines()
          .filter(l -> l.startsWith(ArtifactInvoker.TIMING_PREFIX))
          .map(l -> l.substring(ArtifactInvoker.TIMING_PREFIX.length()))
          .flatMap(l -> java.util.Arrays.stream(l.split(" ")))
          .filter(p -> p.startsWith(part + "="))
          .map(p -> Duration.ofNanos(Long.parseLong(p.substring(part.length() + 1))))
          .findFirst();
    }

    String transcript() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  /**
   * Copies the invoker's class files (and nothing else from the test classes) into {@code dir},
   * which then goes on the child's class path beside the artifact.
   */
  static Path isolatedInvoker(Path dir) {
    try {
      Path self =
          Path.of(ArtifactInvoker.class.getResource("ArtifactInvoker.class").toURI()).getParent();
      Path target = dir.resolve("dev/fogbank/functions/artifact");
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(self)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.equals("ArtifactInvoker.class") || name.startsWith("ArtifactInvoker$")) {
            Files.copy(f, target.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("ArtifactInvoker is not in a class folder", e);
    }
  }

  /** Runs {@code handler} once on {@code event} ({@code kind} as ArtifactInvoker takes it). */
  static Outcome run(
      Path jar,
      Path invokerDir,
      String handler,
      String kind,
      Path event,
      Map<String, String> environment,
      Duration timeout) {
    return run(jar, invokerDir, handler, kind, event, environment, timeout, List.of());
  }

  /** As above, with {@code extraFlags} after the runtime's (e.g. a class-loading log). */
  static Outcome run(
      Path jar,
      Path invokerDir,
      String handler,
      String kind,
      Path event,
      Map<String, String> environment,
      Duration timeout,
      List<String> extraFlags) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LAMBDA_JVM_FLAGS);
    command.addAll(extraFlags);
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + invokerDir);
    command.add(ArtifactInvoker.class.getName());
    command.add(handler);
    command.add(kind);
    command.add(event.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      long start = System.nanoTime();
      Process process = builder.start();
      process.getOutputStream().close();
      StringBuilder stderr = new StringBuilder();
      Thread drain = new Thread(() -> stderr.append(readAll(process.getErrorStream())));
      drain.start();
      StringBuilder stdout = new StringBuilder();
      long resultAt = -1;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (resultAt < 0 && line.startsWith(ArtifactInvoker.RESULT_PREFIX)) {
            resultAt = System.nanoTime();
          }
          stdout.append(line).append('\n');
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            handler + " did not finish within " + timeout + "; stdout so far:\n" + stdout);
      }
      drain.join(timeout.toMillis());
      Duration elapsed = resultAt < 0 ? null : Duration.ofNanos(resultAt - start);
      return new Outcome(process.exitValue(), stdout.toString(), stderr.toString(), elapsed);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + handler, e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }
}
