package dev.fogbank.functions.wiring;

import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.S3DropSource;

public final class DropWiring {
  private DropWiring() {}

  private static final class Holder {
    static final DropIntake INTAKE = build();

    private static DropIntake build() {
      DropComponent c = DaggerDropComponent.create();
      return new DropIntake(c.intake(), new S3DropSource(c.clients().s3()));
    }
  }

  public static DropIntake intake() {
    return Holder.INTAKE;
  }
}
