package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's chart as a standalone SVG document: GFLOP/s, GB/s or time per operation against the size
 * parameter, one polyline per series (ours solid, peers dashed), points with error bars, a legend.
 * Logarithmic axes when the values span a wide range. Written by hand: no charting dependency.
 */
public final class SvgChart {
    static final int WIDTH = 800;
    static final int HEIGHT = 440;
    private static final int LEFT = 76;
    private static final int RIGHT = WIDTH - 230;
    private static final int TOP = 52;
    private static final int BOTTOM = HEIGHT - 52;
    /** Tableau 10: distinguishable, and readable by most colour-blind readers. */
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private SvgChart() {
    }

    /** One axis: maps data values to pixels, linear or logarithmic. */
    private record Axis(double lo, double hi, boolean log, double from, double to) {
        double px(double v) {
            double t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return from + t * (to - from);
        }

        boolean inside(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }
    }

    /** The SVG document for {@code t}. */
    public static String render(StudyTable t) {
        String metric = t.metric();
        boolean time = metric.equals("time");
        double unit = time ? Units.timeScale(t.rows().stream().mapToDouble(StudyTable.Row::seconds).toArray()) : 1;
        String unitName = time ? Units.timeName(unit) : metric;

        // x: the size parameter when every row has a numeric one, else one category per configuration.
        boolean numericX = t.sizeParam() != null && t.rows().stream()
                .allMatch(r -> Declaration.isNumber(r.config().get(t.sizeParam())));
        List<String> categories = new ArrayList<>();
        if (!numericX) {
            t.rows().forEach(r -> {
                String c = configLabel(r.config());
                if (!categories.contains(c)) {
                    categories.add(c);
                }
            });
        }
        Map<StudyTable.Row, double[]> points = new LinkedHashMap<>();
        for (StudyTable.Row r : t.rows()) {
            double x = numericX ? Double.parseDouble(r.config().get(t.sizeParam()).strip())
                    : categories.indexOf(configLabel(r.config()));
            double[] v = t.value(r);
            if (Double.isFinite(v[0])) {
                points.put(r, new double[]{x, v[0] / unit, v[1] / unit});
            }
        }
        double xmin = points.values().stream().mapToDouble(p -> p[0]).min().orElse(0);
        double xmax = points.values().stream().mapToDouble(p -> p[0]).max().orElse(1);
        boolean xlog = numericX && xmin > 0 && xmax / xmin >= 8;
        Axis xa = numericX ? range(xmin, xmax, xlog, false, LEFT + 14, RIGHT - 14)
                : new Axis(-0.5, Math.max(categories.size(), 1) - 0.5, false, LEFT, RIGHT);
        double ymin = points.values().stream().mapToDouble(p -> p[1]).filter(v -> v > 0).min().orElse(1);
        double ymax = points.values().stream().mapToDouble(p -> p[1] + (Double.isFinite(p[2]) ? p[2] : 0)).max().orElse(1);
        boolean ylog = time && ymin > 0 && ymax / ymin >= 30;
        Axis ya = range(ylog ? ymin : 0, ymax, ylog, true, BOTTOM, TOP);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>").append(xml(t.name())).append("</title>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(text(LEFT, 22, "start", "font-size=\"16\" font-weight=\"bold\"", t.name()));
        String subtitle = (time ? "time per operation (" + unitName + "), lower is better"
                : unitName + ", higher is better") + (t.baseline().isEmpty() ? "" : "; baseline: " + t.baseline());
        svg.append(text(LEFT, 40, "start", "fill=\"#555\"", subtitle));

        // Grid and ticks.
        for (double v : ticks(ya)) {
            double y = ya.px(v);
            svg.append(line(LEFT, y, RIGHT, y, "#e6e6e6", 1, ""));
            svg.append(text(LEFT - 6, y + 4, "end", "", Units.compact(v)));
        }
        if (numericX) {
            for (double v : xTicks(xa, points.values())) {
                double x = xa.px(v);
                svg.append(line(x, TOP, x, BOTTOM, "#f0f0f0", 1, ""));
                svg.append(text(x, BOTTOM + 16, "middle", "", Units.compact(v)));
            }
        } else {
            for (int i = 0; i < categories.size(); i++) {
                svg.append(text(xa.px(i), BOTTOM + 16, "middle", "", shorten(categories.get(i), 28)));
            }
        }
        svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "#333", 1, ""));
        svg.append(line(LEFT, TOP, LEFT, BOTTOM, "#333", 1, ""));
        String xTitle = numericX ? t.sizeParam() + (xlog ? " (log scale)" : "") : "configuration";
        svg.append(text((LEFT + RIGHT) / 2.0, HEIGHT - 14, "middle", "", xTitle));
        String yTitle = (time ? "time per op (" + unitName + ")" : unitName) + (ylog ? ", log scale" : "");
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 18 %.1f)\">%s</text>%n", (TOP + BOTTOM) / 2.0, (TOP + BOTTOM) / 2.0, xml(yTitle)));

        // One polyline per series, points with error bars, and the legend entry.
        for (int k = 0; k < t.series().size(); k++) {
            String s = t.series().get(k);
            String colour = COLOURS[k % COLOURS.length];
            boolean ours = t.rows().stream().anyMatch(r -> r.series().equals(s) && r.ours());
            String dash = ours ? "" : " stroke-dasharray=\"6 4\"";
            List<double[]> pts = new ArrayList<>();
            points.forEach((r, p) -> {
                if (r.series().equals(s) && ya.inside(p[1]) && xa.inside(p[0])) {
                    pts.add(p);
                }
            });
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            svg.append("<g class=\"series\" data-series=\"").append(xml(s)).append("\">\n");
            StringBuilder poly = new StringBuilder();
            for (double[] p : pts) {
                poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", xa.px(p[0]), ya.px(p[1])));
            }
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    poly.toString().strip(), colour, dash));
            for (double[] p : pts) {
                double x = xa.px(p[0]);
                if (Double.isFinite(p[2]) && p[2] > 0) {
                    double lo = p[1] - p[2];
                    double y0 = ya.px(ya.log() && lo <= 0 ? ya.lo() : Math.max(lo, ya.lo()));
                    double y1 = ya.px(Math.min(p[1] + p[2], ya.hi()));
                    svg.append(line(x, y0, x, y1, colour, 1.2, ""));
                    svg.append(line(x - 4, y0, x + 4, y0, colour, 1.2, ""));
                    svg.append(line(x - 4, y1, x + 4, y1, colour, 1.2, ""));
                }
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                        x, ya.px(p[1]), colour));
            }
            svg.append("</g>\n");
            double ly = TOP + 8 + 20 * k;
            svg.append(line(RIGHT + 16, ly, RIGHT + 44, ly, colour, 2, dash));
            svg.append(text(RIGHT + 50, ly + 4, "start", "", shorten(s, 26)));
        }
        if (points.isEmpty()) {
            svg.append(text((LEFT + RIGHT) / 2.0, (TOP + BOTTOM) / 2.0, "middle", "fill=\"#999\"", "no data"));
        }
        return svg.append("</svg>\n").toString();
    }

    /** An axis over [lo, hi] with a margin (linear axes of positive quantities start at zero). */
    private static Axis range(double lo, double hi, boolean log, boolean fromZero, double from, double to) {
        if (log) {
            return new Axis(lo / 1.3, hi * 1.3, true, from, to);
        }
        if (fromZero) {
            return new Axis(0, hi > 0 ? hi * 1.08 : 1, false, from, to);
        }
        double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(lo) * 0.5, 1);
        return new Axis(lo - pad, hi + pad, false, from, to);
    }

    /** Round-number ticks: 1-2-5 steps on a linear axis, decades (and 2, 5 within few decades) on a log one. */
    private static List<Double> ticks(Axis a) {
        List<Double> out = new ArrayList<>();
        if (a.log()) {
            int d0 = (int) Math.floor(Math.log10(a.lo()));
            int d1 = (int) Math.ceil(Math.log10(a.hi()));
            double[] mult = d1 - d0 <= 3 ? new double[]{1, 2, 5} : new double[]{1};
            for (int d = d0; d <= d1; d++) {
                for (double m : mult) {
                    double v = m * Math.pow(10, d);
                    if (v >= a.lo() && v <= a.hi()) {
                        out.add(v);
                    }
                }
            }
            return out;
        }
        double span = a.hi() - a.lo();
        double raw = span / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(a.lo() / step) * step; v <= a.hi() + 1e-9 * span; v += step) {
            out.add(Math.abs(v) < 1e-12 * span ? 0 : v);
        }
        return out;
    }

    /** The measured sizes themselves when there are few, else round numbers. */
    private static List<Double> xTicks(Axis a, java.util.Collection<double[]> points) {
        List<Double> xs = points.stream().map(p -> p[0]).distinct().sorted().toList();
        return xs.size() <= 10 ? xs : ticks(a);
    }

    private static String configLabel(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        config.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.isEmpty() ? "(no parameters)" : sb.toString();
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, double width, String extra) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>%n", x1, y1, x2, y2, colour, width, extra);
    }

    private static String text(double x, double y, String anchor, String extra, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n",
                x, y, anchor, extra.isEmpty() ? "" : " " + extra, xml(content));
    }

    /** {@code s} escaped for XML text and attribute values. */
    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
