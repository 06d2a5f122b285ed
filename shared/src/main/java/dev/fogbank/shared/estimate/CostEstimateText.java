package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An estimate as text for people (a table) and for spreadsheets (CSV). */
public final class CostEstimateText {
  private CostEstimateText() {}

  public static String table(CostEstimate e, String title) {
    StringBuilder out = new StringBuilder();
    out.append(title)
        .append(" in ")
        .append(e.region())
        .append(" (on-demand, ")
        .append(e.currency())
        .append(", 730 hours a month)\n\n");
    int idWidth =
        Math.max(8, e.resources().stream().mapToInt(r -> r.logicalId().length()).max().orElse(8));
    int typeWidth =
        Math.max(4, e.resources().stream().mapToInt(r -> r.type().length()).max().orElse(4));
    String row = "%-" + idWidth + "s  %-" + typeWidth + "s  %12s  %12s%n";
    out.append(String.format(Locale.ROOT, row, "RESOURCE", "TYPE", "MONTHLY", "ANNUAL"));
    List<ResourceEstimate> unpriced = new ArrayList<>();
    for (ResourceEstimate r : e.resources()) {
      switch (r.status()) {
        case PRICED -> {
          out.append(
              String.format(
                  Locale.ROOT,
                  row,
                  r.logicalId(),
                  r.type(),
                  money(r.monthly()),
                  money(r.annual())));
          for (CostLine line : r.lines()) {
            out.append("    ").append(describe(line)).append('\n');
          }
          r.notes().forEach(n -> out.append("    (").append(n).append(")\n"));
        }
        case USAGE_BASED -> {
          out.append(String.format(Locale.ROOT, row, r.logicalId(), r.type(), "usage-based", ""));
          for (CostLine line : r.lines()) {
            out.append("    ").append(describe(line)).append('\n');
          }
        }
        case FREE, NOT_CREATED -> {}
        case UNKNOWN -> unpriced.add(r);
      }
    }
    out.append(String.format(Locale.ROOT, row, "TOTAL", "", money(e.monthly()), money(e.annual())));
    out.append('\n');
    if (!e.monthlyByService().isEmpty()) {
      out.append("By service (monthly / annual):\n");
      e.monthlyByService()
          .forEach(
              (service, monthly) ->
                  out.append(
                      String.format(
                          Locale.ROOT,
                          "  %-16s %12s  %12s%n",
                          service,
                          money(monthly),
                          money(Money.annual(monthly)))));
    }
    Coverage c = e.coverage();
    out.append(
        String.format(
            Locale.ROOT,
            "Coverage: %d priced, %d usage-based, %d free, %d not created, %d not priced (of %d)%n",
            c.priced(),
            c.usageBased(),
            c.free(),
            c.notCreated(),
            c.unknown(),
            c.total()));
    if (!unpriced.isEmpty()) {
      out.append("Not priced:\n");
      for (ResourceEstimate r : unpriced) {
        List<String> why = new ArrayList<>(r.notes());
        r.lines().stream()
            .filter(l -> l.monthly() == null && l.note() != null && l.unitPrice() == null)
            .forEach(l -> why.add(l.note()));
        out.append("  ")
            .append(r.logicalId())
            .append(" (")
            .append(r.type())
            .append("): ")
            .append(String.join("; ", why))
            .append('\n');
      }
    }
    for (String note : e.notes()) {
      out.append("Note: ").append(note).append('\n');
    }
    return out.toString();
  }

  private static String describe(CostLine line) {
    StringBuilder s = new StringBuilder(line.name()).append(": ");
    if (line.monthly() != null) {
      s.append(plain(line.monthlyQuantity()))
          .append(' ')
          .append(line.unit())
          .append(" × $")
          .append(plain(line.unitPrice()))
          .append(" = $")
          .append(money(line.monthly()));
    } else if (line.unitPrice() != null) {
      s.append("$").append(plain(line.unitPrice())).append(" per ").append(line.unit());
      if (line.note() != null) {
        s.append(" (").append(line.note()).append(')');
      }
    } else {
      s.append(line.note());
    }
    return s.toString();
  }

  public static String csv(CostEstimate e) {
    StringBuilder out =
        new StringBuilder("logicalId,type,service,status,monthlyUsd,annualUsd,notes\n");
    for (ResourceEstimate r : e.resources()) {
      List<String> notes = new ArrayList<>(r.notes());
      r.lines().stream()
          .filter(l -> l.note() != null)
          .forEach(l -> notes.add(l.name() + ": " + l.note()));
      out.append(cell(r.logicalId()))
          .append(',')
          .append(cell(r.type()))
          .append(',')
          .append(cell(r.service()))
          .append(',')
          .append(r.status())
          .append(',')
          .append(r.monthly() == null ? "" : r.monthly().toPlainString())
          .append(',')
          .append(r.annual() == null ? "" : r.annual().toPlainString())
          .append(',')
          .append(cell(String.join("; ", notes)))
          .append('\n');
    }
    out.append("TOTAL,,,,")
        .append(e.monthly().toPlainString())
        .append(',')
        .append(e.annual().toPlainString())
        .append(",\n");
    return out.toString();
  }

  private static String cell(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String money(BigDecimal usd) {
    return usd == null ? "" : String.format(Locale.ROOT, "%,.2f", usd);
  }

  private static String plain(BigDecimal n) {
    return n.stripTrailingZeros().toPlainString();
  }
}
