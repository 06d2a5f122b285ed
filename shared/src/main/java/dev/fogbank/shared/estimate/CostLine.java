package dev.fogbank.shared.estimate;

import java.math.BigDecimal;

/**
 * One priced part of a resource: e.g. "instance hours" 730 Hrs × $0.096 = $70.08/month. A
 * usage-priced part without a usage assumption has a unit price and no monthly figure; a part whose
 * price is missing has neither, and {@code note} says why.
 *
 * @param monthlyQuantity how many units a month (null when it depends on usage not given)
 * @param unitPrice USD per unit (null when no price was found)
 * @param monthly USD a month (null when either is missing)
 */
public record CostLine(
    String name,
    BigDecimal monthlyQuantity,
    String unit,
    BigDecimal unitPrice,
    BigDecimal monthly,
    String note) {}
