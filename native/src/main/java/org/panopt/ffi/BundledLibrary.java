package org.panopt.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A native library shipped as class-path resources (inside a Maven jar), extracted once into a
 * per-user cache directory and loaded from there by absolute path.
 *
 * <p>The cache directory is {@code <root>/<name>-<key>}, where {@code key} is a SHA-256 prefix of the
 * resources' names, sizes and CRC-32s (read from the jar's directory, so finding an existing copy
 * costs no decompression). Extraction is safe against other JVMs doing the same at the same time:
 * each writes a private temporary directory beside the final one, checks the originals against
 * pinned SHA-256 sums, patches the soname, writes a {@code SHA256SUMS} manifest, and renames the
 * directory into place atomically; a loser of that race discards its copy and uses the winner's. Every
 * load re-checks the manifest, and a damaged copy is moved aside and extracted again.
 *
 * @param name          cache directory prefix, e.g. {@code openblas-0.3.30-1.5.12}
 * @param resourceDir   class-path folder holding the files, e.g. {@code org/bytedeco/openblas/linux-x86_64}
 * @param mainFile      the library to load (its resource name)
 * @param mainTarget    the file name it gets in the cache
 * @param oldSoname     its soname in the jar
 * @param newSoname     the soname it gets (at most as long as {@code oldSoname}); null keeps it
 * @param companions    libraries it needs, extracted beside it under their own names (found through
 *                      its {@code $ORIGIN} run path)
 * @param pinnedSha256  expected SHA-256 of the original resources, by resource name (files not listed
 *                      are not pinned)
 */
public record BundledLibrary(String name, String resourceDir, String mainFile, String mainTarget, String oldSoname,
                             String newSoname, List<String> companions, Map<String, String> pinnedSha256) {

    /** The manifest written last into every complete cache directory. */
    public static final String MANIFEST = "SHA256SUMS";

    public BundledLibrary {
        companions = List.copyOf(companions);
        pinnedSha256 = Map.copyOf(pinnedSha256);
    }

    /** The default cache root: {@code $XDG_CACHE_HOME/panopt}, else {@code ~/.cache/panopt}. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("panopt");
    }

    /** Whether the main resource is on the class path of {@code loader}. */
    public boolean present(ClassLoader loader) {
        return loader.getResource(resourceDir + "/" + mainFile) != null;
    }

    /**
     * The extracted main library under {@code cacheRoot}, extracting it first if needed.
     *
     * @throws IOException if a resource is missing, a checksum does not match, or the cache cannot be written
     */
    public Path extract(ClassLoader loader, Path cacheRoot) throws IOException {
        Map<String, URL> urls = new LinkedHashMap<>();
        for (String f : files()) {
            URL u = loader.getResource(resourceDir + "/" + f);
            if (u == null) {
                throw new IOException(resourceDir + "/" + f + " is not on the class path");
            }
            urls.put(f, u);
        }
        Files.createDirectories(cacheRoot);
        Path dir = cacheRoot.resolve(name + "-" + fingerprint(urls));
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Files.isDirectory(dir)) {
                String bad = verify(dir);
                if (bad == null) {
                    return dir.resolve(mainTarget);
                }
                // Damaged (or tampered with): move it aside atomically, so a JVM that has it mapped keeps working.
                Path stale = cacheRoot.resolve(dir.getFileName() + ".stale-" + ProcessHandle.current().pid() + "-"
                        + System.nanoTime());
                try {
                    Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(stale);
                } catch (IOException e) {
                    // another JVM moved it first
                }
                continue;
            }
            Path tmp = Files.createTempDirectory(cacheRoot, dir.getFileName() + ".tmp-");
            try {
                fill(tmp, urls);
                try {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    return dir.resolve(mainTarget);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot rename atomically inside " + cacheRoot, e);
                } catch (FileSystemException e) {
                    // rename(2) onto a non-empty directory fails (ENOTEMPTY/EEXIST): another JVM won the
                    // race; use its copy, verified on the next turn of the loop.
                    if (!Files.isDirectory(dir)) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
        }
        throw new IOException("could not obtain a verified copy in " + dir + " after 3 attempts");
    }

    /** Every resource file: the main library first, then its companions. */
    public List<String> files() {
        List<String> all = new ArrayList<>();
        all.add(mainFile);
        all.addAll(companions);
        return all;
    }

    private String target(String file) {
        return file.equals(mainFile) ? mainTarget : file;
    }

    private void fill(Path tmp, Map<String, URL> urls) throws IOException {
        for (Map.Entry<String, URL> e : urls.entrySet()) {
            Path out = tmp.resolve(target(e.getKey()));
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(e.getValue().openStream(), md);
                 OutputStream os = Files.newOutputStream(out)) {
                in.transferTo(os);
            }
            String want = pinnedSha256.get(e.getKey());
            String got = HexFormat.of().formatHex(md.digest());
            if (want != null && !want.equals(got)) {
                throw new IOException(e.getValue() + " has SHA-256 " + got + ", expected " + want
                        + ": the jar on the class path is not the one this build was made for");
            }
        }
        if (newSoname != null) {
            ElfSoname.rewrite(tmp.resolve(mainTarget), oldSoname, newSoname);
        }
        StringBuilder manifest = new StringBuilder();
        for (String f : urls.keySet()) {
            manifest.append(hash(tmp.resolve(target(f)))).append("  ").append(target(f)).append('\n');
        }
        Files.writeString(tmp.resolve(MANIFEST), manifest, StandardCharsets.US_ASCII);
    }

    /** Null if every file listed in the manifest is there with its checksum, else what is wrong. */
    public String verify(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        try {
            if (!Files.isRegularFile(manifest)) {
                return "no " + MANIFEST + " in " + dir;
            }
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.US_ASCII);
            if (lines.size() != files().size()) {
                return MANIFEST + " lists " + lines.size() + " files, expected " + files().size();
            }
            for (String line : lines) {
                int sep = line.indexOf("  ");
                if (sep != 64) {
                    return "malformed line in " + MANIFEST + ": " + line;
                }
                Path f = dir.resolve(line.substring(sep + 2));
                if (!Files.isRegularFile(f)) {
                    return f + " is missing";
                }
                String got = hash(f);
                if (!got.equals(line.substring(0, sep))) {
                    return f + " has SHA-256 " + got + ", the manifest says " + line.substring(0, sep);
                }
            }
            return null;
        } catch (IOException | UncheckedIOException e) {
            return "cannot read " + dir + ": " + e;
        }
    }

    /** A short SHA-256 over each resource's name, size and CRC-32 (from the jar's directory: no decompression). */
    private static String fingerprint(Map<String, URL> urls) throws IOException {
        MessageDigest md = sha256();
        for (Map.Entry<String, URL> e : urls.entrySet()) {
            URLConnection c = e.getValue().openConnection();
            String id;
            if (c instanceof JarURLConnection jc) {
                jc.setUseCaches(false);
                var entry = jc.getJarEntry();
                id = entry.getSize() + ":" + Long.toHexString(entry.getCrc());
            } else {
                // An exploded class directory (IDE runs): size and modification time.
                id = c.getContentLengthLong() + ":" + c.getLastModified();
            }
            md.update((e.getKey() + "=" + id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static String hash(Path f) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temporary directory is harmless
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
