package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.infrastructure.resources.s3.Bucket;
import dev.fogbank.infrastructure.resources.sns.Topic;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example in docs/template-engine.md, as written there, and its error example. */
class EngineExampleTest {

  @Test
  @DisplayName("The documented example builds, validates and writes the YAML it promises")
  void documentedExample() {
    Template t = Template.create().description("Reports bucket");
    Parameter env =
        t.parameter(Parameter.string("Env").allowedValues("dev", "prod").defaultValue("dev"));
    t.condition("IsProd", Fn.equalTo(env.ref(), "prod"));
    Topic topic = t.resource(Topic.create("Alerts").topicName(Fn.sub("${AWS::StackName}-alerts")));
    Bucket bucket =
        t.resource(
            Bucket.create("Reports")
                .versioningConfiguration(
                    Fn.map("Status", Fn.ifThen("IsProd", "Enabled", "Suspended")))
                .notificationConfiguration(
                    Fn.map(
                        "TopicConfigurations",
                        Fn.list(Fn.map("Event", "s3:ObjectCreated:*", "Topic", topic.ref()))))
                .retain());
    t.output(
        Output.of("BucketArn", bucket.getArn()).exportName(Fn.sub("${AWS::StackName}-Reports")));

    String yaml = TemplateWriter.yaml(t.requireValid(ResourceSchemas.bundled()));

    assertTrue(yaml.contains("    Value: !GetAtt Reports.Arn\n"), yaml);
    assertTrue(yaml.contains("      TopicName: !Sub ${AWS::StackName}-alerts\n"), yaml);
    assertTrue(yaml.contains("    DeletionPolicy: Retain\n"), yaml);
    assertEquals(
        TemplateWriter.json(t), TemplateWriter.json(TemplateReader.read(yaml)), "round trip");
  }

  @Test
  @DisplayName("A misspelt nested property, a dangling Ref and a cycle are reported together")
  void documentedErrors() {
    Template t = Template.create();
    t.add(
        Resource.of("Reports", "AWS::S3::Bucket")
            .property("VersioningConfiguration", Fn.map("Staus", "Enabled")));
    t.add(Resource.of("Queue", "AWS::SQS::Queue").property("QueueName", Fn.ref("Missing")));
    t.add(Resource.of("A", "AWS::SNS::Topic").property("TopicName", Fn.getAtt("B", "TopicName")));
    t.add(Resource.of("B", "AWS::SNS::Topic").property("TopicName", Fn.getAtt("A", "TopicName")));
    TemplateException e =
        assertThrows(TemplateException.class, () -> t.requireValid(ResourceSchemas.bundled()));
    List<String> locations = e.problems().stream().map(TemplateProblem::location).toList();
    assertTrue(
        locations.contains("Resources.Reports.Properties.VersioningConfiguration.Staus"),
        e.getMessage());
    assertTrue(locations.contains("Resources.Queue.Properties.QueueName.Ref"), e.getMessage());
    assertTrue(locations.contains("Resources.A"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean Status?"), e.getMessage());
    assertTrue(e.getMessage().contains("A -> B -> A"), e.getMessage());
  }
}
