package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fogbank diff}: two files offline, and a file against a stub API's deployed template. */
class DiffCommandTest {
  static final String OLD =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      QueueName: jobs\n      VisibilityTimeout: 30\n"
          + "  Topic:\n    Type: AWS::SNS::Topic\n";
  static final String NEW =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
          + "      QueueName: work\n      VisibilityTimeout: 30\n"
          + "  Site:\n    Type: AWS::S3::Bucket\n";

  @TempDir Path tmp;
  ApiStub api;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new ApiStub();
    env = new HashMap<>();
    env.put(ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString());
    env.put("FOGBANK_ENDPOINT", api.url().toString());
    env.put("FOGBANK_TOKEN", "stub-token");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  Path file(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  @Test
  void diffFiles_whenResourcesDiffer_thenEachIsListedAndExit1() throws IOException {
    CliRun run = CliRun.of(env, "diff", file("a.yaml", OLD).toString(),
        file("b.yaml", NEW).toString());

    assertEquals(DiffCommand.DIFFERENT, run.exitCode(), run::transcript);
    assertEquals(
        "~ Queue (AWS::SQS::Queue), replaced\n"
            + "    QueueName: create-only; changes [replacement: True]\n"
            + "+ Site (AWS::S3::Bucket)\n"
            + "- Topic (AWS::SNS::Topic)\n"
            + "3 resource(s) differ: 1 added, 1 removed, 1 modified (1 replaced)\n",
        run.out(), run::transcript);
    assertTrue(api.requests().isEmpty(), "offline: no API call");
  }

  @Test
  void diffFiles_whenTheSameTemplateAsYamlAndJson_thenNoDifferencesAndExit0() throws IOException {
    String asJson =
        "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\"},\"Queue\":{\"Type\":"
            + "\"AWS::SQS::Queue\",\"Properties\":{\"VisibilityTimeout\":\"30\",\"QueueName\":"
            + "\"jobs\"}}}}";

    CliRun run = CliRun.of(env, "diff", file("a.yaml", OLD).toString(),
        file("a.json", asJson).toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("no differences\n", run.out());
  }

  @Test
  void diffFiles_whenJsonOrCsv_thenTheDiffAsADocument() throws IOException {
    String a = file("a.yaml", OLD).toString();
    String b = file("b.yaml", NEW).toString();

    CliRun json = CliRun.of(env, "diff", a, b, "-o", "json");
    CliRun csv = CliRun.of(env, "diff", a, b, "-o", "csv");

    assertEquals(DiffCommand.DIFFERENT, json.exitCode(), json::transcript);
    JsonNode changes = Json.mapper().readTree(json.out()).path("changes");
    assertEquals("MODIFY", changes.get(0).path("action").asText());
    assertEquals("True", changes.get(0).path("replacement").asText());
    assertEquals("QueueName", changes.get(0).path("properties").get(0).path("path").asText());
    List<String> rows = csv.out().lines().toList();
    assertEquals("action,logicalId,type,replacement,property,note", rows.get(0));
    assertEquals("MODIFY,Queue,AWS::SQS::Queue,True,QueueName,create-only; changes", rows.get(1));
    assertEquals("ADD,Site,AWS::S3::Bucket,False,,", rows.get(2));
  }

  @Test
  void diffFiles_whenATemplateIsBrokenOrMissing_thenExit2NamingTheFile() throws IOException {
    String good = file("a.yaml", OLD).toString();
    String broken = file("broken.yaml", "Resources:\n  Q:\n    Type: [not, a, type\n").toString();

    CliRun bad = CliRun.of(env, "diff", good, broken);
    CliRun missing = CliRun.of(env, "diff", good, tmp.resolve("nope.yaml").toString());

    assertEquals(2, bad.exitCode(), bad::transcript);
    assertTrue(bad.err().contains("broken.yaml: not a template it can read"), bad::transcript);
    assertEquals(2, missing.exitCode(), missing::transcript);
    assertTrue(missing.err().contains("nope.yaml: cannot read it"), missing::transcript);
  }

  @Test
  void diffStack_thenComparesWithTheLatestSuccessfulDeploymentsTemplateAndParameters()
      throws IOException {
    String withParameter =
        "Parameters:\n  Name: {Type: String}\n" + OLD.replace("QueueName: jobs",
            "QueueName: !Ref Name");
    api.on("GET /deployments", json(200, "{\"items\":[{\"deploymentId\":\"d-1\","
            + "\"stackName\":\"web\",\"status\":\"SUCCEEDED\"}]}"))
        .on("GET /deployments/d-1/template", json(200, Json.mapper().writeValueAsString(Map.of(
            "deploymentId", "d-1", "stackName", "web", "status", "SUCCEEDED",
            "templateBody", withParameter, "parameters", Map.of("Name", "jobs")))));
    // The same template with the deployed parameter value: no difference at all.
    Path same = file("same.yaml", withParameter);

    CliRun run = CliRun.of(env, "diff", "web", "-t", same.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("stack=web&status=SUCCEEDED&limit=1", api.requests().get(0).query());
    assertEquals("/deployments/d-1/template", api.requests().get(1).path());

    CliRun changed = CliRun.of(env, "diff", "web", "-t", file("new.yaml", NEW).toString());
    assertEquals(DiffCommand.DIFFERENT, changed.exitCode(), changed::transcript);
    assertTrue(changed.out().contains("- Topic (AWS::SNS::Topic)"), changed::transcript);
  }

  @Test
  void diffStack_whenNeverDeployed_thenExit4() throws IOException {
    api.on("GET /deployments", json(200, "{\"items\":[]}"));

    CliRun run = CliRun.of(env, "diff", "web", "-t", file("b.yaml", NEW).toString());

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("has no successful deployment"), run::transcript);
  }

  @Test
  void diff_whenOneFileWithoutT_thenUsage() throws IOException {
    CliRun run = CliRun.of(env, "diff", file("a.yaml", OLD).toString());

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("give two files"), run::transcript);
  }
}
