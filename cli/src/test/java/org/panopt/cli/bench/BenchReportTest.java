package org.panopt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report generator on a small JMH result fixture: tables, ratios, charts, fallbacks. No JMH run. */
class BenchReportTest {
    static List<Measurement> jmh() throws IOException {
        return Measurement.parseAll(RunPlanTest.resource("jmh-results.json"), "jmh");
    }

    static List<Measurement> pot() throws IOException {
        return Measurement.parseAll(RunPlanTest.resource("peer-pot.json"), "pot_sinkhorn.py");
    }

    static BenchRun run() {
        return new BenchRun("./panopt bench --quick", RunPlan.Mode.QUICK.describe(),
                Map.of("Date", "2025-01-01T00:00:00Z", "CPU", "Test CPU"), Map.of("org.ejml:ejml", "0.44.0"),
                List.of(new PeerScripts.Outcome("pot_sinkhorn.py", true, "1 result", Map.of("ot", "0.9.5")),
                        new PeerScripts.Outcome("torch_landing.py", false,
                                "Python module torch not importable (Debian: apt-get install python3-torch)", Map.of())),
                List.of("org.panopt.jmh.gemm.GemmBench.broken"));
    }

    private static StudyTable study(List<StudyTable> all, String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static StudyTable.Row row(StudyTable t, String label, String size) {
        return t.rows().stream().filter(r -> r.label().equals(label) && r.config().get(t.sizeParam()).equals(size))
                .findFirst().orElseThrow(() -> new AssertionError(label + " " + size));
    }

    /** The cells of the Markdown table row that starts with {@code prefix}. */
    private static List<String> cells(String md, String prefix) {
        String line = md.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in\n" + md));
        List<String> out = new ArrayList<>(Arrays.stream(line.split("\\|")).map(String::strip).toList());
        out.removeFirst();
        return out;
    }

    @Test
    void studiesGroupOursAndPeersWithRatiosToTheDeclaredBaseline() throws IOException {
        List<StudyTable> studies = StudyLayout.layout(jmh(), pot(), RunPlanTest.catalogue());
        assertEquals(List.of("GEMM f64", "DotBench", "Sinkhorn log-domain"), studies.stream().map(StudyTable::name).toList());

        StudyTable gemm = study(studies, "GEMM f64");
        assertEquals("OpenBLAS", gemm.baseline());
        assertEquals("n", gemm.sizeParam());
        assertEquals(List.of("panopt", "OpenBLAS", "EJML"), gemm.series(), "ours first in the legend");
        assertEquals("GFLOP/s", gemm.metric());
        StudyTable.Row p = row(gemm, "panopt", "256");
        assertTrue(p.ours());
        assertEquals(0.8e-3, p.seconds(), 1e-15);
        assertEquals(0.8, p.ratio(), 1e-12);
        assertEquals(0.8 * Math.hypot(0.02, 0.02), p.ratioErr(), 1e-12);
        assertEquals(2 * Math.pow(256, 3) / 0.8e-3 / 1e9, p.gflops(), 1e-9);
        assertEquals(4.0, row(gemm, "EJML", "256").ratio(), 1e-12);
        assertEquals(1.0, row(gemm, "OpenBLAS", "64").ratio());
        assertFalse(row(gemm, "EJML", "64").ours());
        // Sorted by size, the baseline first in each configuration.
        assertEquals(List.of("OpenBLAS", "panopt", "EJML", "OpenBLAS", "panopt", "EJML"),
                gemm.rows().stream().map(StudyTable.Row::label).toList());

        // Throughput scores become times; no @Study: grouped by class, the impl parameter labels, first is baseline.
        StudyTable dot = study(studies, "DotBench");
        assertEquals("panopt", dot.baseline());
        assertEquals(0.5e-6, row(dot, "panopt", "1000").seconds(), 1e-18);
        assertEquals(2.0, row(dot, "netlib", "1000").ratio(), 1e-12);
        assertFalse(row(dot, "netlib", "1000").ours(), "netlib is a peer by name");
        assertTrue(dot.notes().stream().anyMatch(n -> n.contains("declares no `@Study`")), dot.notes().toString());

        // The external peer joins the study that claims it, matched on the parameters both have.
        StudyTable sinkhorn = study(studies, "Sinkhorn log-domain");
        StudyTable.Row potRow = row(sinkhorn, "POT sinkhorn_log", "1000");
        assertEquals(2.5, potRow.ratio(), 1e-12);
        assertTrue(Double.isNaN(potRow.m().gcAlloc().mean()));
    }

    @Test
    void markdownHasOneTablePerStudyWithErrorsRatiosAndBytes() throws IOException {
        String md = BenchReport.markdown(run(), StudyLayout.layout(jmh(), pot(), RunPlanTest.catalogue()));
        for (String h : List.of("## GEMM f64", "## DotBench", "## Sinkhorn log-domain", "## Machine", "## Libraries",
                "## External peers", "## Benchmarks without a result")) {
            assertTrue(md.contains("\n" + h + "\n"), h);
        }
        assertTrue(md.contains("| n | implementation | time/op (µs) | GFLOP/s | ÷ OpenBLAS | B/op | B/op bench |"), md);
        assertEquals(List.of("256", "● panopt", "800 ± 16", "41.9 ± 0.8", "0.800 ± 0.023", "0.04", "0"),
                cells(md, "| 256 | ● panopt |"));
        assertEquals(List.of("256", "○ OpenBLAS", "1000 ± 20", "33.6 ± 0.7", "1 (baseline)", "0.05", "—"),
                cells(md, "| 256 | ○ OpenBLAS |"));
        assertEquals(List.of("300", "267"), cells(md, "| 64 | ● panopt |").subList(5, 7), "means over the iterations");
        assertEquals(List.of("1000", "○ POT sinkhorn_log", "300 ± 30", "2.50 ± 0.28", "—", "—"),
                cells(md, "| 1000 | ○ POT sinkhorn_log |"));
        assertTrue(md.contains("Same in every row: `eps = 0.01`"), "a constant parameter is said once, not a column");
        assertTrue(md.contains("| `torch_landing.py` | **no** | Python module torch not importable"), md);
        assertTrue(md.contains("| EJML | 0.44.0 |"), md);
        assertTrue(md.contains("| POT (ot) (Python peer) | 0.9.5 |"), md);
        assertTrue(md.contains("- `org.panopt.jmh.gemm.GemmBench.broken`"), md);
        assertTrue(md.contains("![GEMM f64](gemm-f64.svg)"), md);
    }

    @Test
    void chartsAreWellFormedSvgWithOnePolylinePerImplementation(@TempDir Path dir) throws Exception {
        List<StudyTable> studies = StudyLayout.layout(jmh(), pot(), RunPlanTest.catalogue());
        List<Path> files = BenchReport.write(dir, run(), studies);
        assertEquals(List.of("report.md", "gemm-f64.svg", "dotbench.svg", "sinkhorn-log-domain.svg"),
                files.stream().map(f -> f.getFileName().toString()).toList());

        Document svg = parse(Files.readString(dir.resolve("gemm-f64.svg"), StandardCharsets.UTF_8));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());
        NodeList lines = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(3, lines.getLength());
        List<String> series = new ArrayList<>();
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            series.add(((Element) line.getParentNode()).getAttribute("data-series"));
            String[] pts = line.getAttribute("points").split(" ");
            assertEquals(2, pts.length, "one point per size");
            double x0 = Double.parseDouble(pts[0].split(",")[0]);
            double x1 = Double.parseDouble(pts[1].split(",")[0]);
            assertTrue(x0 < x1, "points left to right");
            assertEquals(series.getLast().equals("panopt"), line.getAttribute("stroke-dasharray").isEmpty(),
                    "ours solid, peers dashed");
        }
        assertEquals(List.of("panopt", "OpenBLAS", "EJML"), series);
        // Higher GFLOP/s is drawn higher: panopt (41.9) above OpenBLAS (33.6) at n = 256.
        assertTrue(y(lines, 0, 1) < y(lines, 1, 1));

