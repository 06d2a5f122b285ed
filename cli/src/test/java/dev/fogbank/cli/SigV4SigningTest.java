package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * SigV4 from the real CLI: {@code FogbankCli}'s main in a child JVM with only the environment set
 * here (static AWS credentials, an empty HOME: the AWS SDK's default chain reads the process's own
 * environment and ~/.aws, so an in-process run could not control them), against a local HTTP
 * server standing in for API Gateway. Each signature is recomputed here with the SDK's signer from
 * what the server received, at the request's own X-Amz-Date.
 */
class SigV4SigningTest {
  private static final String ID = ClientCommandsTest.ID;
  private static final String KEY_ID = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([a-z0-9-]+)/([a-z-]+)/aws4_request,"
              + " SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

  @TempDir Path home;
  ApiStub api;

  @BeforeEach
  void start() throws Exception {
    api = new ApiStub();
    api.on("GET /deployments/" + ID, json(200, ClientCommandsTest.deployment("SUCCEEDED", "")));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** One child-JVM run: exit code, stdout, stderr. */
  record Run(int exitCode, String out, String err) {
    String transcript() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  @Test
  void status_whenAuthIsSigV4_thenSignsWithTheEnvironmentsCredentialsAndSendsNoToken()
      throws Exception {
    Run run =
        fogbank(
            credentials(Map.of("AWS_REGION", "eu-west-1", "FOGBANK_TOKEN", "never-sent")),
            "status", ID, "--endpoint", api.url().toString(), "--auth", "sigv4", "-o", "json");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    ApiStub.Request got = api.requests("GET", "/deployments/" + ID).get(0);
    Matcher auth = AUTHORIZATION.matcher(got.authorization());
    assertTrue(auth.matches(), got.authorization());
    assertEquals(KEY_ID, auth.group(1));
    assertEquals("eu-west-1", auth.group(3));
    assertEquals("execute-api", auth.group(4));
    assertEquals(SESSION, got.header("X-Amz-Security-Token"));
    List<String> signed = List.of(auth.group(5).split(";"));
    assertTrue(signed.containsAll(List.of("host", "x-amz-date", "x-amz-security-token")),
        auth.group(5));
    assertEquals(recomputed(got, "eu-west-1", got.body()), got.authorization());
    assertNoTokenSent(got, "never-sent");
  }

  @Test
  void deploy_whenTheProfileSaysSigV4_thenTheSignatureCoversTheBodysHash() throws Exception {
    Path config = home.resolve("config.yaml");
    ProfileFile.at(config)
        .write("prod", new ProfileFile.Profile(api.url().toString(), "profile-token", null,
            "sigv4", "us-west-2"));
    Path template = Files.writeString(home.resolve("t.yaml"), ClientCommandsTest.TEMPLATE);
    api.on("POST /deployments", json(202, ClientCommandsTest.deployment("QUEUED", "")));

    Run run =
        fogbank(
            credentials(Map.of(ProfileFile.CONFIG_VARIABLE, config.toString())),
            "deploy", "web", "-t", template.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    ApiStub.Request got = api.requests("POST", "/deployments").get(0);
    assertTrue(got.body().contains("\"templateBody\""), got.body());
    Matcher auth = AUTHORIZATION.matcher(got.authorization());
    assertTrue(auth.matches(), got.authorization());
    assertEquals("us-west-2", auth.group(3), "the profile's region");
    assertEquals(recomputed(got, "us-west-2", got.body()), got.authorization());
    // The body's SHA-256 is part of what was signed: one more byte and the signature differs.
    assertNotEquals(recomputed(got, "us-west-2", got.body() + " "), got.authorization());
    assertNoTokenSent(got, "profile-token");
  }

  @Test
  void status_whenNoAwsCredentialsResolve_thenExitsAuthNamingWhatToSetAndSendsNothing()
      throws Exception {
    Run run =
        fogbank(
            Map.of("AWS_REGION", "eu-west-1"),
            "status", ID, "--endpoint", api.url().toString(), "--auth", "sigv4");

    assertEquals(ExitCodes.AUTH, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("NO_CREDENTIALS"), run::transcript);
    assertTrue(run.err().contains("AWS_ACCESS_KEY_ID"), run::transcript);
    assertTrue(run.err().contains("AWS_PROFILE"), run::transcript);
    assertFalse(run.err().contains("\tat "), "no stack trace\n" + run.transcript());
    assertTrue(api.requests().isEmpty(), "nothing sent without a signature");
  }

  @Test
  void status_whenApiGatewayRefusesTheSignature_thenExitsAuthWithItsMessageAndAHint()
      throws Exception {
    // API Gateway's IAM authorizer answers its own shape, not the API's error contract.
    api.on("GET /deployments/d-refused",
        json(403, "{\"message\":\"The request signature we calculated does not match the"
            + " signature you provided.\"}"));

    Run run =
        fogbank(credentials(Map.of("AWS_REGION", "eu-west-1")), "status", "d-refused",
            "--endpoint", api.url().toString(), "--auth", "sigv4");

    assertEquals(ExitCodes.AUTH, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("HTTP_403"), run::transcript);
    assertTrue(run.err().contains("signature we calculated does not match"), run::transcript);
    assertTrue(run.err().contains("execute-api:Invoke"), run::transcript);
  }

  @Test
  void status_whenSigV4HasNoRegion_thenExitsUsageNamingTheSettings() throws Exception {
    Run run =
        fogbank(credentials(Map.of()), "status", ID, "--endpoint", api.url().toString(),
            "--auth", "sigv4");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("region"), run::transcript);
    assertTrue(run.err().contains("AWS_REGION"), run::transcript);
    assertTrue(api.requests().isEmpty());
  }

  @Test
  void status_whenTheTargetUsesATokenOrSigV4_thenLoadsTheSdksSignerOnlyForSigV4()
      throws Exception {
    Path tokenLog = home.resolve("token-classes.log");
    Path sigv4Log = home.resolve("sigv4-classes.log");

    Run token =
        fogbank(List.of("-Xlog:class+load=info:file=" + tokenLog),
            credentials(Map.of("FOGBANK_TOKEN", "t")), "status", ID, "--endpoint",
            api.url().toString());
    Run sigv4 =
        fogbank(List.of("-Xlog:class+load=info:file=" + sigv4Log),
            credentials(Map.of("AWS_REGION", "eu-west-1")), "status", ID, "--endpoint",
            api.url().toString(), "--auth", "sigv4");

    assertEquals(ExitCodes.OK, token.exitCode(), token::transcript);
    assertEquals(ExitCodes.OK, sigv4.exitCode(), sigv4::transcript);
    String signer = "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner ";
    assertTrue(Files.readString(sigv4Log).contains(signer), "the log names loaded classes");
    String tokenClasses = Files.readString(tokenLog);
    assertFalse(tokenClasses.contains(signer), "a token run loads no SigV4 signer");
    assertFalse(tokenClasses.contains("software.amazon.awssdk.auth.credentials."),
        "a token run loads no credentials provider");
  }

  /** What the SDK's signer makes of the request the server received, at its own X-Amz-Date. */
  private String recomputed(ApiStub.Request got, String region, String body) {
    String amzDate = got.header("X-Amz-Date");
    assertNotNull(amzDate, "X-Amz-Date");
    Clock at =
        Clock.fixed(
            LocalDateTime.parse(amzDate, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);
    Matcher auth = AUTHORIZATION.matcher(got.authorization());
    assertTrue(auth.matches(), got.authorization());
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(got.method()))
            .uri(URI.create(api.url() + got.path() + (got.query() == null ? "" : "?"
                + got.query())));
    for (String name : auth.group(5).split(";")) {
      if (!name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
        request.putHeader(name, got.headers().get(name));
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return AwsV4HttpSigner.create()
        .sign(
            r ->
                r.identity(AwsSessionCredentials.create(KEY_ID, SECRET, SESSION))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, at))
        .request()
        .firstMatchingHeader("Authorization")
        .orElseThrow();
  }

  private static void assertNoTokenSent(ApiStub.Request got, String token) {
    assertFalse(got.authorization().startsWith("Bearer"), got.authorization());
    got.headers().forEach((name, values) ->
        values.forEach(v -> assertFalse(v.contains(token), name + " carries the token")));
  }

  private static Map<String, String> credentials(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put("AWS_ACCESS_KEY_ID", KEY_ID);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_SESSION_TOKEN", SESSION);
    return env;
  }

  private Run fogbank(Map<String, String> env, String... args) throws Exception {
    return fogbank(List.of(), env, args);
  }

  /**
   * {@code FogbankCli} in a child JVM with only {@code env} and an empty HOME (no ~/.aws, no
   * fogbank profiles), the instance metadata service off: nothing of this machine's own AWS setup.
   */
  private Run fogbank(List<String> jvmOptions, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        FogbankCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    Map<String, String> e = builder.environment();
    e.clear();
    e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    e.put("HOME", home.toString());
    e.put("AWS_EC2_METADATA_DISABLED", "true");
    e.put(ProfileFile.CONFIG_VARIABLE, home.resolve("no-config.yaml").toString());
    e.putAll(env);
    Path out = home.resolve("stdout-" + System.nanoTime());
    Path err = home.resolve("stderr-" + System.nanoTime());
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("fogbank " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
