package org.panopt.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * One study laid out for the report: its rows (one per configuration and implementation, ours and
 * the peers side by side) and what the chart plots.
 *
 * @param name          study name
 * @param slug          file-name form of the name (for its chart)
 * @param sizeParam     parameter on the chart's x axis, or null when the rows have none (categories)
 * @param baseline      label of the implementation ratios are relative to ("" when no ratio can be formed)
 * @param configParams  parameter columns of the table, size first
 * @param series        chart lines, in legend order
 * @param rows          sorted by size, then the other parameters, baseline first within a configuration
 * @param notes         what the reader should know (fallbacks taken, baseline missing, bad expressions)
 */
public record StudyTable(String name, String slug, String sizeParam, String baseline, List<String> configParams,
                         List<String> series, List<Row> rows, List<String> notes) {

    public StudyTable {
        configParams = List.copyOf(configParams);
        series = List.copyOf(series);
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * One measured configuration of one implementation.
     *
     * @param label    implementation label
     * @param series   chart line it belongs to (label plus the non-size parameters that vary)
     * @param ours     panopt's implementation rather than a peer
     * @param config   parameter values other than the implementation's
     * @param m        the measurement
     * @param seconds  mean time per operation in seconds
     * @param gflops   GFLOP/s from the study's {@code flops} expression (NaN when not declared)
     * @param gbs      GB/s from its {@code bytes} expression (NaN when not declared)
     * @param ratio    time divided by the baseline's time in the same configuration (NaN when none)
     * @param ratioErr half-width of the ratio's interval from both intervals (NaN when unknown)
     */
    public record Row(String label, String series, boolean ours, Map<String, String> config, Measurement m,
                      double seconds, double gflops, double gbs, double ratio, double ratioErr) {
        public Row {
            config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        }
    }

    /** Parameters that take one value in every row (and are in every row), with that value. */
    public java.util.Map<String, String> fixedParams() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String c : configParams) {
            if (c.equals(sizeParam)) {
                continue;
            }
            java.util.Set<String> values = new java.util.HashSet<>();
            boolean everywhere = true;
            for (Row r : rows) {
                String v = r.config().get(c);
                everywhere &= v != null;
                values.add(v);
            }
            if (everywhere && values.size() == 1) {
                out.put(c, values.iterator().next());
            }
        }
        return out;
    }

    /** What the chart plots on its y axis: GFLOP/s when any row has it, else GB/s, else time. */
    public String metric() {
        if (rows.stream().anyMatch(r -> Double.isFinite(r.gflops()))) {
            return "GFLOP/s";
        }
        if (rows.stream().anyMatch(r -> Double.isFinite(r.gbs()))) {
            return "GB/s";
        }
        return "time";
    }

    /** The chart's y value of {@code r} for {@link #metric()}, with its interval's half-width. */
    public double[] value(Row r) {
        double rel = r.m().relativeError();
        return switch (metric()) {
            case "GFLOP/s" -> new double[]{r.gflops(), r.gflops() * rel};
            case "GB/s" -> new double[]{r.gbs(), r.gbs() * rel};
            default -> new double[]{r.seconds(), r.seconds() * rel};
        };
    }
}
