package org.panopt.cli.bench;

import java.util.Arrays;
import java.util.Locale;

/** Number formatting shared by the report's tables and the charts. */
final class Units {
    private Units() {
    }

    private static final double[] TIME_SCALES = {1, 1e-3, 1e-6, 1e-9};
    private static final String[] TIME_NAMES = {"s", "ms", "µs", "ns"};

    /** The time unit (in seconds) that puts the median of {@code seconds} between 1 and 1000. */
    static double timeScale(double[] seconds) {
        double[] s = Arrays.stream(seconds).filter(v -> Double.isFinite(v) && v > 0).sorted().toArray();
        if (s.length == 0) {
            return 1;
        }
        double median = s[s.length / 2];
        for (double scale : TIME_SCALES) {
            if (median >= scale) {
                return scale;
            }
        }
        return 1e-9;
    }

    static String timeName(double scale) {
        for (int i = 0; i < TIME_SCALES.length; i++) {
            if (TIME_SCALES[i] == scale) {
                return TIME_NAMES[i];
            }
        }
        return "s";
    }

    /** Three significant figures (no exponent below a million), or "—" for NaN. */
    static String sig(double v) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        return fixed(v, decimals(v));
    }

    /** {@code v ± err} with the error given to the same decimals as the value. */
    static String withError(double v, double err) {
        if (!Double.isFinite(v)) {
            return "—";
        }
        int d = decimals(v);
        return Double.isFinite(err) ? fixed(v, d) + " ± " + fixed(err, d) : fixed(v, d);
    }

    private static int decimals(double v) {
        double a = Math.abs(v);
        if (a == 0 || a >= 100) {
            return 0;
        }
        return Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 12) + "f", v);
    }

    /** Short tick labels: 64, 1024, 2.5, 0.01, 1e6. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.0e", v).replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
        }
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
