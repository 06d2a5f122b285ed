package dev.fogbank.functions.wiring;

import dev.fogbank.shared.stackevents.StackStatusIntake;

/** Built once per Lambda container, on the first event (class initialisation is lazy and safe). */
public final class EventsWiring {
  private EventsWiring() {}

  private static final class Holder {
    static final StackStatusIntake INTAKE = DaggerEventsComponent.create().intake();
  }

  public static StackStatusIntake intake() {
    return Holder.INTAKE;
  }
}
