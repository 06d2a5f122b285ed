package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import jakarta.inject.Singleton;

/** The events function group: the control table (DynamoDB) and the topic (SNS), nothing else. */
@Singleton
@Component(modules = EventsModule.class)
public interface EventsComponent {
  StackStatusIntake intake();

  dev.fogbank.shared.aws.AwsClientFactory clients();

  FunctionEnvironment environment();
}
