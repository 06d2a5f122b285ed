package dev.fogbank.cli;

import dev.fogbank.cli.client.ApiTarget;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.cli.local.LocalConfig;
import dev.fogbank.cli.local.LocalControlPlane;
import dev.fogbank.shared.deploy.DeploymentOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import dev.fogbank.shared.validation.RequiredTags;
import java.util.ArrayList;
import java.util.List;

@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = "Run the whole control plane on this machine (drop folder, HTTP API, history).")
public final class LocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", description = "HTTP API port on 127.0.0.1 (0 picks a free one).")
  int port = 8080;

  @Option(names = "--drop-dir", description = "Drop folder.")
  Path dropDir = Path.of("drop");

  @Option(names = "--data-dir", description = "State: DynamoDB Local files, token, templates.")
  Path dataDir = Path.of(".fogbank");

  @Option(
      names = "--aws-endpoint",
      description =
          "Endpoint for CloudFormation/S3/SNS. Default: start moto_server on a free loopback"
              + " port. 'aws' = real AWS (default credential chain).")
  String awsEndpoint;

  @Option(names = "--region", description = "AWS region.")
  String region = "us-east-1";

  @Option(names = "--slack-webhook", description = "Slack incoming-webhook URL (optional).")
  URI slackWebhook;

  @Option(
      names = "--token",
      description = "API bearer token (default $FOGBANK_TOKEN, else generated into <data-dir>/token).")
  String token;

  @Option(names = "--account", description = "Account id recorded in history (local mode).")
  String account = "123456789012";

  @Option(
      names = "--lock-wait-seconds",
      description = "How long a deployment waits for a locked stack before failing as LOCKED.")
  int lockWaitSeconds = 600;

  @Option(
      names = "--required-tag",
      paramLabel = "KEY=REGEX",
      description =
          "A stack tag every deployment must carry, its value matching REGEX (repeatable);"
              + " a deployment without it is REJECTED.")
  List<String> requiredTags = new ArrayList<>();

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "The CLI profile written once the API is up, so that fogbank status/deploy/history"
              + " find it (file: $FOGBANK_CONFIG, else ~/.config/fogbank/config.yaml).")
  String profile = ApiTarget.DEFAULT_PROFILE;

  @Option(names = "--no-profile", description = "Write no CLI profile.")
  boolean noProfile;

  private RequiredTags requiredTags() {
    try {
      return RequiredTags.parse(requiredTags);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--required-tag: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path data = dataDir.toAbsolutePath();
    Files.createDirectories(data);
    String apiToken = resolveToken(data);
    LocalConfig config =
        new LocalConfig(
            port,
            dropDir.toAbsolutePath(),
            data,
            awsEndpoint,
            region,
            slackWebhook,
            apiToken,
            account,
            // Local polls are short: the emulator answers in milliseconds.
            DeploymentOptions.defaults().withLockWaitSeconds(lockWaitSeconds).withPolls(1, 1),
            25,
            10_000,
            null,
            requiredTags());
    LocalControlPlane plane = new LocalControlPlane(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              plane.close();
              stopped.countDown();
            },
            "fogbank-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    URI url;
    try {
      url = plane.start();
    } catch (RuntimeException | IOException e) {
      System.err.println("fogbank local: could not start: " + e.getMessage());
      return 1;
    }
    System.err.println(
        "fogbank local: AWS endpoint " + plane.awsEndpoint() + ", drop folder "
            + config.dropDir() + ", data " + data + ", token in "
            + (token != null || System.getenv("FOGBANK_TOKEN") != null
                ? "--token/FOGBANK_TOKEN"
                : data.resolve("token")));
    writeProfile(url, data);
    System.out.println("fogbank local ready: " + url.toString().replaceAll("/$", ""));
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** The token itself only when it came from a flag or the environment; else its file. */
  private void writeProfile(URI url, Path data) {
    if (noProfile) {
      return;
    }
    String given = !blank(token) ? token : System.getenv("FOGBANK_TOKEN");
    boolean fromFile = blank(given);
    ProfileFile file = ProfileFile.locate(System.getenv());
    try {
      file.write(
          profile,
          new ProfileFile.Profile(
              url.toString().replaceAll("/$", ""),
              fromFile ? null : given,
              fromFile ? data.resolve("token") : null));
      System.err.println("fogbank local: CLI profile '" + profile + "' written to " + file.path());
    } catch (RuntimeException e) {
      // The control plane runs without it; the CLI then needs --endpoint/--token.
      System.err.println("fogbank local: no CLI profile: " + e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private String resolveToken(Path data) throws IOException {
    if (token != null && !token.isBlank()) {
      return token;
    }
    String env = System.getenv("FOGBANK_TOKEN");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path file = data.resolve("token");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String generated = HexFormat.of().formatHex(random);
    Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the folder's own permissions apply.
    }
    return generated;
  }
}
