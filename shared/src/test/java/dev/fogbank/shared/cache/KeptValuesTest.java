package dev.fogbank.shared.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.wait.FakeTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeptValuesTest {
  private final FakeTime time = FakeTime.create();
  private final KeptValues<String, Integer> kept = new KeptValues<>(Duration.ofMinutes(5), time);
  private final AtomicInteger reads = new AtomicInteger();

  private Integer read(String key) {
    return reads.incrementAndGet();
  }

  @Test
  void get_whenReadWithinKeepFor_thenReadsOnce() {
    assertEquals(1, kept.get("a", this::read));
    time.sleep(Duration.ofMinutes(4));
    assertEquals(1, kept.get("a", this::read));
    assertEquals(1, reads.get());
  }

  @Test
  void get_whenKeepForHasPassed_thenReadsAgainAndKeepsTheNewValue() {
    kept.get("a", this::read);
    time.sleep(Duration.ofMinutes(5));
    assertEquals(2, kept.get("a", this::read));
    assertEquals(2, kept.get("a", this::read));
  }

  @Test
  void get_whenKeysDiffer_thenEachIsReadAndKeptOnItsOwn() {
    assertEquals(1, kept.get("a", this::read));
    assertEquals(2, kept.get("b", this::read));
    assertEquals(1, kept.get("a", this::read));
  }

  @Test
  void forget_whenKept_thenTheNextGetReadsAgain() {
    kept.get("a", this::read);
    kept.forget("a");
    assertEquals(2, kept.get("a", this::read));
  }

  @Test
  void put_whenWrittenThroughThisProcess_thenSeenWithoutARead() {
    kept.put("a", 42);
    assertEquals(42, kept.get("a", this::read));
    assertEquals(0, reads.get());
  }

  @Test
  void get_whenTheReadThrows_thenNothingIsKeptAndTheNextGetReadsAgain() {
    assertThrows(IllegalStateException.class, () -> kept.get("a", k -> {
      throw new IllegalStateException("store down");
    }));
    assertEquals(1, kept.get("a", this::read));
  }
}
