package org.panopt.ffi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and rewrites the {@code DT_SONAME} of an x86-64/AArch64 ELF64 little-endian shared library.
 *
 * <p>Why: the dynamic loader treats a loaded library whose soname equals a requested name as that
 * library. An OpenBLAS copy loaded by path under the soname {@code libopenblas.so.0} is then what any
 * later {@code dlopen("libopenblas.so.0")} in the process gets (a JNI BLAS expecting the system
 * library would get ours). Renaming the soname in place (in {@code .dynstr}, same length or shorter,
 * so no offsets move) makes the copy invisible to lookups by the usual name.
 *
 * <p>Layout used (System V gABI, ELF-64 Object File Format 1.5): the program headers locate
 * {@code PT_DYNAMIC} and the {@code PT_LOAD} segments; the dynamic section's {@code DT_STRTAB}
 * (a virtual address, mapped to a file offset through the {@code PT_LOAD} that contains it),
 * {@code DT_STRSZ} and {@code DT_SONAME} (an offset into that string table) locate the name.
 */
public final class ElfSoname {
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_STRSZ = 10;
    private static final long DT_SONAME = 14;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final int SHT_DYNSYM = 11;

    private ElfSoname() {
    }

    /** The soname of the library at {@code file}, or null if it has none. */
    public static String read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(ch);
            return l.sonameOffset < 0 ? null : string(ch, l.strtabFileOffset + l.sonameOffset, l.strtabSize - l.sonameOffset);
        }
    }

    /**
     * Replaces the soname {@code expected} of {@code file} by {@code replacement} (at most as long),
     * in place.
     *
     * @throws IOException if the file is not a little-endian ELF64 shared library, has another soname,
     *                     or another string of the table shares bytes with the soname (tail merging)
     */
    public static void rewrite(Path file, String expected, String replacement) throws IOException {
        byte[] neu = replacement.getBytes(StandardCharsets.US_ASCII);
        byte[] old = expected.getBytes(StandardCharsets.US_ASCII);
        if (neu.length == 0 || neu.length > old.length) {
            throw new IllegalArgumentException("replacement soname must be 1.." + old.length + " bytes: " + replacement);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Layout l = layout(ch);
            if (l.sonameOffset < 0) {
                throw new IOException(file + " has no DT_SONAME");
            }
            String current = string(ch, l.strtabFileOffset + l.sonameOffset, l.strtabSize - l.sonameOffset);
            if (!current.equals(expected)) {
                throw new IOException(file + " has soname " + current + ", expected " + expected);
            }
            // Another name pointing inside ours (a merged tail such as "so.0") would be changed too.
            long lo = l.sonameOffset + 1;
            long hi = l.sonameOffset + old.length;
            for (long off : l.otherStringOffsets) {
                if (off >= lo && off <= hi) {
                    throw new IOException(file + ": another dynamic string shares bytes with the soname (offset " + off
                            + "), refusing to rewrite it");
                }
            }
            ByteBuffer out = ByteBuffer.allocate(old.length + 1);
            out.put(neu);
            while (out.hasRemaining()) {
                out.put((byte) 0);
            }
            out.flip();
            ch.write(out, l.strtabFileOffset + l.sonameOffset);
            ch.force(true);
        }
    }

    private record Layout(long strtabFileOffset, long strtabSize, long sonameOffset, long[] otherStringOffsets) {
    }

    private static Layout layout(FileChannel ch) throws IOException {
        ByteBuffer eh = read(ch, 0, 64);
        if (eh.getInt(0) != 0x464c457f) {
            throw new IOException("not an ELF file");
        }
        if (eh.get(4) != 2 || eh.get(5) != 1) {
            throw new IOException("not a little-endian ELF64 file (class " + eh.get(4) + ", data " + eh.get(5) + ")");
        }
        long phoff = eh.getLong(32);
        long shoff = eh.getLong(40);
        int phentsize = Short.toUnsignedInt(eh.getShort(54));
        int phnum = Short.toUnsignedInt(eh.getShort(56));
        int shentsize = Short.toUnsignedInt(eh.getShort(58));
        int shnum = Short.toUnsignedInt(eh.getShort(60));
        ByteBuffer ph = read(ch, phoff, phentsize * phnum);
        long dynOff = -1;
        long dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            int base = i * phentsize;
            if (ph.getInt(base) == PT_DYNAMIC) {
                dynOff = ph.getLong(base + 8);
                dynSize = ph.getLong(base + 32);
            }
        }
        if (dynOff < 0) {
            throw new IOException("no PT_DYNAMIC segment: not a shared library");
        }
        ByteBuffer dyn = read(ch, dynOff, (int) dynSize);
        long strtabVaddr = -1;
        long strsz = -1;
        long soname = -1;
        long[] others = new long[(int) (dynSize / 16)];
        int nOthers = 0;
        for (int p = 0; p + 16 <= dynSize; p += 16) {
            long tag = dyn.getLong(p);
            long val = dyn.getLong(p + 8);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_STRTAB) {
                strtabVaddr = val;
            } else if (tag == DT_STRSZ) {
                strsz = val;
            } else if (tag == DT_SONAME) {
                soname = val;
            } else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) {
                others[nOthers++] = val;
            }
        }
        if (strtabVaddr < 0 || strsz < 0) {
            throw new IOException("dynamic section has no DT_STRTAB/DT_STRSZ");
        }
        long strtabOff = -1;
        for (int i = 0; i < phnum; i++) {
            int base = i * phentsize;
            long vaddr = ph.getLong(base + 16);
            long filesz = ph.getLong(base + 32);
            if (ph.getInt(base) == PT_LOAD && strtabVaddr >= vaddr && strtabVaddr < vaddr + filesz) {
                strtabOff = strtabVaddr - vaddr + ph.getLong(base + 8);
            }
        }
        if (strtabOff < 0) {
            throw new IOException("DT_STRTAB address 0x" + Long.toHexString(strtabVaddr) + " is in no PT_LOAD segment");
        }
        long[] symNames = dynsymNames(ch, shoff, shentsize, shnum);
        long[] all = new long[nOthers + symNames.length];
        System.arraycopy(others, 0, all, 0, nOthers);
        System.arraycopy(symNames, 0, all, nOthers, symNames.length);
        return new Layout(strtabOff, strsz, soname, all);
    }

    /** The st_name of every .dynsym entry (they index the same string table). */
    private static long[] dynsymNames(FileChannel ch, long shoff, int shentsize, int shnum) throws IOException {
        if (shoff == 0 || shnum == 0) {
            return new long[0];
        }
        ByteBuffer sh = read(ch, shoff, shentsize * shnum);
        for (int i = 0; i < shnum; i++) {
            int base = i * shentsize;
            if (sh.getInt(base + 4) == SHT_DYNSYM) {
                long off = sh.getLong(base + 24);
                long size = sh.getLong(base + 32);
                long entsize = sh.getLong(base + 56);
                if (entsize < 24 || size / entsize > Integer.MAX_VALUE) {
                    throw new IOException("bad .dynsym entry size " + entsize);
                }
                ByteBuffer syms = read(ch, off, (int) size);
                long[] names = new long[(int) (size / entsize)];
                for (int k = 0; k < names.length; k++) {
                    names[k] = Integer.toUnsignedLong(syms.getInt((int) (k * entsize)));
                }
                return names;
            }
        }
        return new long[0];
    }

    private static String string(FileChannel ch, long off, long max) throws IOException {
        ByteBuffer b = read(ch, off, (int) Math.min(max, 4096));
        int n = 0;
        while (n < b.limit() && b.get(n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(0, s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer read(FileChannel ch, long off, int len) throws IOException {
        if (off < 0 || len < 0 || off + len > ch.size()) {
            throw new IOException("truncated ELF file: wants bytes " + off + ".." + (off + len) + " of " + ch.size());
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, off + b.position()) < 0) {
                throw new IOException("truncated ELF file");
            }
        }
        return b.flip();
    }
}
