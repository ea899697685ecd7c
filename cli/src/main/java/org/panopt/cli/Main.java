package org.panopt.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the {@code panopt} command. The bash launcher at the repository root builds the
 * project when needed and runs this class; {@code panopt test} is handled by the launcher itself
 * (it runs Maven), the rest here.
 */
public final class Main {
    private Main() {
    }

    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.of(new InfoCommand(), new DemoCommand(), new CalibrateCommand(), new BenchCommand(),
                new LandingCommand(), new SinkhornCommand(), new BilevelCommand(), new MboCommand())) {
            m.put(c.name(), c);
        }
        return m;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(overview(commands));
            return args.length == 0 ? 2 : 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("panopt: unknown command '" + args[0] + "' (panopt --help lists them)");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        boolean verbose = rest.contains("--verbose");
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(c.help());
            return 0;
        }
        try {
            return c.run(new Options(rest, c.valued(), c.flags()), out);
        } catch (UsageException e) {
            err.println("panopt " + c.name() + ": " + e.getMessage() + " (panopt " + c.name() + " --help)");
            return 2;
        } catch (Exception e) {
            err.println("panopt " + c.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static String overview(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder("""
                panopt: SIMD and native-BLAS numerics with allocation-free optimisation algorithms.

                usage: panopt <command> [options]     (panopt <command> --help for its options)

                commands:
                """);
        for (Command c : commands.values()) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append(String.format("  %-10s %s%n", "test", "run the full test suite (Maven; extra arguments go to mvn)"));
        return sb.toString();
    }
}