        Document sinkhorn = parse(Files.readString(dir.resolve("sinkhorn-log-domain.svg"), StandardCharsets.UTF_8));
        assertEquals(2, sinkhorn.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength());
    }

    private static double y(NodeList lines, int line, int point) {
        String[] pts = ((Element) lines.item(line)).getAttribute("points").split(" ");
        return Double.parseDouble(pts[point].split(",")[1]);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutDeclarationsBenchmarksGroupByClassAndLabelByMethod() throws IOException {
        List<StudyTable> studies = StudyLayout.layout(jmh(), List.of(), Catalogue.empty());
        StudyTable gemm = study(studies, "GemmBench");
        assertEquals("ejml", gemm.baseline(), "the first implementation measured");
        assertEquals("n", gemm.sizeParam());
        assertEquals(List.of("ejml", "panopt", "openblas"), gemm.rows().stream().map(StudyTable.Row::label).distinct().toList());
        assertEquals("time", gemm.metric(), "no flops declared: time per operation");
        assertFalse(row(gemm, "ejml", "64").ours());
        assertTrue(row(gemm, "panopt", "64").ours());
        assertEquals(0.25, row(gemm, "panopt", "64").ratio(), 1e-12);
        assertTrue(gemm.notes().stream().anyMatch(n -> n.contains("No baseline declared")), gemm.notes().toString());
        // An undeclared peer lands in a study of its own.
        StudyTable ext = study(StudyLayout.layout(List.of(), pot(), Catalogue.empty()), "external: pot.sinkhorn_log");
        assertEquals(1, ext.rows().size());
    }

    @Test
    void aMissingDeclaredBaselineOrPeerIsSaid() throws IOException {
        List<Measurement> noOpenBlas = jmh().stream().filter(m -> !m.benchmark().endsWith(".openblas")).toList();
        List<StudyTable> studies = StudyLayout.layout(noOpenBlas, List.of(), RunPlanTest.catalogue());
        StudyTable gemm = study(studies, "GEMM f64");
        assertEquals("", gemm.baseline());
        assertTrue(gemm.rows().stream().allMatch(r -> Double.isNaN(r.ratio())));
        assertTrue(gemm.notes().stream().anyMatch(n -> n.contains("OpenBLAS was not measured")), gemm.notes().toString());
        StudyTable sinkhorn = study(studies, "Sinkhorn log-domain");
        assertTrue(sinkhorn.notes().stream().anyMatch(n -> n.contains("`peers.pot` is declared but has no result")),
                sinkhorn.notes().toString());
        String md = BenchReport.markdown(run(), studies);
        assertFalse(md.contains("÷ OpenBLAS"), "no ratio column without a baseline");
    }

    @Test
    void oursAllocatingKilobytesIsQuestioned() throws IOException {
        Measurement m = jmh().stream().filter(x -> x.benchmark().endsWith("GemmBench.panopt")).findFirst().orElseThrow();
        Measurement heavy = new Measurement(m.benchmark(), m.mode(), m.params(), m.score(), m.error(), m.unit(),
                new Measurement.Allocation(70_000, 65_000), new Measurement.Allocation(69_000, 64_000),
                m.iterationSeconds(), "", "", "jmh");
        StudyTable t = study(StudyLayout.layout(List.of(heavy), List.of(), RunPlanTest.catalogue()), "GEMM f64");
        assertTrue(t.notes().stream().anyMatch(n -> n.startsWith("Ours allocating over 1 KiB per operation: panopt.")),
                t.notes().toString());
        StudyTable fine = study(StudyLayout.layout(jmh(), List.of(), RunPlanTest.catalogue()), "GEMM f64");
        assertTrue(fine.notes().stream().noneMatch(n -> n.startsWith("Ours allocating")), fine.notes().toString());
    }

    @Test
    void runFactsSurviveTheirJsonForRewritingReports() {
        BenchRun r = run();
        assertEquals(r, BenchRun.parse(r.toJson()));
    }

    @Test
    void jmhResultFilesMergeIntoOneArray(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.json"), RunPlanTest.resource("jmh-results.json"));
        Files.writeString(dir.resolve("b.json"), "[\n]\n");
        Files.writeString(dir.resolve("c.json"), RunPlanTest.resource("jmh-results.json"));
        String merged = BenchRunner.merge(List.of(dir.resolve("a.json"), dir.resolve("b.json"), dir.resolve("missing.json"),
                dir.resolve("c.json")));
        assertEquals(2 * jmh().size(), Measurement.parseAll(merged, "jmh").size());
        assertEquals(0, Measurement.parseAll(BenchRunner.merge(List.of()), "jmh").size());
    }
}
