package dev.fogbank.shared.deploy;

/** How many resources a change set adds, modifies and removes. */
public record ChangeSummary(int adds, int modifies, int removes) {
  public static final ChangeSummary NONE = new ChangeSummary(0, 0, 0);

  public int total() {
    return adds + modifies + removes;
  }
}
