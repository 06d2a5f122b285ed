package dev.fogbank.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ApiClient;
import dev.fogbank.cli.client.ApiTarget;
import dev.fogbank.cli.client.AuthMode;
import dev.fogbank.cli.client.OutputFormat;
import dev.fogbank.cli.client.Palette;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that drives the API shares: where it is, the auth, the output. */
public final class ApiOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "API base URL (default $FOGBANK_ENDPOINT, else the profile's).")
  String endpoint;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token (default $FOGBANK_TOKEN, else the profile's).")
  String token;

  @Option(
      names = "--auth",
      paramLabel = "MODE",
      description =
          "token (a bearer token) or sigv4 (sign with the AWS SDK's default credentials:"
              + " AWS_PROFILE, AWS_ACCESS_KEY_ID..., ~/.aws). Default $FOGBANK_AUTH, else the"
              + " profile's, else sigv4 for *.execute-api.REGION.amazonaws.com and token otherwise.")
  AuthMode auth;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Profile in ~/.config/fogbank/config.yaml (default $FOGBANK_PROFILE, else the file's"
              + " default, else 'local', which fogbank local writes).")
  String profile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description =
          "table (default), json (the API's own JSON), yaml (the same as YAML) or csv (a list's"
              + " items as rows).")
  OutputFormat output = OutputFormat.table;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      description =
          "auto (default: colour when stdout is a terminal; NO_COLOR turns it off,"
              + " CLICOLOR_FORCE on), always or never.")
  Palette.Mode color = Palette.Mode.auto;

  ApiClient client() {
    FogbankCli root = (FogbankCli) command.root().userObject();
    return new ApiClient(
        ApiTarget.resolve(new ApiTarget.Flags(endpoint, token, profile, auth), root.environment()));
  }

  /** The table output's colours; none for json, yaml and csv. */
  Palette palette() {
    if (output != OutputFormat.table) {
      return Palette.NONE;
    }
    FogbankCli root = (FogbankCli) command.root().userObject();
    return Palette.choose(color, root.environment(), FogbankCli.stdoutIsTerminal());
  }

  PrintWriter out() {
    return command.commandLine().getOut();
  }

  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** Prints {@code answer} as JSON or as {@code table} renders it. */
  void print(JsonNode answer, Function<JsonNode, String> table) {
    switch (output) {
      case json -> out().println(answer.toPrettyString());
      case yaml -> out().print(AnswerText.yaml(answer));
      case csv -> out().print(AnswerText.csv(answer));
      case table -> out().print(table.apply(answer));
    }
    out().flush();
  }
}
