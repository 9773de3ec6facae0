package dev.ccx.orchestrator.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's result table: one row per figure with n, min, median, max, p99 where asked, and the target. */
final class BenchTable {
    private final List<String[]> rows = new ArrayList<>();

    /** A figure measured repeatedly; {@code p99} adds the 99th percentile column. */
    BenchTable add(String figure, Summary s, boolean p99, String target) {
        rows.add(new String[] {figure, Integer.toString(s.n()), number(s.min()), number(s.median()), number(s.max()),
                p99 ? number(s.p99()) : "", target});
        return this;
    }

    /** A figure derived from others (e.g. a difference of percentiles), shown in the median and p99 columns. */
    BenchTable derived(String figure, double median, double p99, String target) {
        rows.add(new String[] {figure, "", "", number(median), "", number(p99), target});
        return this;
    }

    /** A count or a note in the median column. */
    BenchTable note(String figure, String value, String target) {
        rows.add(new String[] {figure, "", "", value, "", "", target});
        return this;
    }

    void print(PrintStream out) {
        String format = "%-44s %5s %9s %9s %9s %9s  %s%n";
        out.printf(format, "figure", "n", "min", "median", "max", "p99", "target (median unless p50/p99)");
        out.println("-".repeat(110));
        for (String[] r : rows) {
            out.printf(format, (Object[]) r);
        }
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        return String.format(abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : "%.2f", value);
    }
}
