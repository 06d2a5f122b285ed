package dev.fogbank.functions.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's session: a cookie {@code fogbank_session} holding the caller, its expiry and a
 * random session id, signed with HMAC-SHA256 so that nothing but this server can make or change
 * one. The CSRF token of a session is the HMAC of its id: bound to the session, never stored.
 */
public final class ConsoleSessions {
  public static final String COOKIE = "fogbank_session";

  /** Short-lived: a working session, not a day; log in again after it. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final Clock clock;
  private final Duration ttl;

  /** A logged-in caller's session. */
  public record Session(String caller, Instant expiresAt, String id) {}

  /** A login ticket lives this long: enough to open a browser, too short to be worth stealing. */
  public static final Duration TICKET_TTL = Duration.ofSeconds(60);

  /** A login ticket's content once its signature and expiry hold ({@link #readTicket}). */
  public record Ticket(String caller, Instant expiresAt, String id) {}

  /**
   * What reading a ticket found: the ticket, or why it is refused ({@code problem}, shown on the
   * login page).
   */
  public record TicketCheck(Ticket ticket, String problem) {}

  public ConsoleSessions(byte[] key, Clock clock, Duration ttl) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the session key must be at least 32 bytes");
    }
    this.key = key.clone();
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Sessions signed with a fresh random key: they end with the process (local mode). */
  public static ConsoleSessions withRandomKey(Clock clock) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new ConsoleSessions(key, clock, DEFAULT_TTL);
  }

  /** A new session for {@code caller}: the cookie value. */
  public String issue(String caller) {
    return make(caller, ttl, "session:");
  }

  /** The session a cookie value stands for: empty when forged, malformed or expired. */
  public Optional<Session> verify(String value) {
    return read(value, "session:")
        .filter(s -> s.expiresAt().isAfter(clock.instant()))
        .map(s -> new Session(s.caller(), s.expiresAt(), s.id()));
  }

  /**
   * A one-time login ticket for {@code caller} (issued to an IAM-authenticated {@code POST
   * /console/session}): signed like a session but for another purpose, so neither can stand in for
   * the other. Single use is the {@link TicketLedger}'s job, not the signature's.
   */
  public String ticket(String caller) {
    return make(caller, TICKET_TTL, "ticket:");
  }

  /** The ticket a value stands for, or why not (forged, malformed or expired). */
  public TicketCheck readTicket(String value) {
    Optional<Signed> signed = read(value, "ticket:");
    if (signed.isEmpty()) {
      return new TicketCheck(null, "This login link is not valid: run fogbank console again.");
    }
    Signed t = signed.get();
    if (!t.expiresAt().isAfter(clock.instant())) {
      return new TicketCheck(
          null,
          "This login link has expired (it is valid for " + TICKET_TTL.toSeconds()
              + " seconds): run fogbank console again.");
    }
    return new TicketCheck(new Ticket(t.caller(), t.expiresAt(), t.id()), null);
  }

  /** What a session cookie and a login ticket both hold. */
  private record Signed(String caller, Instant expiresAt, String id) {}

  /**
   * base64url(caller) . expiry (epoch s) . random 128-bit id . HMAC-SHA256 of the three with
   * {@code purpose} in front (so a value made for one purpose fails the other's check).
   */
  private String make(String caller, Duration lifetime, String purpose) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String payload =
        B64.encodeToString(caller.getBytes(StandardCharsets.UTF_8))
            + "."
            + clock.instant().plus(lifetime).getEpochSecond()
            + "."
            + B64.encodeToString(id);
    return payload + "." + sign(purpose + payload);
  }

  /** A value {@link #make} signed with this key for {@code purpose}; empty when not one. */
  private Optional<Signed> read(String value, String purpose) {
    if (value == null || value.length() > 1024) {
      return Optional.empty();
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    if (!constantTimeEquals(sign(purpose + payload), parts[3])) {
      return Optional.empty();
    }
    try {
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
      String caller = new String(B64D.decode(parts[0]), StandardCharsets.UTF_8);
      return Optional.of(new Signed(caller, expires, parts[2]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The CSRF token every form of this session carries. */
  public String csrf(Session session) {
    return sign("csrf:" + session.id());
  }

  public boolean csrfValid(Session session, String token) {
    return token != null && constantTimeEquals(csrf(session), token);
  }

  /** The Set-Cookie value that stores {@code value}; Secure when the request came over HTTPS. */
  public String setCookie(String value, boolean secure) {
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + ttl.toSeconds()
        + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** The Set-Cookie value that removes the session cookie. */
  public static String clearCookie(boolean secure) {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** The session cookie's value in a {@code Cookie} request header, if any. */
  public static Optional<String> cookieValue(String cookieHeader) {
    if (cookieHeader == null) {
      return Optional.empty();
    }
    for (String part : cookieHeader.split("[;,]")) {
      String c = part.trim();
      if (c.startsWith(COOKIE + "=")) {
        return Optional.of(c.substring(COOKIE.length() + 1));
      }
    }
    return Optional.empty();
  }

  private String sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
