package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.template.TemplateWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The control plane bootstrap installs: where its template comes from, its shape, and the parameter
 * values an emulator needs.
 *
 * @param emulatorParameters values used when bootstrapping into an emulator, unless given
 */
public record ControlPlane(
    TemplateSource template, ControlPlaneLayout layout, Map<String, String> emulatorParameters) {

  public ControlPlane {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(layout, "layout");
    emulatorParameters = Map.copyOf(emulatorParameters);
  }

  /**
   * fogbank's own control plane: {@link ControlPlaneStack}'s template, validated against the
   * bundled resource schemas and written as YAML.
   */
  public static ControlPlane fogbank() {
    return new ControlPlane(
        defaults ->
            ControlPlaneTemplate.synthesize(
                ControlPlaneStack.template(),
                ResourceSchemas.bundled(),
                defaults,
                TemplateWriter::yaml),
        new ControlPlaneLayout(
            ControlPlaneStack.ARTIFACTS_BUCKET_PARAMETER,
            ControlPlaneStack.OUTPUT_DROP_BUCKET,
            ControlPlaneStack.DROP_BUCKET,
            Set.copyOf(ControlPlaneStack.PROTECTED_RESOURCES),
            ControlPlaneLayout.DATA_TYPES),
        // Emulators have no Lambda aliases (moto skips the type), so invoke functions unqualified.
        Map.of(ControlPlaneStack.FUNCTION_ALIASES_PARAMETER, "false"));
  }
}
