package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.util.List;

/** The stacks fogbank manages: those with deployment history. */
public interface ManagedStacks {
  /** At most {@code limit} of them, in this account and region, each once, in name order. */
  List<StackRef> list(int limit);
}
