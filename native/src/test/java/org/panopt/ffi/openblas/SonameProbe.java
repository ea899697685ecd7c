package org.panopt.ffi.openblas;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import org.panopt.ffi.MappedFile;

/**
 * Run in a child JVM by {@link SonameIsolationTest}: loads the library at {@code args[0]} by path (as
 * panopt loads its bundled copy), then asks the dynamic loader for {@code libopenblas.so.0} by name
 * (as a JNI BLAS would) and prints which file each resolved to.
 */
public final class SonameProbe {
    private SonameProbe() {
    }

    public static void main(String[] args) {
        SymbolLookup ours = SymbolLookup.libraryLookup(java.nio.file.Path.of(args[0]), Arena.global());
        long a = ours.find("cblas_ddot").orElseThrow().address();
        System.out.println("ours=" + MappedFile.containing(a).orElseThrow());
        try {
            SymbolLookup byName = SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
            long b = byName.find("cblas_ddot").orElseThrow().address();
            System.out.println("byname=" + MappedFile.containing(b).orElseThrow());
        } catch (IllegalArgumentException e) {
            System.out.println("byname=none");
        }
    }
}
