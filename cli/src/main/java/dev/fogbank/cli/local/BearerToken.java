package dev.fogbank.cli.local;

import java.util.List;

/**
 * The token of an {@code Authorization: Bearer <token>} request header, strictly (RFC 6750): one
 * header, the scheme in any case, one space, then the token as sent. Nothing is trimmed: a token
 * with surrounding whitespace or a control character is not the token that was issued.
 */
final class BearerToken {
  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token, or the reason there is none, for a 401. */
  sealed interface Parsed permits Token, Refused {}

  record Token(String value) implements Parsed {}

  record Refused(String reason) implements Parsed {}

  static Parsed parse(List<String> authorizationHeaders) {
    if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
      return new Refused("missing bearer token (Authorization: Bearer <token>)");
    }
    if (authorizationHeaders.size() > 1) {
      return new Refused("more than one Authorization header: send exactly one");
    }
    String header = authorizationHeaders.get(0);
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return new Refused("the Authorization header is not 'Bearer <token>'");
    }
    String token = header.substring(SCHEME.length());
    if (token.isEmpty() || !isTokenText(token)) {
      return new Refused(
          "the bearer token is empty or holds whitespace or control characters");
    }
    return new Token(token);
  }

  /** Visible ASCII only: no spaces, tabs, control characters or anything a header could bend. */
  static boolean isTokenText(String token) {
    return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }
}
