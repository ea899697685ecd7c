package org.panopt.algorithms.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * The small real data sets shipped with panopt (see {@code ATTRIBUTION.md} beside the CSV files):
 * Wisconsin breast cancer (569 × 30, binary label) and the 8×8 digits (1797 × 64, label 0–9).
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Features and labels.
     *
     * @param x      {@code n × d} float64 features, one sample per row
     * @param labels the n labels, as doubles (0/1 for breast cancer, 0–9 for digits)
     */
    public record Labelled(Matrix x, Vec labels) {
        public int samples() {
            return x.rows();
        }

        public int features() {
            return x.cols();
        }
    }

    /** Wisconsin diagnostic breast cancer: 569 × 30, label 0 = malignant, 1 = benign. */
    public static Labelled breastCancer(Arena arena) {
        return resource(arena, "breast_cancer.csv", true);
    }

    /** Optical recognition of handwritten digits, 8×8 images flattened row by row: 1797 × 64, label 0–9. */
    public static Labelled digits(Arena arena) {
        return resource(arena, "digits.csv", false);
    }

    /**
     * A CSV file of numbers, the last column being the label; a first line of the form
     * {@code n,d,...} (as in breast_cancer.csv) is recognised and skipped.
     *
     * @throws IllegalArgumentException naming the file, line and column of a malformed value
     */
    public static Labelled csv(Arena arena, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(arena, in, file.toString(), null);
        }
    }

    private static Labelled resource(Arena arena, String name, boolean header) {
        try (InputStream in = Datasets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("data set " + name + " is missing from the panopt-algorithms jar");
            }
            return parse(arena, in, name, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Labelled parse(Arena arena, InputStream in, String name, Boolean header) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            boolean looksLikeHeader = lineNo == 1 && (header != null ? header : !isNumber(cells[cells.length - 1]));
            if (looksLikeHeader) {
                continue;
            }
            double[] v = new double[cells.length];
            for (int k = 0; k < cells.length; k++) {
                try {
                    v[k] = Double.parseDouble(cells[k].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": line " + lineNo + ", column " + (k + 1)
                            + ": not a number: '" + cells[k] + "'");
                }
            }
            if (!rows.isEmpty() && v.length != rows.get(0).length) {
                throw new IllegalArgumentException(name + ": line " + lineNo + " has " + v.length
                        + " columns, earlier lines have " + rows.get(0).length);
            }
            rows.add(v);
        }
        if (rows.isEmpty() || rows.get(0).length < 2) {
            throw new IllegalArgumentException(name + ": needs at least one row of features and a label");
        }
        int n = rows.size();
        int d = rows.get(0).length - 1;
        Matrix x = Matrix.allocate(arena, DType.F64, n, d);
        Vec y = Vec.allocate(arena, DType.F64, n);
        for (int i = 0; i < n; i++) {
            double[] v = rows.get(i);
            for (int j = 0; j < d; j++) {
                x.set(i, j, v[j]);
            }
            y.set(i, v[d]);
        }
        return new Labelled(x, y);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
