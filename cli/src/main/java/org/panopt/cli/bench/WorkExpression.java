package org.panopt.cli.bench;

import java.util.Map;

/**
 * Evaluates a {@code @Study(flops = ...)} or {@code bytes} expression such as {@code "2*m*n*k"} or
 * {@code "2*n^3 + n^2"} over a benchmark's parameter values: numbers, parameter names,
 * {@code + - * / ^} (power, right-associative) and parentheses.
 */
public final class WorkExpression {
    private final String s;
    private final Map<String, String> params;
    private int pos;

    private WorkExpression(String s, Map<String, String> params) {
        this.s = s;
        this.params = params;
    }

    /**
     * The value of {@code expression} with the given parameter values.
     *
     * @throws IllegalArgumentException on a syntax error, or a name that is not a numeric parameter
     */
    public static double evaluate(String expression, Map<String, String> params) {
        WorkExpression e = new WorkExpression(expression, params);
        double v = e.sum();
        e.space();
        if (e.pos != expression.length()) {
            throw e.error("unexpected '" + expression.charAt(e.pos) + "'");
        }
        return v;
    }

    private double sum() {
        double v = product();
        while (true) {
            space();
            if (eat('+')) {
                v += product();
            } else if (eat('-')) {
                v -= product();
            } else {
                return v;
            }
        }
    }

    private double product() {
        double v = power();
        while (true) {
            space();
            if (eat('*')) {
                v *= power();
            } else if (eat('/')) {
                v /= power();
            } else {
                return v;
            }
        }
    }

    private double power() {
        double base = unary();
        space();
        return eat('^') ? Math.pow(base, power()) : base;
    }

    private double unary() {
        space();
        return eat('-') ? -unary() : primary();
    }

    private double primary() {
        space();
        if (eat('(')) {
            double v = sum();
            space();
            if (!eat(')')) {
                throw error("missing ')'");
            }
            return v;
        }
        int start = pos;
        if (pos < s.length() && Character.isJavaIdentifierStart(s.charAt(pos))) {
            while (pos < s.length() && Character.isJavaIdentifierPart(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            String value = params.get(name);
            if (value == null || !Declaration.isNumber(value)) {
                throw error("'" + name + "' is not a numeric parameter of this benchmark");
            }
            return Double.parseDouble(value.strip());
        }
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                || ((s.charAt(pos) == 'e' || s.charAt(pos) == 'E') && pos > start))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < s.length() ? "unexpected '" + s.charAt(pos) + "'" : "unexpected end");
        }
        try {
            return Double.parseDouble(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("bad number '" + s.substring(start, pos) + "'");
        }
    }

    private boolean eat(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void space() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("in \"" + s + "\" at " + pos + ": " + what);
    }
}
