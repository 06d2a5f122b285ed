package dev.fogbank.cli.bench;

import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.validation.TemplateValidation;
import dev.fogbank.shared.validation.ValidationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * In-process validation of one template file, as the Validate step and {@code fogbank validate}
 * run it (read with lines and columns, structure and resource schemas, security rules), for {@code
 * scripts/lib/bench-validate.sh}: the first run in a fresh JVM, then {@code runs} warm ones after
 * as many warm-up rounds. Prints one JSON line.
 *
 * <p>Usage: {@code java -cp ... dev.fogbank.cli.bench.ValidateBenchmark FILE [runs]}
 */
public final class ValidateBenchmark {

  private ValidateBenchmark() {}

  public static void main(String[] args) throws Exception {
    byte[] body = Files.readAllBytes(Path.of(args[0]));
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    TemplateValidation validation =
        new TemplateValidation(ResourceSchemas.bundled(), SecurityRules.standard());
    long start = System.nanoTime();
    int resources = validate(validation, body);
    double firstMs = (System.nanoTime() - start) / 1e6;
    for (int i = 0; i < runs; i++) {
      validate(validation, body);
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      validate(validation, body);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "{\"first_ms\": %.2f, \"warm_p50_ms\": %.3f, \"warm_p95_ms\": %.3f, \"runs\": %d,"
            + " \"bytes\": %d, \"resources\": %d}%n",
        firstMs,
        ms[runs / 2],
        ms[(int) Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)],
        runs,
        body.length,
        resources);
  }

  private static int validate(TemplateValidation validation, byte[] body) {
    SourceTemplate read = TemplateReader.readSource(body);
    validation.check(read, Map.of(), List.of(), ValidationPolicy.defaults());
    return read.template().resources().size();
  }
}
