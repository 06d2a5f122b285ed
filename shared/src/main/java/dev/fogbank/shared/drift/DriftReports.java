package dev.fogbank.shared.drift;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the API tells about drift: starts a scan (the drift scan state machine), a scan's progress,
 * a stack's records, every managed stack's latest status.
 */
public final class DriftReports {
  /**
   * A scan id is its execution's name: {@code ds-<uuid>} from {@link #start}, whatever EventBridge
   * names a scheduled one; Step Functions allows these characters, at most 80.
   */
  public static final String SCAN_ID_PATTERN = "[A-Za-z0-9_-]{1,80}";

  private final String account;
  private final String region;
  private final ManagedStacks stacks;
  private final DriftRecords records;
  private final DriftScans scans;
  private final Supplier<ExecutionStarter> starter;
  private final Clock clock;
  private final int maxStacks;

  public DriftReports(
      String account,
      String region,
      ManagedStacks stacks,
      DriftRecords records,
      DriftScans scans,
      Supplier<ExecutionStarter> starter,
      Clock clock,
      int maxStacks) {
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.stacks = Objects.requireNonNull(stacks, "stacks");
    this.records = Objects.requireNonNull(records, "records");
    this.scans = Objects.requireNonNull(scans, "scans");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxStacks = maxStacks;
  }

  /**
   * Starts a scan of {@code requested} (empty: every managed stack) and returns its record.
   *
   * @throws DeploymentException NOT_FOUND naming the requested stacks fogbank does not manage
   */
  public DriftScanRecord start(List<String> requested, String trigger) {
    Set<String> wanted = new LinkedHashSet<>(requested == null ? List.of() : requested);
    if (!wanted.isEmpty()) {
      Set<String> managed = managedNames();
      List<String> unknown = wanted.stream().filter(s -> !managed.contains(s)).toList();
      if (!unknown.isEmpty()) {
        throw new DeploymentException(
            ErrorCode.NOT_FOUND,
            "not managed by fogbank (no deployment history here): " + String.join(", ", unknown));
      }
    }
    String scanId = "ds-" + UUID.randomUUID();
    DriftScanRecord scan = DriftScanRecord.starting(scanId, trigger, clock.instant());
    scans.record(scan);
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("trigger", trigger);
    input.put("stacks", List.copyOf(wanted));
    try {
      starter.get().start(scanId, Json.mapper().writeValueAsString(input));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return scan;
  }

  public Optional<DriftScanRecord> scan(String scanId) {
    return scanId.matches(SCAN_ID_PATTERN) ? scans.find(scanId) : Optional.empty();
  }

  /**
   * The stack's newest records, newest first.
   *
   * @throws DeploymentException NOT_FOUND when fogbank neither manages the stack nor has records
   */
  public List<DriftReport> stack(String name, int limit) {
    List<DriftReport> found = records.history(StackRef.of(account, region, name), limit);
    if (found.isEmpty() && !managedNames().contains(name)) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "stack '" + name + "' is not managed by fogbank here");
    }
    return found;
  }

  /** Every managed stack with its newest record (empty: never scanned), in name order. */
  public Map<String, Optional<DriftReport>> latest() {
    List<StackRef> managed = stacks.list(maxStacks);
    // The stacks' newest-drift items, the same ones the console's stacks page reads.
    Map<String, DriftReport> newest = records.latest(managed);
    Map<String, Optional<DriftReport>> all = new LinkedHashMap<>();
    for (StackRef stack : managed) {
      all.put(stack.name(), Optional.ofNullable(newest.get(stack.name())));
    }
    return all;
  }

  private Set<String> managedNames() {
    Set<String> names = new LinkedHashSet<>();
    stacks.list(maxStacks).forEach(s -> names.add(s.name()));
    return names;
  }
}
