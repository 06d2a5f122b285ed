package dev.fogbank.functions.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The console's static files: its own stylesheet and scripts, htmx and Swagger UI from their
 * WebJars (on the classpath in local mode), and the OpenAPI document. A fixed list: no path from
 * the request reaches the class loader. With an {@link #withArchive archive}, the API reference's
 * files ({@code /api...}) come from it instead: the console function in AWS reads them from the
 * console-assets jar in the artifacts bucket (its own artifact has no room for Swagger UI).
 */
final class ConsoleAssets {
  private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.7/dist/htmx.min.js";
  private static final String SWAGGER = "/META-INF/resources/webjars/swagger-ui/5.35.0/";
  private static final String OWN = "/dev/fogbank/functions/console/assets/";

  private record Asset(String resource, String contentType) {}

  private static final Map<String, Asset> FILES =
      Map.of(
          "/console/assets/console.css", new Asset(OWN + "console.css", "text/css; charset=utf-8"),
          "/console/assets/htmx.min.js", new Asset(HTMX, "text/javascript; charset=utf-8"),
          "/console/assets/console.js",
              new Asset(OWN + "console.js", "text/javascript; charset=utf-8"),
          "/api", new Asset(OWN + "api.html", ConsoleResponse.HTML),
          "/api/", new Asset(OWN + "api.html", ConsoleResponse.HTML),
          "/api/swagger-init.js", new Asset(OWN + "swagger-init.js", "text/javascript; charset=utf-8"),
          "/api/swagger-ui-bundle.js",
              new Asset(SWAGGER + "swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
          "/api/swagger-ui.css", new Asset(SWAGGER + "swagger-ui.css", "text/css; charset=utf-8"),
          "/api/openapi.yaml", new Asset("/openapi/openapi.yaml", "application/yaml; charset=utf-8"));

  private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();
  private final Supplier<byte[]> archive;
  private volatile Map<String, byte[]> unpacked;

  ConsoleAssets() {
    this(null);
  }

  private ConsoleAssets(Supplier<byte[]> archive) {
    this.archive = archive;
  }

  /**
   * These files, the API reference's from {@code archive}: a jar (zip) holding them under the same
   * resource paths, read once, on the first {@code /api} request (not at start).
   */
  static ConsoleAssets withArchive(Supplier<byte[]> archive) {
    return new ConsoleAssets(java.util.Objects.requireNonNull(archive, "archive"));
  }

  Optional<ConsoleResponse> serve(String path) {
    Asset asset = FILES.get(path);
    if (asset == null) {
      return Optional.empty();
    }
    byte[] body =
        archive != null && path.startsWith("/api")
            ? fromArchive().getOrDefault(asset.resource(), new byte[0])
            : loaded.computeIfAbsent(asset.resource(), ConsoleAssets::read);
    return body.length == 0
        ? Optional.empty()
        : Optional.of(ConsoleResponse.asset(asset.contentType(), body));
  }

  /** The archive's listed files by resource path ({@code /META-INF/...}), unpacked once. */
  private Map<String, byte[]> fromArchive() {
    Map<String, byte[]> files = unpacked;
    if (files == null) {
      synchronized (this) {
        files = unpacked;
        if (files == null) {
          files = unpack(archive.get());
          unpacked = files;
        }
      }
    }
    return files;
  }

  /** Only the files of the fixed list: nothing else in the archive is kept or served. */
  static Map<String, byte[]> unpack(byte[] zip) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    FILES.values().forEach(a -> wanted.add(a.resource()));
    Map<String, byte[]> files = new java.util.HashMap<>();
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String resource = "/" + e.getName();
        if (!e.isDirectory() && wanted.contains(resource)) {
          files.put(resource, in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the console assets archive is not a readable jar", e);
    }
    return Map.copyOf(files);
  }

  /** Empty when the file is not on this classpath (a WebJar is not in every artifact). */
  private static byte[] read(String resource) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
