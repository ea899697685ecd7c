package org.panopt.algorithms.data;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.panopt.core.array.DType;
import org.panopt.core.array.Matrix;
import org.panopt.core.array.Vec;

/**
 * A data set split into a training and a validation part, e.g. for hyperparameter selection.
 * The feature matrices are row-major copies (rows contiguous).
 *
 * @param train      the training samples
 * @param validation the validation samples
 */
public record TrainValidationSplit(Datasets.Labelled train, Datasets.Labelled validation) {

    /**
     * Standardises every feature column over all samples ({@link #standardise}), then sends a random
     * {@code trainFraction} of the samples (a seeded permutation: the same seed gives the same split)
     * to training and the rest to validation. {@code data} is not modified.
     *
     * @throws IllegalArgumentException if either part would be empty
     */
    public static TrainValidationSplit standardised(Datasets.Labelled data, double trainFraction, long seed,
                                                    Arena arena) {
        int n = data.samples();
        int nTrain = (int) Math.round(trainFraction * n);
        if (!(trainFraction > 0 && trainFraction < 1) || nTrain < 1 || nTrain > n - 1) {
            throw new IllegalArgumentException("train fraction " + trainFraction + " of " + n
                    + " samples leaves a part empty");
        }
        Datasets.Labelled s = standardise(data, arena);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int k = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        return new TrainValidationSplit(rows(s, order, 0, nTrain, arena), rows(s, order, nTrain, n, arena));
    }

    /**
     * A row-major copy with every feature column standardised over all samples: mean 0, population
     * standard deviation 1 (scikit-learn's StandardScaler); a constant column is only centred.
     */
    public static Datasets.Labelled standardise(Datasets.Labelled data, Arena arena) {
        int n = data.samples();
        int d = data.features();
        Matrix in = data.x();
        Matrix x = Matrix.allocate(arena, DType.F64, d, n).t();
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += in.get(i, j);
            }
            double mean = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double c = in.get(i, j) - mean;
                ss += c * c;
            }
            double sd = Math.sqrt(ss / n);
            double scale = sd > 0 ? 1 / sd : 1;
            for (int i = 0; i < n; i++) {
                x.set(i, j, (in.get(i, j) - mean) * scale);
            }
        }
        Vec y = Vec.allocate(arena, DType.F64, n);
        y.copyFrom(data.labels());
        return new Datasets.Labelled(x, y);
    }

    private static Datasets.Labelled rows(Datasets.Labelled data, int[] order, int from, int to, Arena arena) {
        int d = data.features();
        Matrix x = Matrix.allocate(arena, DType.F64, d, to - from).t();
        Vec y = Vec.allocate(arena, DType.F64, to - from);
        for (int k = from; k < to; k++) {
            int i = order[k];
            for (int j = 0; j < d; j++) {
                x.set(k - from, j, data.x().get(i, j));
            }
            y.set(k - from, data.labels().get(i));
        }
        return new Datasets.Labelled(x, y);
    }
}
