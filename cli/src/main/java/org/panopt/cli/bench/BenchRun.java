package org.panopt.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report says besides the measurements: how the run was made, on what, and what could not be
 * measured. Saved as {@code run.json} next to the results so that {@code --from} can rewrite the report.
 *
 * @param command   the command line that made the run
 * @param settings  JMH settings of the run's mode
 * @param machine   machine and software facts, in display order
 * @param libraries libraries in the benchmarks jar, {@code groupId:artifactId -> version}
 * @param peers     what happened to each external peer script
 * @param missing   planned benchmarks that gave no result
 */
public record BenchRun(String command, String settings, Map<String, String> machine, Map<String, String> libraries,
                       List<PeerScripts.Outcome> peers, List<String> missing) {

    public BenchRun {
        machine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        libraries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
        peers = List.copyOf(peers);
        missing = List.copyOf(missing);
    }

    /** As {@code run.json}. */
    public String toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("command", command);
        o.put("settings", settings);
        o.put("machine", machine);
        o.put("libraries", libraries);
        List<Object> p = new ArrayList<>();
        for (PeerScripts.Outcome x : peers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("script", x.script());
            e.put("measured", x.measured());
            e.put("detail", x.detail());
            e.put("modules", x.modules());
            p.add(e);
        }
        o.put("peers", p);
        o.put("missing", missing);
        return Json.write(o);
    }

    /** Reads {@code run.json}. */
    public static BenchRun parse(String json) {
        Map<String, Object> o = Json.object(Json.parse(json));
        List<PeerScripts.Outcome> peers = new ArrayList<>();
        for (Object x : Json.array(o.get("peers"))) {
            Map<String, Object> e = Json.object(x);
            peers.add(new PeerScripts.Outcome(Json.string(e.get("script"), "?"), Boolean.TRUE.equals(e.get("measured")),
                    Json.string(e.get("detail"), ""), strings(e.get("modules"))));
        }
        List<String> missing = Json.array(o.get("missing")).stream().map(x -> Json.string(x, "")).toList();
        return new BenchRun(Json.string(o.get("command"), ""), Json.string(o.get("settings"), ""),
                strings(o.get("machine")), strings(o.get("libraries")), peers, missing);
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> m = new LinkedHashMap<>();
        Json.object(o).forEach((k, v) -> m.put(k, Json.string(v, "")));
        return m;
    }
}
