package dev.fogbank.infrastructure.bootstrap;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file the control-plane template points at through a parameter: a function group's jar or a
 * state machine definition. The key names the content (its sha256), so an artifact is uploaded at
 * most once and a stack that references it never sees it change.
 *
 * @param name what it is, for people: "function api", "state machine deploy"
 * @param parameterName the template parameter that takes {@link #key}
 * @param key the S3 key in the artifacts bucket
 * @param source where the bytes come from
 */
public record Artifact(
    String name, String parameterName, String key, String sha256, long size, Source source) {

  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameterName, "parameterName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(source, "source");
  }

  /** Where an artifact's bytes are read from when it is uploaded. */
  public sealed interface Source permits FileSource, BytesSource {
    /** The file or classpath resource, for messages. */
    String origin();
  }

  /** A file on disk (a jar): streamed when uploaded, never held in memory. */
  public record FileSource(Path path) implements Source {
    @Override
    public String origin() {
      return path.toString();
    }
  }

  /** Bytes already read (a definition from the classpath). */
  public record BytesSource(String origin, byte[] bytes) implements Source {
    public BytesSource {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** Content type for S3: jars are zips; definitions are JSON. */
  public String contentType() {
    return key.endsWith(".json") ? "application/json" : "application/java-archive";
  }
}
