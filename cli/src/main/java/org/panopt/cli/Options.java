package org.panopt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments of one subcommand, checked against the names the
 * command declares so that a typo is an error, not a silently ignored option.
 */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param args   the arguments after the subcommand
     * @param valued option names that take a value
     * @param flags  option names that take none ({@code --help} and {@code --verbose} are always allowed)
     */
    Options(List<String> args, Set<String> valued, Set<String> flags) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String name = a.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) || name.equals("help") || name.equals("verbose")) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                values.put(name, "true");
            } else if (valued.contains(name)) {
                if (inline == null) {
                    if (k + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    inline = args.get(++k);
                }
                values.put(name, inline);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A required option. */
    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing --" + name);
        }
        return v;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Path path(String name) {
        return has(name) ? Path.of(values.get(name)) : null;
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    double real(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }
}
