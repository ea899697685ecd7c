package org.panopt.cli;

import java.io.PrintStream;
import java.util.Set;

/** One {@code panopt} subcommand. */
interface Command {
    /** The word after {@code panopt}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text: usage line, then the options. */
    String help();

    /** Options that take a value ({@code --help} and {@code --verbose} are always accepted). */
    default Set<String> valued() {
        return Set.of();
    }

    /** Options that take no value. */
    default Set<String> flags() {
        return Set.of();
    }

    /**
     * Runs the command; returns the process exit status.
     *
     * @throws UsageException for bad arguments (printed as one line, exit status 2)
     */
    int run(Options options, PrintStream out) throws Exception;
}
