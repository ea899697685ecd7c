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
     * Standardises every feature column over all samples (mean 0, population standard deviation 1,
     * as scikit-learn's StandardScaler; a constant column is only centred), then sends a random
     * {@code trainFraction} of the samples (a seeded permutation: the same seed gives the same split)
     * to training and the rest to validation. {@code data} is not modified.
     *
     * @throws IllegalArgumentException if either part would be empty
     */
    public static TrainValidationSplit standardised(Datasets.Labelled data, double trainFraction, long seed,
                                                    Arena arena) {
        int n = data.samples();
        int d = data.features();
        int nTrain = (int) Math.round(trainFraction * n);
        if (!(trainFraction > 0 && trainFraction < 1) || nTrain < 1 || nTrain > n - 1) {
            throw new IllegalArgumentException("train fraction " + trainFraction + " of " + n
                    + " samples leaves a part empty");
        }
        Matrix x = data.x();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x.get(i, j);
            }
            mean[j] = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double c = x.get(i, j) - mean[j];
                ss += c * c;
            }
            double sd = Math.sqrt(ss / n);
            scale[j] = sd > 0 ? 1 / sd : 1;
        }
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
        return new TrainValidationSplit(part(data, order, 0, nTrain, mean, scale, arena),
                part(data, order, nTrain, n, mean, scale, arena));
    }

    private static Datasets.Labelled part(Datasets.Labelled data, int[] order, int from, int to, double[] mean,
                                          double[] scale, Arena arena) {
        int d = data.features();
        Matrix x = Matrix.allocate(arena, DType.F64, d, to - from).t();
        Vec y = Vec.allocate(arena, DType.F64, to - from);
        for (int k = from; k < to; k++) {
            int i = order[k];
            for (int j = 0; j < d; j++) {
                x.set(k - from, j, (data.x().get(i, j) - mean[j]) * scale[j]);
            }
            y.set(k - from, data.labels().get(i));
        }
        return new Datasets.Labelled(x, y);
    }
}
