package dev.fogbank.functions.wiring;

import dev.fogbank.shared.deploy.StackDeployer;

/**
 * The steps-stack handlers' wiring, built once per Lambda container on first use (class
 * initialisation is lazy and safe). Apart from {@link StepsLedgerWiring} so that neither artifact
 * reaches the other's classes.
 */
public final class StepsStackWiring {
  private StepsStackWiring() {}

  private static final class Holder {
    static final StepsStackComponent COMPONENT = DaggerStepsStackComponent.create();

    static {
      SnapStartPriming.register("steps-stack", () -> prime(COMPONENT));
    }

    /**
     * SnapStart priming for CreateChangeSet and the other stack steps: the deployer and its
     * clients (CloudFormation, S3, DynamoDB) built, a step input read and written, a template
     * parsed in memory, one read-only table read.
     */
    private static void prime(StepsStackComponent c) {
      c.stackChanges();
      c.clients().cloudFormation();
      c.clients().s3();
      SnapStartPriming.stepJson();
      dev.fogbank.shared.template.TemplateReader.readSource(
          "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      SnapStartPriming.readOnlyTableRead(c.clients(), c.environment().tableName());
    }
  }

  public static StackDeployer stackChanges() {
    return Holder.COMPONENT.stackChanges();
  }
}
