package org.panopt.core.npy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.panopt.core.array.DType;

/**
 * The header dictionary of a .npy file, parsed strictly: exactly the keys {@code descr},
 * {@code fortran_order} and {@code shape}, Python literal syntax, nothing after the closing brace
 * but padding. Integer dtypes are recognised (so they can be converted on request); the rest are
 * refused here with the reason.
 */
record NpyHeader(String descr, DType dtype, char intKind, int itemSize, boolean fortranOrder, int[] shape) {

    long count() {
        long n = 1;
        for (int s : shape) {
            n = Math.multiplyExact(n, (long) s);
        }
        return n;
    }

    String shapeText() {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            sb.append(shape[k]).append(k == 0 && shape.length == 1 ? ",)" : k + 1 < shape.length ? ", " : ")");
        }
        return shape.length == 0 ? "()" : sb.toString();
    }

    /** Element k of an integer/boolean array, as a double. */
    double integerAt(MemorySegment data, long k) {
        long off = k * itemSize;
        return switch (itemSize) {
            case 1 -> intKind == 'u' || intKind == 'b'
                    ? Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, off)) : data.get(ValueLayout.JAVA_BYTE, off);
            case 2 -> intKind == 'u'
                    ? Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED, off))
                    : data.get(ValueLayout.JAVA_SHORT_UNALIGNED, off);
            case 4 -> intKind == 'u'
                    ? Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED, off))
                    : data.get(ValueLayout.JAVA_INT_UNALIGNED, off);
            default -> {
                long v = data.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
                yield intKind == 'u' && v < 0 ? Math.scalb((double) (v >>> 1), 1) + (v & 1) : (double) v;
            }
        };
    }

    static NpyHeader parse(String text, String name) throws NpyFormatException {
        Parser p = new Parser(text, name);
        p.skipSpace();
        p.expect('{');
        String descr = null;
        Boolean fortran = null;
        int[] shape = null;
        while (true) {
            p.skipSpace();
            if (p.peek() == '}') {
                p.pos++;
                break;
            }
            String key = p.string();
            p.skipSpace();
            p.expect(':');
            p.skipSpace();
            switch (key) {
                case "descr" -> {
                    if (descr != null) {
                        throw p.fail("duplicate key 'descr'");
                    }
                    if (p.peek() == '[') {
                        throw Npy.bad(name, "structured dtypes are not supported");
                    }
                    descr = p.string();
                }
                case "fortran_order" -> {
                    if (fortran != null) {
                        throw p.fail("duplicate key 'fortran_order'");
                    }
                    fortran = p.bool();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw p.fail("duplicate key 'shape'");
                    }
                    shape = p.tuple();
                }
                default -> throw p.fail("unexpected key '" + key + "'");
            }
            p.skipSpace();
            if (p.peek() == ',') {
                p.pos++;
            } else if (p.peek() != '}') {
                throw p.fail("expected ',' or '}'");
            }
        }
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.fail("unexpected text after the header dictionary");
        }
        if (descr == null || fortran == null || shape == null) {
            throw Npy.bad(name, "header lacks " + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
        }
        if (shape.length > 2) {
            throw Npy.bad(name, shape.length + "-dimensional arrays are not supported (0, 1 or 2 dimensions)");
        }
        return ofDescr(descr, fortran, shape, name);
    }

    private static NpyHeader ofDescr(String descr, boolean fortran, int[] shape, String name) throws NpyFormatException {
        if (descr.length() < 3) {
            throw Npy.bad(name, "unsupported dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw Npy.bad(name, "unsupported dtype '" + descr + "'");
        }
        if (order == '>' && size > 1) {
            throw Npy.bad(name, "big-endian dtype '" + descr + "' is not supported: save it little-endian"
                    + " (e.g. a.astype('<f8'))");
        }
        boolean orderOk = order == '<' || order == '=' || (order == '|' && size == 1) || (order == '>' && size == 1);
        if (!orderOk) {
            throw Npy.bad(name, "unsupported dtype '" + descr + "'");
        }
        if (kind == 'f' && size == 8) {
            return new NpyHeader(descr, DType.F64, ' ', 8, fortran, shape);
        }
        if (kind == 'f' && size == 4) {
            return new NpyHeader(descr, DType.F32, ' ', 4, fortran, shape);
        }
        boolean integer = (kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8);
        if (integer || (kind == 'b' && size == 1)) {
            return new NpyHeader(descr, null, kind, size, fortran, shape);
        }
        throw Npy.bad(name, "unsupported dtype '" + descr + "' (float64 and float32 are read; integers on request)");
    }

    /** The padded header bytes (magic, version, length, dictionary, spaces, newline). */
    static byte[] format(DType dtype, int[] shape, boolean fortran, int align) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(dtype == DType.F64 ? "<f8" : "<f4")
                .append("', 'fortran_order': ").append(fortran ? "True" : "False").append(", 'shape': (");
        for (int k = 0; k < shape.length; k++) {
            sb.append(shape[k]).append(shape.length == 1 ? "," : k + 1 < shape.length ? ", " : "");
        }
        sb.append("), }");
        int dictLen = sb.length() + 1; // newline
        int pre = dictLen + 10 > 65535 ? 12 : 10;
        int padded = (pre + dictLen + align - 1) / align * align;
        sb.append(" ".repeat(padded - pre - dictLen)).append('\n');
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[pre + dict.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = (byte) (pre == 10 ? 1 : 2);
        out[7] = 0;
        int len = dict.length;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        if (pre == 12) {
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(dict, 0, out, pre, dict.length);
        return out;
    }

    /** A recursive-descent reader of the Python literals a .npy header may hold. */
    private static final class Parser {
        final String s;
        final String name;
        int pos;

        Parser(String s, String name) {
            this.s = s;
            this.name = name;
        }

        char peek() throws NpyFormatException {
            if (pos >= s.length()) {
                throw fail("header ends too early");
            }
            return s.charAt(pos);
        }

        void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw fail("expected '" + c + "'");
            }
            pos++;
        }

        String string() throws NpyFormatException {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw fail("expected a string");
            }
            int end = s.indexOf(q, pos + 1);
            if (end < 0) {
                throw fail("unterminated string");
            }
            String v = s.substring(pos + 1, end);
            if (v.indexOf('\\') >= 0) {
                throw fail("escapes in strings are not supported");
            }
            pos = end + 1;
            return v;
        }

        boolean bool() throws NpyFormatException {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("expected True or False");
        }

        int[] tuple() throws NpyFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                int start = pos;
                long v = 0;
                while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                    v = v * 10 + (s.charAt(pos) - '0');
                    if (v > Integer.MAX_VALUE) {
                        throw fail("dimension exceeds " + Integer.MAX_VALUE);
                    }
                    pos++;
                }
                if (pos == start) {
                    throw fail("expected a non-negative integer dimension");
                }
                if (pos < s.length() && s.charAt(pos) == 'L') {
                    pos++; // Python 2 long literal
                }
                dims.add((int) v);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    trailingComma = true;
                } else {
                    trailingComma = false;
                    skipSpace();
                    if (peek() != ')') {
                        throw fail("expected ',' or ')' in the shape");
                    }
                }
            }
            if (dims.size() == 1 && !trailingComma) {
                throw fail("a one-element shape must be written (n,)");
            }
            int[] out = new int[dims.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = dims.get(k);
            }
            return out;
        }

        NpyFormatException fail(String what) {
            return Npy.bad(name, "malformed header at character " + pos + ": " + what);
        }
    }
}
