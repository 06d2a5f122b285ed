package dev.fogbank.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The CLI's profiles: {@code ~/.config/fogbank/config.yaml} (or {@code $XDG_CONFIG_HOME/fogbank},
 * or the file {@code $FOGBANK_CONFIG} names), written by {@code fogbank local} for itself and
 * editable by hand:
 *
 * <pre>
 * default: local
 * profiles:
 *   local:
 *     endpoint: http://127.0.0.1:8080
 *     tokenFile: /home/me/project/.fogbank/token   # or token: ...
 *   prod:
 *     endpoint: https://fogbank.example.com
 *     auth: sigv4          # token (default) or sigv4; execute-api hosts sign by default
 *     region: eu-west-1    # for sigv4 when the host does not name it
 * </pre>
 */
public final class ProfileFile {
  public static final String CONFIG_VARIABLE = "FOGBANK_CONFIG";

  /**
   * One named target. {@code token} and {@code tokenFile} are alternatives; either may be null.
   * {@code auth} ({@code token} or {@code sigv4}) and {@code region} (SigV4's) may be null.
   */
  public record Profile(String endpoint, String token, Path tokenFile, String auth, String region) {
    /** A bearer-token profile, as {@code fogbank local} writes. */
    public Profile(String endpoint, String token, Path tokenFile) {
      this(endpoint, token, tokenFile, null, null);
    }
  }

  private final Path file;

  private ProfileFile(Path file) {
    this.file = file;
  }

  public static ProfileFile at(Path file) {
    return new ProfileFile(file);
  }

  /** Where the profiles live for this environment. */
  public static ProfileFile locate(Map<String, String> env) {
    String explicit = env.get(CONFIG_VARIABLE);
    if (explicit != null && !explicit.isBlank()) {
      return at(Path.of(explicit));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return at(config.resolve("fogbank").resolve("config.yaml"));
  }

  public Path path() {
    return file;
  }

  /** The profile named by the file's {@code default}, if any. */
  public Optional<String> defaultName() {
    return Optional.ofNullable(read().get("default")).map(String::valueOf);
  }

  public Optional<Profile> profile(String name) {
    if (!(read().get("profiles") instanceof Map<?, ?> profiles)
        || !(profiles.get(name) instanceof Map<?, ?> p)) {
      return Optional.empty();
    }
    Object tokenFile = p.get("tokenFile");
    return Optional.of(
        new Profile(
            text(p.get("endpoint")),
            text(p.get("token")),
            tokenFile == null ? null : Path.of(tokenFile.toString()),
            text(p.get("auth")),
            text(p.get("region"))));
  }

  /**
   * Adds or replaces profile {@code name} and makes it the default, keeping the other profiles.
   * The file is readable by its owner only: it may hold a token.
   */
  public void write(String name, Profile profile) {
    Map<String, Object> root = new LinkedHashMap<>();
    read().forEach((k, v) -> root.put(String.valueOf(k), v));
    Map<String, Object> profiles = new LinkedHashMap<>();
    if (root.get("profiles") instanceof Map<?, ?> existing) {
      existing.forEach((k, v) -> profiles.put(String.valueOf(k), v));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("endpoint", profile.endpoint());
    if (profile.token() != null) {
      entry.put("token", profile.token());
    }
    if (profile.tokenFile() != null) {
      entry.put("tokenFile", profile.tokenFile().toAbsolutePath().toString());
    }
    if (profile.auth() != null) {
      entry.put("auth", profile.auth());
    }
    if (profile.region() != null) {
      entry.put("region", profile.region());
    }
    profiles.put(name, entry);
    root.put("default", name);
    root.put("profiles", profiles);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    String yaml = new Yaml(new Representer(options), options).dump(root);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path part = file.resolveSibling(file.getFileName() + ".part");
      Files.writeString(part, yaml, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the folder's own permissions apply.
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private Map<?, ?> read() {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      Object root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw ApiException.unconfigured(file + " is not a YAML mapping of profiles");
      }
      return map;
    } catch (IOException | YAMLException e) {
      throw ApiException.unconfigured("could not read " + file + ": " + e.getMessage());
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
