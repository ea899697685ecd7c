package org.panopt.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.panopt.algorithms.bilevel.BilevelOptions;
import org.panopt.algorithms.bilevel.BilevelProblem;
import org.panopt.algorithms.bilevel.BilevelSolver;
import org.panopt.algorithms.bilevel.HyperparameterSelection;
import org.panopt.algorithms.bilevel.QuadraticBilevel;
import org.panopt.algorithms.bilevel.Saba;
import org.panopt.algorithms.bilevel.Soba;
import org.panopt.algorithms.bilevel.Srba;
import org.panopt.algorithms.data.Datasets;
import org.panopt.algorithms.data.TrainValidationSplit;
import org.panopt.cli.bench.Json;
import org.panopt.core.array.Workspace;

/** {@code panopt bilevel}: runs SABA, SRBA or the plain stochastic baseline on a shipped bilevel problem. */
final class BilevelCommand implements Command {
    @Override
    public String name() {
        return "bilevel";
    }

    @Override
    public String summary() {
        return "SABA / SRBA / SOBA on a bilevel problem (quadratic, ridge or logistic hyperparameters)";
    }

    @Override
    public String help() {
        return """
                usage: panopt bilevel --problem quadratic|ridge|logreg --solver saba|srba|soba [options]

                Runs a bilevel loop (SPEC.md §4b) and reports, every K iterations, the oracle calls,
                the squared hypergradient norm |grad h(x)|^2, |z - z*(x)|^2 (from the problem's exact
                solution: closed form or Newton) and the outer objective.

                  --problem P      quadratic: synthetic, closed-form solution (p = 10, q = 5, 1024 + 1024 samples)
                                   ridge: one regularisation per feature, synthetic data (512 + 512 samples, d = 10)
                                          or --data, split 50/50
                                   logreg: one regularisation per feature, breast-cancer data or --data
                                          (0/1 labels), split 60/40
                  --data FILE      a CSV file of features with the label in the last column (ridge, logreg)
                  --solver S       saba, srba or soba (the plain stochastic baseline)
                  --step S         inner step rho (default 0.1)
                  --outer-ratio R  rho / outer step (default 1; 0.1 suits logreg on breast cancer)
                  --batch B        batch size (default 64)
                  --iters N        iterations (default 2000)
                  --every K        report every K iterations (default N/10)
                  --seed S         seed of the batch order and of the data split (default 0)
                  --json           one JSON object instead of the table
                """;
    }

    @Override
    public Set<String> valued() {
        return Set.of("problem", "data", "solver", "step", "outer-ratio", "batch", "iters", "every", "seed");
    }

    @Override
    public Set<String> flags() {
        return Set.of("json");
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        String problemName = options.required("problem");
        String solverName = options.required("solver");
        if (!List.of("quadratic", "ridge", "logreg").contains(problemName)) {
            throw new UsageException("--problem must be quadratic, ridge or logreg, got '" + problemName + "'");
        }
        if (!List.of("saba", "srba", "soba").contains(solverName)) {
            throw new UsageException("--solver must be saba, srba or soba, got '" + solverName + "'");
        }
        Path data = options.path("data");
        if (data != null && problemName.equals("quadratic")) {
            throw new UsageException("--data goes with --problem ridge or logreg, not quadratic");
        }
        if (data != null && !Files.isReadable(data)) {
            throw new UsageException("cannot read --data file " + data);
        }
        int iters = options.integer("iters", 2000);
        if (iters < 1) {
            throw new UsageException("--iters must be >= 1, got " + iters);
        }
        int every = options.integer("every", Math.max(1, iters / 10));
        if (every < 1) {
            throw new UsageException("--every must be >= 1, got " + every);
        }
        long seed = options.integer("seed", 0);
        BilevelOptions o;
        try {
            o = BilevelOptions.defaults().withStep(options.real("step", 0.1))
                    .withOuterRatio(options.real("outer-ratio", 1)).withBatchSize(options.integer("batch", 64))
                    .withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean json = options.flag("json");
        try (Workspace ws = Workspace.create()) {
            BilevelProblem problem = problem(problemName, data, seed, ws);
            BilevelSolver solver = switch (solverName) {
                case "saba" -> new Saba(problem, o, ws);
                case "srba" -> new Srba(problem, o, ws);
                default -> new Soba(problem, o, ws);
            };
            List<Object> trace = new ArrayList<>();
            if (!json) {
                out.printf("%s on %s: p = %d, q = %d, n_in = %d, n_out = %d, step %s, outer ratio %s, batch %d%n",
                        solverName.toUpperCase(), problemName, problem.innerDimension(), problem.outerDimension(),
                        problem.innerSamples(), problem.outerSamples(), o.step(), o.outerRatio(), o.batchSize());
                out.printf("%10s  %14s  %14s  %14s  %14s%n", "iteration", "oracle calls", "|grad h|^2",
                        "|z - z*|^2", "F(z, x)");
            }
            long t0 = System.nanoTime();
            long timed = 0;
            for (long done = 0; done < iters; done += every) {
                long chunk = Math.min(every, iters - done);
                long c0 = System.nanoTime();
                solver.run(chunk, (int) chunk, null);
                timed += System.nanoTime() - c0;
                double g2 = solver.hypergradientNormSquared();
                double e2 = solver.innerErrorSquared();
                double f = problem.outerValue(solver.z(), solver.x());
                if (json) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("iteration", solver.iterations());
                    row.put("oracle_calls", solver.oracleCalls());
                    row.put("hypergradient_norm_sq", g2);
                    row.put("inner_error_sq", e2);
                    row.put("outer_value", f);
                    trace.add(row);
                } else {
                    out.printf("%10d  %14d  %14.6e  %14.6e  %14.8f%n", solver.iterations(), solver.oracleCalls(), g2,
                            e2, f);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("problem", problemName);
                r.put("solver", solverName);
                r.put("step", o.step());
                r.put("outer_ratio", o.outerRatio());
                r.put("batch", o.batchSize());
                r.put("iterations", solver.iterations());
                r.put("oracle_calls", solver.oracleCalls());
                r.put("seconds", seconds);
                r.put("seconds_in_steps", timed / 1e9);
                r.put("x", List.of(toBoxed(solver.x().toArray())));
                r.put("trace", trace);
                out.print(Json.write(r));
            } else {
                out.printf("%d iterations in %.3f s (%.3f s in the steps, the rest computing the metrics)%n",
                        solver.iterations(), seconds, timed / 1e9);
            }
        }
        return 0;
    }

    private static Object[] toBoxed(double[] a) {
        Object[] o = new Object[a.length];
        for (int k = 0; k < a.length; k++) {
            o[k] = a[k];
        }
        return o;
    }

    static BilevelProblem problem(String name, Path data, long seed, Workspace ws) throws Exception {
        return switch (name) {
            case "quadratic" -> new QuadraticBilevel(10, 5, 1024, 1024, seed, ws);
            case "ridge" -> HyperparameterSelection.ridge(data == null
                    ? HyperparameterSelection.syntheticRidgeData(512, 512, 10, seed, ws.arena())
                    : TrainValidationSplit.standardised(Datasets.csv(ws.arena(), data), 0.5, seed, ws.arena()),
                    true, ws);
            default -> HyperparameterSelection.logistic(TrainValidationSplit.standardised(data == null
                    ? Datasets.breastCancer(ws.arena()) : Datasets.csv(ws.arena(), data), 0.6, seed, ws.arena()),
                    true, ws);
        };
    }
}
