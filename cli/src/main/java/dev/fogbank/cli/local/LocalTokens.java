package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Local mode's bearer tokens: the admin token ({@code <data-dir>/token}, {@code --token} or
 * {@code FOGBANK_TOKEN}; principal {@value #ADMIN_PRINCIPAL}, admin on every stack) and those of
 * {@code <data-dir>/tokens.json}, each a principal with its own grants:
 *
 * <pre>{"tokens": [{"principal": "ci", "token": "...", "stacks": ["web-*"],
 *   "actions": ["read", "deploy"]}]}</pre>
 *
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every token
 * each time, so neither a token's length nor its position leaks through timing.
 */
public final class LocalTokens {
  public static final String ADMIN_PRINCIPAL = "local-admin";
  public static final String FILE_NAME = "tokens.json";

  /** Short tokens are guessable; the generated admin token has 48 hex characters. */
  static final int MIN_TOKEN_CHARS = 16;

  private record Entry(byte[] digest, String principal, Grant grant) {}

  private final List<Entry> entries;

  private LocalTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Only the admin token. */
  public static LocalTokens adminOnly(String adminToken) {
    return new LocalTokens(List.of(admin(adminToken)));
  }

  /** The admin token and, if {@code file} exists, its tokens; a bad file is refused whole. */
  public static LocalTokens load(String adminToken, Path file) throws IOException {
    List<Entry> entries = new ArrayList<>(List.of(admin(adminToken)));
    if (file == null || !Files.exists(file)) {
      return new LocalTokens(entries);
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON");
    }
    try {
      if (root == null || !root.isObject() || !root.path("tokens").isArray()) {
        throw new IllegalArgumentException("expected {\"tokens\": [...]}");
      }
      AccessPolicy.onlyFields(root, "", Set.of("tokens"));
      Set<String> principals = new HashSet<>(Set.of(ADMIN_PRINCIPAL));
      Set<String> tokens = new HashSet<>(Set.of(adminToken));
      JsonNode list = root.path("tokens");
      for (int i = 0; i < list.size(); i++) {
        String where = "tokens[" + i + "]";
        JsonNode node = list.get(i);
        if (!node.isObject()) {
          throw new IllegalArgumentException(where + " must be an object");
        }
        AccessPolicy.onlyFields(node, where, Set.of("principal", "token", "stacks", "actions"));
        String principal = node.path("principal").asText("");
        String token = node.path("token").asText("");
        if (!principal.matches("[A-Za-z0-9._@:/+=-]{1,128}")) {
          throw new IllegalArgumentException(
              where + ".principal must be 1 to 128 letters, digits or ._@:/+=-");
        }
        if (!principals.add(principal)) {
          throw new IllegalArgumentException(where + ": principal '" + principal + "' is taken");
        }
        if (token.length() < MIN_TOKEN_CHARS || !BearerToken.isTokenText(token)) {
          throw new IllegalArgumentException(
              where + ".token must be at least " + MIN_TOKEN_CHARS
                  + " printable characters without spaces");
        }
        if (!tokens.add(token)) {
          throw new IllegalArgumentException(where + ": this token is already used");
        }
        entries.add(new Entry(digest(token), principal, AccessPolicy.grant(node, where)));
      }
    } catch (DeploymentException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    return new LocalTokens(entries);
  }

  /** The principal holding {@code presented}, compared in constant time against every token. */
  public Optional<String> principalOf(String presented) {
    byte[] given = digest(presented);
    String found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(given, entry.digest()) && found == null) {
        found = entry.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Each principal's grants, for the {@link dev.fogbank.shared.auth.Authorizer}. */
  public Map<String, List<Grant>> grants() {
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    entries.forEach(e -> grants.put(e.principal(), List.of(e.grant())));
    return grants;
  }

  private static Entry admin(String adminToken) {
    if (adminToken == null || adminToken.isEmpty() || !BearerToken.isTokenText(adminToken)) {
      throw new IllegalArgumentException(
          "the admin token must be printable characters without spaces");
    }
    return new Entry(digest(adminToken), ADMIN_PRINCIPAL, Grant.admin());
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
