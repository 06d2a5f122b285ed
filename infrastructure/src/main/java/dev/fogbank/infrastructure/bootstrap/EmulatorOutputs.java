package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.stack.StackResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emulators keep no outputs after a change set (moto 5.2): bootstrap names what they would have
 * said where an output is a plain Ref to a resource, from that resource's physical ID.
 */
final class EmulatorOutputs {

  private EmulatorOutputs() {}

  /** The resources worth listing: those with a logical ID. */
  static List<StackResource> named(List<StackResource> resources) {
    return resources.stream()
        .filter(r -> r.logicalId() != null && !r.logicalId().isBlank())
        .toList();
  }

  /** Outputs whose value is {@code Ref} to a resource, read from that resource's physical ID. */
  static Map<String, String> fromResources(JsonNode template, List<StackResource> resources) {
    Map<String, String> physicalIds = new LinkedHashMap<>();
    resources.forEach(
        r -> {
          if (r.physicalId() != null && !r.physicalId().isBlank()) {
            physicalIds.put(r.logicalId(), r.physicalId());
          }
        });
    Map<String, String> outputs = new LinkedHashMap<>();
    template
        .path("Outputs")
        .properties()
        .forEach(
            e -> {
              JsonNode ref = e.getValue().path("Value").path("Ref");
              if (ref.isTextual() && physicalIds.containsKey(ref.asText())) {
                outputs.put(e.getKey(), physicalIds.get(ref.asText()));
              }
            });
    return outputs;
  }
}
