package dev.fogbank.functions.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files: its own stylesheet and scripts, htmx and Swagger UI from their
 * WebJars (on the classpath in local mode), and the OpenAPI document. A fixed list: no path from
 * the request reaches the class loader.
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

  Optional<ConsoleResponse> serve(String path) {
    Asset asset = FILES.get(path);
    if (asset == null) {
      return Optional.empty();
    }
    byte[] body = loaded.computeIfAbsent(asset.resource(), ConsoleAssets::read);
    return body.length == 0
        ? Optional.empty()
        : Optional.of(ConsoleResponse.asset(asset.contentType(), body));
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
