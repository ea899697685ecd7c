package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesWhatJmhWrites() {
        Object v = Json.parse("""
                [ {"benchmark" : "a.B.c", "params" : {"n" : "64"}, "primaryMetric" : {"score" : 1.5e-3,
                   "scoreError" : "NaN", "rawData" : [[1, 2.5], [-3E2]]}, "ok" : true, "none" : null,
                   "text" : "tab\\tquote\\" slash\\/ \\u00e9"} ]
                """);
        Map<String, Object> r = Json.object(Json.array(v).getFirst());
        assertEquals("a.B.c", r.get("benchmark"));
        assertEquals("64", Json.object(r.get("params")).get("n"));
        Map<String, Object> pm = Json.object(r.get("primaryMetric"));
        assertEquals(1.5e-3, Json.number(pm.get("score")));
        assertTrue(Double.isNaN(Json.number(pm.get("scoreError"))));
        assertEquals(-300.0, Json.number(Json.array(Json.array(pm.get("rawData")).get(1)).getFirst()));
        assertEquals(Boolean.TRUE, r.get("ok"));
        assertTrue(r.containsKey("none"));
        assertEquals("tab\tquote\" slash/ é", r.get("text"));
    }

    @Test
    void rejectsBrokenInputWithALineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1,\n{\"a\" 2}]"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} extra"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[tru]"));
    }

    @Test
    void writesWhatItReadsBack() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", "a \"quoted\"\nline");
        o.put("n", 4000);
        o.put("x", 0.25);
        o.put("nan", Double.NaN);
        o.put("list", List.of(true, false));
        o.put("empty", Map.of());
        Map<String, Object> back = Json.object(Json.parse(Json.write(o)));
        assertEquals("a \"quoted\"\nline", back.get("name"));
        assertEquals("4000", Json.string(back.get("n"), ""));
        assertEquals(0.25, Json.number(back.get("x")));
        assertTrue(Double.isNaN(Json.number(back.get("nan"))));
        assertEquals(List.of(true, false), back.get("list"));
        assertEquals(Map.of(), back.get("empty"));
    }
}
