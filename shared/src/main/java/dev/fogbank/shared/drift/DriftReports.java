package dev.fogbank.shared.drift;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the API tells about drift: starts a scan (the drift scan state machine), a scan's progress,
 * a stack's records, the latest status of every stack the scans cover: the managed stacks (the
 * stack index, as {@code GET /stacks} lists them) and the stacks the newest scan of every stack
 * covered, which include those it discovered by name pattern ({@code FOGBANK_DRIFT_DISCOVER}).
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
   * @throws DeploymentException NOT_FOUND naming the requested stacks the scans do not cover
   */
  public DriftScanRecord start(List<String> requested, String trigger) {
    Set<String> wanted = new LinkedHashSet<>(requested == null ? List.of() : requested);
    if (!wanted.isEmpty()) {
      Set<String> managed = coveredNames();
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
   * The kept scans, newest first, from position {@code after} (a page's {@link
   * DriftScans.ScanPage#next}; null: the first page).
   *
   * @throws DeploymentException INVALID_NEXT_TOKEN when {@code after} is not such a position
   */
  public DriftScans.ScanPage scans(String after, int limit) {
    if (after != null && !after.matches(DriftScans.POSITION_PATTERN)) {
      throw new DeploymentException(ErrorCode.INVALID_NEXT_TOKEN, "nextToken is not a position");
    }
    return scans.list(after, limit);
  }

  /**
   * The stack's newest records, newest first.
   *
   * @throws DeploymentException NOT_FOUND when fogbank neither manages the stack nor has records
   */
  public List<DriftReport> stack(String name, int limit) {
    List<DriftReport> found = records.history(StackRef.of(account, region, name), limit);
    if (found.isEmpty() && !coveredNames().contains(name)) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "stack '" + name + "' is not managed by fogbank here");
    }
    return found;
  }

  /** A stack the scans cover, with its newest record (empty: never scanned). */
  public record Latest(String stack, Optional<DriftReport> report) {}

  /**
   * A page of the covered stacks in name order, each with its newest record.
   *
   * @param stacks at most the page's limit
   * @param more whether stacks follow the last one (then page on after its name)
   */
  public record LatestPage(List<Latest> stacks, boolean more) {}

  /**
   * At most {@code limit} of the covered stacks that {@code shown} accepts, in name order, after
   * {@code after} (null: from the first), each with its newest record.
   */
  public LatestPage latest(String after, int limit, Predicate<String> shown) {
    List<String> names = new ArrayList<>();
    boolean more = false;
    for (String name : coveredNames()) {
      if ((after != null && name.compareTo(after) <= 0) || !shown.test(name)) {
        continue;
      }
      if (names.size() == limit) {
        more = true;
        break;
      }
      names.add(name);
    }
    // The page's newest-drift items in one read, the same ones the console's stacks page reads.
    Map<String, DriftReport> newest =
        records.latest(names.stream().map(n -> StackRef.of(account, region, n)).toList());
    List<Latest> page = new ArrayList<>();
    for (String name : names) {
      page.add(new Latest(name, Optional.ofNullable(newest.get(name))));
    }
    return new LatestPage(page, more);
  }

  /** The managed stacks and the stacks the newest scan of every stack covered, in name order. */
  private Set<String> coveredNames() {
    Set<String> names = new TreeSet<>();
    stacks.list(maxStacks).forEach(s -> names.add(s.name()));
    names.addAll(scans.covered());
    return names;
  }
}
