package dev.fogbank.shared.stack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

/**
 * DescribeChangeSet answers from JSON fixtures shaped exactly as AWS returns them (the AWS CLI's
 * {@code describe-change-set} output), read into the SDK's own response type and translated by the
 * gateway's translator, so that the domain sees what it would see from AWS.
 */
public final class ChangeSetFixtures {

  private static final ObjectMapper SDK_SHAPES =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(new JavaTimeModule())
          .build();

  private ChangeSetFixtures() {}

  /** The READY change set a fixture on the class path (e.g. {@code /review/x.json}) describes. */
  public static ChangeSet ready(String resource) {
    DescribeChangeSetResponse page = response(resource);
    return new ChangeSet(
        page.stackName(),
        page.stackId(),
        page.changeSetId(),
        page.changeSetName(),
        ChangeSet.Type.UPDATE,
        ChangeSet.Status.READY,
        null,
        CloudFormationTranslator.toResourceChanges(page.changes()));
  }

  static DescribeChangeSetResponse response(String resource) {
    try (InputStream in = ChangeSetFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return SDK_SHAPES.readValue(in, DescribeChangeSetResponse.serializableBuilderClass()).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
