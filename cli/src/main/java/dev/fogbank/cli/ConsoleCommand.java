package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.AuthMode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fogbank console}: asks {@code POST /console/session} for a one-time login link and opens
 * it in the browser, which exchanges it for the console's session cookie (docs/console.md).
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description =
        "Open the web console logged in as you: POST /console/session answers a one-time login"
            + " link (valid 60 s, used once) that this opens in your browser.",
    footer = {
      "%nIn AWS the route is IAM-authenticated: the call is SigV4-signed with your AWS"
          + " credentials (--auth sigv4; execute-api endpoints sign by default). Local mode: the"
          + " bearer token (--token, $FOGBANK_TOKEN or the profile's) authenticates it.",
      "%nExample:",
      "  fogbank console --endpoint https://abc123.execute-api.eu-west-1.amazonaws.com",
      "  fogbank console --no-browser    # print the link only",
      "%nExit: 0 opened (or printed), 2 no region for SigV4, 6 auth, 7 unreachable."
    })
public final class ConsoleCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Option(names = "--no-browser", description = "Print the login link; do not open a browser.")
  boolean noBrowser;

  @Override
  public Integer call() {
    ApiClient client = api.client();
    if (client.target().auth() != AuthMode.sigv4 && client.target().token() == null) {
      api.err()
          .println(
              "fogbank console: no token for " + client.target().endpoint() + ". In AWS,"
                  + " POST /console/session is IAM-authenticated: sign it with SigV4 (--auth"
                  + " sigv4, and AWS credentials and a region); locally, pass --token (or use the"
                  + " 'local' profile fogbank local writes).");
      api.err().flush();
      return ExitCodes.AUTH;
    }
    JsonNode answer = client.post("/console/session", Json.mapper().createObjectNode(), Map.of());
    String url =
        answer.hasNonNull("loginUrl")
            ? answer.path("loginUrl").asText()
            : client.target().endpoint() + answer.path("loginPath").asText();
    api.out().println(url);
    api.out().flush();
    if (!noBrowser && !open(url)) {
      api.err().println("No browser could be started: open the link above within 60 seconds.");
      api.err().flush();
    }
    return ExitCodes.OK;
  }

  /** Opens {@code url} with the desktop's own opener; false when there is none. */
  private static boolean open(String url) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command =
        os.contains("mac")
            ? List.of("open", url)
            : os.contains("win")
                ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
                : List.of("xdg-open", url);
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
