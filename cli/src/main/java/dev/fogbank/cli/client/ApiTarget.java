package dev.fogbank.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which control plane a command talks to and with what token. Each comes from the first of: the
 * flag ({@code --endpoint}, {@code --token}), the environment ({@code FOGBANK_ENDPOINT},
 * {@code FOGBANK_TOKEN}), the profile ({@code --profile}, {@code FOGBANK_PROFILE}, the file's
 * default, else {@code local}). A profile's token, auth and region only apply to that profile's
 * endpoint. Auth is {@code --auth}, else {@code FOGBANK_AUTH}, else the profile's {@code auth},
 * else SigV4 for an API Gateway host ({@code ID.execute-api.REGION.amazonaws.com}) and the bearer
 * token for any other; a SigV4 target sends no token.
 *
 * @param endpoint the API's base URL, without a trailing slash
 * @param token the bearer token, or null to send none
 * @param source where the endpoint came from, for messages
 * @param auth how requests are authenticated
 * @param region SigV4's region from the host or the profile, or null (then the AWS SDK's settings)
 */
public record ApiTarget(URI endpoint, String token, String source, AuthMode auth, String region) {
  public static final String ENDPOINT_VARIABLE = "FOGBANK_ENDPOINT";
  public static final String TOKEN_VARIABLE = "FOGBANK_TOKEN";
  public static final String PROFILE_VARIABLE = "FOGBANK_PROFILE";
  public static final String AUTH_VARIABLE = "FOGBANK_AUTH";
  public static final String DEFAULT_PROFILE = "local";

  /** An API Gateway endpoint's host (also a VPC endpoint's {@code ID-VPCE.execute-api...}). */
  private static final Pattern EXECUTE_API_HOST =
      Pattern.compile("[a-z0-9-]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

  public ApiTarget {
    auth = auth == null ? AuthMode.token : auth;
  }

  /** A bearer-token target. */
  public ApiTarget(URI endpoint, String token, String source) {
    this(endpoint, token, source, AuthMode.token, null);
  }

  /** What was given on the command line; any may be null. */
  public record Flags(String endpoint, String token, String profile, AuthMode auth) {
    public Flags(String endpoint, String token, String profile) {
      this(endpoint, token, profile, null);
    }
  }

  public static ApiTarget resolve(Flags flags, Map<String, String> env) {
    ProfileFile profiles = ProfileFile.locate(env);
    String named = firstOf(flags.profile(), env.get(PROFILE_VARIABLE));
    String profileName =
        named != null ? named : profiles.defaultName().orElse(DEFAULT_PROFILE);
    Optional<ProfileFile.Profile> profile = profiles.profile(profileName);
    if (named != null && profile.isEmpty()) {
      throw ApiException.unconfigured(
          "no profile '" + named + "' in " + profiles.path() + " (--profile / " + PROFILE_VARIABLE
              + ")");
    }
    String profileSource = "profile '" + profileName + "' in " + profiles.path();

    String endpoint;
    String source;
    if (present(flags.endpoint())) {
      endpoint = flags.endpoint();
      source = "--endpoint";
    } else if (present(env.get(ENDPOINT_VARIABLE))) {
      endpoint = env.get(ENDPOINT_VARIABLE);
      source = ENDPOINT_VARIABLE;
    } else if (profile.isPresent() && present(profile.get().endpoint())) {
      endpoint = profile.get().endpoint();
      source = profileSource;
    } else {
      throw ApiException.unconfigured(
          "no API endpoint: pass --endpoint URL, set " + ENDPOINT_VARIABLE
              + ", or start 'fogbank local' (it writes the '" + DEFAULT_PROFILE
              + "' profile to " + profiles.path() + ")");
    }
    URI uri = endpoint(endpoint, source);

    Optional<ProfileFile.Profile> ownProfile =
        profile.filter(p -> p.endpoint() != null && sameEndpoint(uri, p.endpoint()));
    String hostRegion = executeApiRegion(uri);
    AuthMode auth;
    if (flags.auth() != null) {
      auth = flags.auth();
    } else if (present(env.get(AUTH_VARIABLE))) {
      auth = authMode(env.get(AUTH_VARIABLE), AUTH_VARIABLE);
    } else if (ownProfile.isPresent() && present(ownProfile.get().auth())) {
      auth = authMode(ownProfile.get().auth(), profileSource);
    } else {
      auth = hostRegion != null ? AuthMode.sigv4 : AuthMode.token;
    }
    if (auth == AuthMode.sigv4) {
      String region =
          hostRegion != null
              ? hostRegion
              : ownProfile.map(ProfileFile.Profile::region).filter(ApiTarget::present)
                  .map(String::strip).orElse(null);
      return new ApiTarget(uri, null, source, auth, region);
    }

    String token = firstOf(flags.token(), env.get(TOKEN_VARIABLE));
    if (token == null && ownProfile.isPresent()) {
      token = profileToken(ownProfile.get(), profileSource);
    }
    return new ApiTarget(uri, token, source);
  }

  /** The region an API Gateway host names, or null for any other host. */
  static String executeApiRegion(URI endpoint) {
    Matcher m = EXECUTE_API_HOST.matcher(endpoint.getHost().toLowerCase(Locale.ROOT));
    return m.matches() ? m.group(1) : null;
  }

  private static AuthMode authMode(String text, String where) {
    try {
      return AuthMode.valueOf(text.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unconfigured(
          "auth '" + text + "' (from " + where + ") is neither 'token' nor 'sigv4'");
    }
  }

  private static String profileToken(ProfileFile.Profile profile, String where) {
    if (present(profile.token())) {
      return profile.token().trim();
    }
    if (profile.tokenFile() == null) {
      return null;
    }
    try {
      return Files.readString(profile.tokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw ApiException.unconfigured(
          "cannot read the token file " + profile.tokenFile() + " of " + where);
    }
  }

  private static URI endpoint(String text, String source) {
    String trimmed = text.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getRawQuery() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw ApiException.unconfigured(
        "endpoint '" + text + "' (from " + source + ") is not an http(s) URL such as"
            + " http://127.0.0.1:8080");
  }

  private static boolean sameEndpoint(URI uri, String profileEndpoint) {
    try {
      return uri.equals(new URI(profileEndpoint.strip().replaceAll("/+$", "")));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String firstOf(String a, String b) {
    return present(a) ? a : present(b) ? b : null;
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
