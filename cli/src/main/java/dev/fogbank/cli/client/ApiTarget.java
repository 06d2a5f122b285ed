package dev.fogbank.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * Which control plane a command talks to and with what token. Each comes from the first of: the
 * flag ({@code --endpoint}, {@code --token}), the environment ({@code FOGBANK_ENDPOINT},
 * {@code FOGBANK_TOKEN}), the profile ({@code --profile}, {@code FOGBANK_PROFILE}, the file's
 * default, else {@code local}). A profile's token is only sent to that profile's endpoint.
 *
 * @param endpoint the API's base URL, without a trailing slash
 * @param token the bearer token, or null to send none
 * @param source where the endpoint came from, for messages
 */
public record ApiTarget(URI endpoint, String token, String source) {
  public static final String ENDPOINT_VARIABLE = "FOGBANK_ENDPOINT";
  public static final String TOKEN_VARIABLE = "FOGBANK_TOKEN";
  public static final String PROFILE_VARIABLE = "FOGBANK_PROFILE";
  public static final String DEFAULT_PROFILE = "local";

  /** What was given on the command line; any may be null. */
  public record Flags(String endpoint, String token, String profile) {}

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

    String token = firstOf(flags.token(), env.get(TOKEN_VARIABLE));
    if (token == null
        && profile.isPresent()
        && profile.get().endpoint() != null
        && sameEndpoint(uri, profile.get().endpoint())) {
      token = profileToken(profile.get(), profileSource);
    }
    return new ApiTarget(uri, token, source);
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
