package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkExpressionTest {
    private static final Map<String, String> P = Map.of("m", "3", "n", "4", "k", "5", "dtype", "f64", "eps", "1e-2");

    @Test
    void evaluatesArithmeticOverParameters() {
        assertEquals(120, WorkExpression.evaluate("2*m*n*k", P));
        assertEquals(2 * 64 + 16, WorkExpression.evaluate("2*n^3 + n^2", P));
        assertEquals(512, WorkExpression.evaluate("2^3^2", P), "power is right-associative");
        assertEquals(-8, WorkExpression.evaluate("-(m + 1) * 2", P));
        assertEquals(0.5, WorkExpression.evaluate("n / 8", P));
        assertEquals(100, WorkExpression.evaluate("1/eps", P), 1e-12);
        assertEquals(1.5e3, WorkExpression.evaluate("1.5e3", P));
    }

    @Test
    void namesWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkExpression.evaluate("2*dtype", P));
        assertTrue(e.getMessage().contains("'dtype' is not a numeric parameter"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkExpression.evaluate("2*missing", P));
        assertThrows(IllegalArgumentException.class, () -> WorkExpression.evaluate("(n + 1", P));
        assertThrows(IllegalArgumentException.class, () -> WorkExpression.evaluate("n n", P));
        assertThrows(IllegalArgumentException.class, () -> WorkExpression.evaluate("", P));
    }
}
