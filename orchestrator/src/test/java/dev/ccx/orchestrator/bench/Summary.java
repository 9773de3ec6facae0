package dev.ccx.orchestrator.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a series of measurements of one figure came to: count, min, median, max and the p50/p99 percentiles. */
public record Summary(List<Double> values, double min, double median, double max, double p99) {
    public Summary {
        values = List.copyOf(values);
    }

    /** Summarises {@code samples}; an empty series gives NaN everywhere. */
    public static Summary of(Collection<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return new Summary(sorted, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Summary(sorted, sorted.get(0), median, sorted.get(n - 1), percentile(sorted, 99));
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public int n() {
        return values.size();
    }

    /** p50 is the median. */
    public double p50() {
        return median;
    }
}
