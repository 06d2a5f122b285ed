package dev.fogbank.shared.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.ChangeType;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.ResourceTargetDefinition;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * The one place where CloudFormation's SDK shapes meet fogbank's domain records, in both
 * directions. Nothing here calls AWS.
 */
final class CloudFormationTranslator {

  /**
   * Every capability a template may need: fogbank's own review (validation, security rules, risk)
   * decides what may deploy, so CloudFormation's acknowledgement gate adds nothing here.
   */
  static final List<Capability> CAPABILITIES =
      List.of(
          Capability.CAPABILITY_IAM,
          Capability.CAPABILITY_NAMED_IAM,
          Capability.CAPABILITY_AUTO_EXPAND);

  private CloudFormationTranslator() {}

  static StackState toStackState(Stack stack) {
    Map<String, String> parameters = new LinkedHashMap<>();
    stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
    Map<String, String> outputs = new LinkedHashMap<>();
    stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    return new StackState(
        stack.stackName(),
        stack.stackId(),
        stack.stackStatusAsString(),
        stack.stackStatusReason(),
        parameters,
        outputs);
  }

  static StackResource toStackResource(StackResourceSummary resource) {
    return new StackResource(
        resource.logicalResourceId(),
        resource.resourceType(),
        resource.physicalResourceId(),
        resource.resourceStatusAsString());
  }

  /** A listed change set: executed, failed, still being created, or ready. */
  static ChangeSet toChangeSet(String stackName, ChangeSetSummary summary) {
    ExecutionStatus execution = summary.executionStatus();
    ChangeSet.Status status;
    if (execution == ExecutionStatus.EXECUTE_COMPLETE
        || execution == ExecutionStatus.EXECUTE_IN_PROGRESS) {
      status = ChangeSet.Status.EXECUTED;
    } else if (summary.status() == ChangeSetStatus.FAILED) {
      status = ChangeSet.Status.FAILED;
    } else if (summary.status() == ChangeSetStatus.CREATE_PENDING
        || summary.status() == ChangeSetStatus.CREATE_IN_PROGRESS) {
      status = ChangeSet.Status.CREATING;
    } else {
      status = ChangeSet.Status.READY;
    }
    return new ChangeSet(
        stackName,
        summary.stackId(),
        summary.changeSetId(),
        summary.changeSetName(),
        null,
        status,
        summary.statusReason(),
        List.of());
  }

  static software.amazon.awssdk.services.cloudformation.model.TemplateStage toTemplateStage(
      TemplateStage stage) {
    return switch (stage) {
      case ORIGINAL -> software.amazon.awssdk.services.cloudformation.model.TemplateStage.ORIGINAL;
      case PROCESSED ->
          software.amazon.awssdk.services.cloudformation.model.TemplateStage.PROCESSED;
    };
  }

  static ChangeSetType toChangeSetType(ChangeSet.Type type) {
    return type == ChangeSet.Type.CREATE ? ChangeSetType.CREATE : ChangeSetType.UPDATE;
  }

  static CreateChangeSetRequest toCreateChangeSetRequest(
      ChangeSetRequest request, ChangeSet.Type type) {
    CreateChangeSetRequest.Builder builder =
        CreateChangeSetRequest.builder()
            .stackName(request.stackName())
            .changeSetName(request.changeSetName())
            .changeSetType(toChangeSetType(type))
            .capabilities(CAPABILITIES)
            .parameters(toParameters(request.parameters()))
            .tags(toTags(request.tags()));
    if (request.templateBody() != null) {
      builder.templateBody(request.templateBody());
    } else {
      builder.templateURL(request.templateUrl());
    }
    if (request.roleArn() != null) {
      builder.roleARN(request.roleArn());
    }
    if (request.description() != null) {
      builder.description(request.description());
    }
    return builder.build();
  }

  /** Sorted by key so that the same request always produces the same call (and logs). */
  static List<Parameter> toParameters(Map<String, String> parameters) {
    List<Parameter> result = new ArrayList<>();
    new TreeMap<>(parameters)
        .forEach(
            (k, v) -> result.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
    return result;
  }

  static List<Tag> toTags(Map<String, String> tags) {
    List<Tag> result = new ArrayList<>();
    new TreeMap<>(tags).forEach((k, v) -> result.add(Tag.builder().key(k).value(v).build()));
    return result;
  }

  /** Resource rows only: hook invocations and other change kinds are not deployments' concern. */
  static List<ResourceChange> toResourceChanges(List<Change> changes) {
    List<ResourceChange> result = new ArrayList<>();
    for (Change change : changes) {
      if (change.type() != ChangeType.RESOURCE || change.resourceChange() == null) {
        continue;
      }
      var rc = change.resourceChange();
      result.add(
          new ResourceChange(
              rc.actionAsString(),
              rc.logicalResourceId(),
              rc.resourceType(),
              // Absent means CloudFormation (or an emulator) did not say; not "False".
              rc.replacementAsString(),
              null,
              rc.scopeAsStrings(),
              rc.details().stream().map(CloudFormationTranslator::toDetail).toList()));
    }
    return result;
  }

  private static ResourceChange.Detail toDetail(ResourceChangeDetail detail) {
    ResourceTargetDefinition target = detail.target();
    return new ResourceChange.Detail(
        target == null ? null : target.attributeAsString(),
        target == null ? null : target.name(),
        target == null ? null : target.requiresRecreationAsString(),
        detail.evaluationAsString(),
        detail.changeSourceAsString(),
        detail.causingEntity());
  }

  static StackExport toStackExport(Export export) {
    return new StackExport(export.name(), export.value(), export.exportingStackId());
  }

  /**
   * ListImports' ValidationError for an export nothing imports ("Export 'x' is not imported by any
   * stack."): AWS answers an empty list with an error.
   */
  static boolean isNotImportedMessage(String message) {
    return message != null && message.contains("is not imported by any stack");
  }

  static StackEvent toStackEvent(
      software.amazon.awssdk.services.cloudformation.model.StackEvent e) {
    return new StackEvent(
        e.timestamp(),
        e.logicalResourceId(),
        e.resourceType(),
        e.resourceStatusAsString(),
        e.resourceStatusReason(),
        e.physicalResourceId(),
        e.eventId());
  }

  /**
   * CloudFormation fails a change set that would change nothing, with one of these reasons (the
   * first for change sets, the second as UpdateStack words it).
   */
  static boolean isNoChangesReason(String reason) {
    if (reason == null) {
      return false;
    }
    String lower = reason.toLowerCase(Locale.ROOT);
    return lower.contains("didn't contain changes")
        || lower.contains("no updates are to be performed");
  }

  /**
   * GetTemplate's answer when there is no template to give: nothing, or an empty JSON object (moto
   * 5.2 answers {@code {}} for a change set's stack still in REVIEW_IN_PROGRESS). A template
   * CloudFormation created a change set from always has Resources.
   */
  static boolean isEmptyTemplate(String body) {
    String compact = body == null ? "" : body.replaceAll("\\s", "");
    return compact.isEmpty() || compact.equals("{}");
  }

  /** DescribeStacks' ValidationError for a stack that is not there. */
  static boolean isStackMissingMessage(String message) {
    return message != null && message.contains("does not exist");
  }

  /**
   * CloudFormation's ValidationError when a stack changed state between our DescribeStacks and our
   * call, e.g. "Stack:arn:... is in UPDATE_IN_PROGRESS state and can not be updated."
   */
  static boolean isBusyMessage(String message) {
    return message != null && message.contains("_IN_PROGRESS state");
  }
}
