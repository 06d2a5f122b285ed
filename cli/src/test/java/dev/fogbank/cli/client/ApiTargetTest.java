package dev.fogbank.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTargetTest {
  private static final ApiTarget.Flags NONE = new ApiTarget.Flags(null, null, null);

  @TempDir Path tmp;
  Map<String, String> env;
  Path config;

  @BeforeEach
  void isolate() {
    config = tmp.resolve("config.yaml");
    env = new HashMap<>(Map.of(ProfileFile.CONFIG_VARIABLE, config.toString()));
  }

  @Test
  void resolve_whenFlagsEnvAndProfileAllSet_thenFlagsWin() {
    ProfileFile.at(config)
        .write("local", new ProfileFile.Profile("http://127.0.0.1:9000", "profile-token", null));
    env.put(ApiTarget.ENDPOINT_VARIABLE, "http://env:8080");
    env.put(ApiTarget.TOKEN_VARIABLE, "env-token");

    ApiTarget t =
        ApiTarget.resolve(new ApiTarget.Flags("https://flag.example/api/", "flag-token", null), env);

    assertEquals(URI.create("https://flag.example/api"), t.endpoint());
    assertEquals("flag-token", t.token());
    assertEquals("--endpoint", t.source());
  }

  @Test
  void resolve_whenOnlyEnvironment_thenEnvironmentWinsOverProfile() {
    ProfileFile.at(config)
        .write("local", new ProfileFile.Profile("http://127.0.0.1:9000", "profile-token", null));
    env.put(ApiTarget.ENDPOINT_VARIABLE, "http://env:8080");
    env.put(ApiTarget.TOKEN_VARIABLE, "env-token");

    ApiTarget t = ApiTarget.resolve(NONE, env);

    assertEquals(URI.create("http://env:8080"), t.endpoint());
    assertEquals("env-token", t.token());
    assertEquals(ApiTarget.ENDPOINT_VARIABLE, t.source());
  }

  @Test
  void resolve_whenProfileHasTokenFile_thenDefaultProfileAndTheFilesToken() throws IOException {
    Path tokenFile = Files.writeString(tmp.resolve("token"), "from-file\n");
    ProfileFile.at(config)
        .write("local", new ProfileFile.Profile("http://127.0.0.1:8123/", null, tokenFile));

    ApiTarget t = ApiTarget.resolve(NONE, env);

    assertEquals(URI.create("http://127.0.0.1:8123"), t.endpoint());
    assertEquals("from-file", t.token());
    assertTrue(t.source().contains("profile 'local'"), t.source());
  }

  @Test
  void resolve_whenEndpointIsAnotherThanTheProfiles_thenTheProfilesTokenIsNotSent() {
    ProfileFile.at(config)
        .write("local", new ProfileFile.Profile("http://127.0.0.1:9000", "secret", null));

    ApiTarget t =
        ApiTarget.resolve(new ApiTarget.Flags("https://elsewhere.example", null, null), env);

    assertNull(t.token());
  }

  @Test
  void resolve_whenProfileNamedByFlagOrEnvironment_thenThatProfile() {
    ProfileFile file = ProfileFile.at(config);
    file.write("prod", new ProfileFile.Profile("https://prod.example", "p", null));
    file.write("local", new ProfileFile.Profile("http://127.0.0.1:9000", "l", null));

    assertEquals("p", ApiTarget.resolve(new ApiTarget.Flags(null, null, "prod"), env).token());
    env.put(ApiTarget.PROFILE_VARIABLE, "prod");
    assertEquals("https://prod.example", ApiTarget.resolve(NONE, env).endpoint().toString());
    env.remove(ApiTarget.PROFILE_VARIABLE);
    // The last one written is the default.
    assertEquals("l", ApiTarget.resolve(NONE, env).token());
  }

  @Test
  void resolve_whenNamedProfileMissing_thenUsageErrorNamingIt() {
    ProfileFile.at(config).write("local", new ProfileFile.Profile("http://h:1", null, null));

    ApiException e =
        assertThrows(
            ApiException.class,
            () -> ApiTarget.resolve(new ApiTarget.Flags(null, null, "staging"), env));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("no profile 'staging'"), e.getMessage());
  }

  @Test
  void resolve_whenNothingConfigured_thenUsageErrorSayingHowToConfigure() {
    ApiException e = assertThrows(ApiException.class, () -> ApiTarget.resolve(NONE, env));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("--endpoint"), e.getMessage());
    assertTrue(e.getMessage().contains("FOGBANK_ENDPOINT"), e.getMessage());
    assertTrue(e.getMessage().contains("fogbank local"), e.getMessage());
  }

  @Test
  void resolve_whenEndpointIsNotAnHttpUrl_thenUsageError() {
    for (String bad : new String[] {"localhost:8080", "ftp://h", "http://h:1/?x=1", "not a url"}) {
      ApiException e =
          assertThrows(
              ApiException.class,
              () -> ApiTarget.resolve(new ApiTarget.Flags(bad, null, null), env),
              bad);
      assertEquals(ExitCodes.USAGE, e.exitCode(), bad);
    }
  }

  @Test
  void locate_whenNoOverride_thenXdgConfigHomeElseHomeDotConfig() {
    assertEquals(
        Path.of("/x/fogbank/config.yaml"),
        ProfileFile.locate(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")).path());
    assertEquals(
        Path.of("/h/.config/fogbank/config.yaml"), ProfileFile.locate(Map.of("HOME", "/h")).path());
  }

  @Test
  void write_whenOtherProfilesExist_thenKeepsThemAndIsOwnerOnly() throws IOException {
    Files.writeString(
        config,
        "# mine\ndefault: prod\nprofiles:\n  prod:\n    endpoint: https://prod.example\n"
            + "    token: keep-me\n");

    ProfileFile.at(config).write("local", new ProfileFile.Profile("http://127.0.0.1:1", "t", null));

    ProfileFile file = ProfileFile.at(config);
    assertEquals("keep-me", file.profile("prod").orElseThrow().token());
    assertEquals("http://127.0.0.1:1", file.profile("local").orElseThrow().endpoint());
    assertEquals("local", file.defaultName().orElseThrow());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
  }

  @Test
  void resolve_whenConfigFileIsNotAMapping_thenUsageErrorNamingTheFile() throws IOException {
    Files.writeString(config, "- just\n- a list\n");

    ApiException e = assertThrows(ApiException.class, () -> ApiTarget.resolve(NONE, env));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
  }

  @Test
  void resolve_whenTheHostIsApiGateways_thenSignsWithSigV4InItsRegionAndSendsNoToken() {
    env.put(ApiTarget.TOKEN_VARIABLE, "env-token");

    ApiTarget t =
        ApiTarget.resolve(
            new ApiTarget.Flags("https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com/",
                null, null), env);
    ApiTarget vpce =
        ApiTarget.resolve(
            new ApiTarget.Flags(
                "https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.ap-south-1.amazonaws.com",
                null, null), env);
    ApiTarget china =
        ApiTarget.resolve(
            new ApiTarget.Flags("https://abc.execute-api.cn-north-1.amazonaws.com.cn", null,
                null), env);

    assertEquals(AuthMode.sigv4, t.auth());
    assertEquals("eu-central-1", t.region());
    assertNull(t.token(), "a SigV4 target sends no bearer token");
    assertEquals("ap-south-1", vpce.region());
    assertEquals("cn-north-1", china.region());
  }

  @Test
  void resolve_whenAuthIsGiven_thenTheFlagWinsOverTheEnvironmentAndTheHost() {
    env.put(ApiTarget.AUTH_VARIABLE, "sigv4");
    env.put(ApiTarget.TOKEN_VARIABLE, "env-token");
    String gateway = "https://a1b2c3d4e5.execute-api.eu-central-1.amazonaws.com";

    ApiTarget flagged =
        ApiTarget.resolve(new ApiTarget.Flags(gateway, null, null, AuthMode.token), env);
    ApiTarget fromEnv = ApiTarget.resolve(new ApiTarget.Flags("https://fogbank.example", null,
        null), env);

    assertEquals(AuthMode.token, flagged.auth());
    assertEquals("env-token", flagged.token());
    assertEquals(AuthMode.sigv4, fromEnv.auth());
    assertNull(fromEnv.region(), "no region in the host: the AWS SDK's settings decide");
  }

  @Test
  void resolve_whenTheProfileSaysSigV4_thenItsRegionAppliesToItsOwnEndpointOnly()
      throws IOException {
    ProfileFile.at(config)
        .write("prod", new ProfileFile.Profile("https://fogbank.example.com", null, null,
            "sigv4", "eu-west-3"));
    env.put(ApiTarget.PROFILE_VARIABLE, "prod");

    ApiTarget own = ApiTarget.resolve(NONE, env);
    ApiTarget elsewhere =
        ApiTarget.resolve(new ApiTarget.Flags("http://127.0.0.1:9000", null, null), env);

    assertEquals(AuthMode.sigv4, own.auth());
    assertEquals("eu-west-3", own.region());
    assertEquals(AuthMode.token, elsewhere.auth(), "another endpoint: not the profile's auth");
    assertTrue(Files.readString(config).contains("auth: sigv4"));
  }

  @Test
  void resolve_whenAuthIsNeitherTokenNorSigV4_thenUsageErrorNamingWhere() {
    env.put(ApiTarget.AUTH_VARIABLE, "iam");

    ApiException e =
        assertThrows(ApiException.class,
            () -> ApiTarget.resolve(new ApiTarget.Flags("https://x.example", null, null), env));

    assertEquals(ExitCodes.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("'iam'"), e.getMessage());
    assertTrue(e.getMessage().contains(ApiTarget.AUTH_VARIABLE), e.getMessage());
  }
}
