package dev.fogbank.functions.wiring;

import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.S3DropSource;

public final class DropWiring {
  private DropWiring() {}

  private static final class Holder {
    static final DropIntake INTAKE = build();

    private static DropIntake build() {
      DropComponent c = DaggerDropComponent.create();
      DropIntake intake = new DropIntake(c.intake(), new S3DropSource(c.clients().s3()));
      SnapStartPriming.register("drop", () -> prime(c));
      return intake;
    }

    /**
     * SnapStart priming for an S3 event: the clients the intake calls (S3 to read the upload,
     * DynamoDB for the record, Step Functions for the execution), an event read and an answer
     * written, one read-only table read.
     */
    private static void prime(DropComponent c) {
      dev.fogbank.shared.aws.AwsClientFactory aws = c.clients();
      aws.s3();
      aws.sfn();
      try {
        com.fasterxml.jackson.databind.JsonNode event =
            dev.fogbank.shared.json.Json.mapper().readTree(SAMPLE_EVENT);
        dev.fogbank.shared.json.Json.mapper()
            .writeValueAsString(java.util.List.of(event.at("/Records/0/s3/object/key").asText()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      SnapStartPriming.readOnlyTableRead(aws, c.environment().tableName());
    }

    private static final String SAMPLE_EVENT =
        """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
          "eventTime": "2026-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
          "userIdentity": {"principalId": "AWS:PRIMING"},
          "s3": {"s3SchemaVersion": "1.0", "configurationId": "fogbank-drop",
            "bucket": {"name": "priming", "arn": "arn:aws:s3:::priming"},
            "object": {"key": "stacks/priming/template.yaml", "size": 1,
              "sequencer": "0000000000000000"}}}]}
        """;
  }

  public static DropIntake intake() {
    return Holder.INTAKE;
  }
}
