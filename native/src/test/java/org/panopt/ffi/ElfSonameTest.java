package org.panopt.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DT_SONAME reading and rewriting, checked against binutils' readelf where it is installed. */
class ElfSonameTest {
    static Path quadmath(Path dir) throws IOException {
        Path p = dir.resolve("libquadmath.so.0");
        try (InputStream in = ElfSonameTest.class.getClassLoader()
                .getResourceAsStream("org/bytedeco/openblas/linux-x86_64/libquadmath.so.0")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    static String readelfSoname(Path p) throws Exception {
        Process proc;
        try {
            proc = new ProcessBuilder("readelf", "-d", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // binutils not installed: our own reader is the only check
        }
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        proc.waitFor();
        for (String line : out.split("\n")) {
            if (line.contains("(SONAME)")) {
                return line.substring(line.indexOf('[') + 1, line.indexOf(']'));
            }
        }
        return "";
    }

    @Test
    void rewritesTheSonameInPlace(@TempDir Path dir) throws Exception {
        Path lib = quadmath(dir);
        long size = Files.size(lib);
        assertEquals("libquadmath.so.0", ElfSoname.read(lib));
        ElfSoname.rewrite(lib, "libquadmath.so.0", "libpanoptqm.so");
        assertEquals("libpanoptqm.so", ElfSoname.read(lib));
        assertEquals(size, Files.size(lib));
        String readelf = readelfSoname(lib);
        if (readelf != null) {
            assertEquals("libpanoptqm.so", readelf);
        }
        // still a loadable library with its symbols
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var lookup = java.lang.foreign.SymbolLookup.libraryLookup(lib, arena);
            assertTrue(lookup.find("sqrtq").isPresent());
        }
    }

    @Test
    void refusesWhatItCannotDoSafely(@TempDir Path dir) throws Exception {
        Path lib = quadmath(dir);
        assertThrows(IllegalArgumentException.class,
                () -> ElfSoname.rewrite(lib, "libquadmath.so.0", "libquadmath.so.0.longer"));
        IOException wrong = assertThrows(IOException.class, () -> ElfSoname.rewrite(lib, "libother.so.1", "x.so"));
        assertTrue(wrong.getMessage().contains("has soname libquadmath.so.0"), wrong.getMessage());
        Path text = dir.resolve("not-elf.so");
        Files.writeString(text, "this is not an ELF file, but it is long enough to hold an ELF header..........");
        IOException notElf = assertThrows(IOException.class, () -> ElfSoname.read(text));
        assertTrue(notElf.getMessage().contains("not an ELF"), notElf.getMessage());
        Path truncated = dir.resolve("truncated.so");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(lib), 200));
        assertThrows(IOException.class, () -> ElfSoname.read(truncated));
        assertEquals("libquadmath.so.0", ElfSoname.read(lib), "a refused rewrite left the file as it was");
    }
}
