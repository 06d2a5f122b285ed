package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The arithmetic of estimates, in one place: hours in a month, rounding, years. */
public final class Money {
  /** AWS's own convention for monthly figures from hourly prices (the Pricing Calculator's). */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  private Money() {}

  /** Cents, half up: what an estimate shows and sums. */
  public static BigDecimal cents(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_UP);
  }

  public static BigDecimal annual(BigDecimal monthly) {
    return cents(monthly.multiply(BigDecimal.valueOf(12)));
  }
}
