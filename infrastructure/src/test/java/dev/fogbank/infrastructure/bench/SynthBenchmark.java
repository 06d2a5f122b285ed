package dev.fogbank.infrastructure.bench;

import dev.fogbank.infrastructure.controlplane.ControlPlaneStack;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateWriter;
import java.util.Arrays;

/**
 * In-process synthesis of the control-plane template (build the model, check it against the
 * resource schemas, write YAML), for {@code ./scripts/bench}: the first synthesis in a fresh JVM,
 * then {@code runs} warm ones after as many warm-up rounds. Prints one JSON line.
 *
 * <p>Usage: {@code java -cp ... dev.fogbank.infrastructure.bench.SynthBenchmark [runs]}
 */
public final class SynthBenchmark {

  private SynthBenchmark() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long start = System.nanoTime();
    int bytes = synthesize();
    double firstMs = (System.nanoTime() - start) / 1e6;
    for (int i = 0; i < runs; i++) {
      synthesize();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      synthesize();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "{\"first_ms\": %.2f, \"warm_p50_ms\": %.3f, \"warm_p95_ms\": %.3f, \"runs\": %d,"
            + " \"yaml_bytes\": %d, \"resources\": %d}%n",
        firstMs,
        ms[runs / 2],
        ms[(int) Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)],
        runs,
        bytes,
        ControlPlaneStack.template().resources().size());
  }

  private static int synthesize() {
    Template template = ControlPlaneStack.template().requireValid(ResourceSchemas.bundled());
    return TemplateWriter.yaml(template).length();
  }
}
