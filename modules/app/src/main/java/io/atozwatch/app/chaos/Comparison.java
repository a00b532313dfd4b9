package io.atozwatch.app.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the app committed against what the oracle says, kind by kind and id by id: the exactly-once claim
 * is that they are equal as multisets. A difference is named after what a consumer of the topic would see:
 * a fact never delivered (missing), one that should not exist (extra), one delivered more often than once
 * (duplicated, the classic failure of at-least-once), or one whose id is right but whose content is not
 * (changed: a record built from state that was not the state it should have been).
 */
final class Comparison {
    static final List<String> KINDS = List.of(Fact.VERDICTS, Fact.BREACHES, Fact.NOTIFICATIONS);
    /** Ids listed per kind of problem in a report; the counts are always complete. */
    private static final int LISTED = 20;

    enum Problem {
        MISSING,
        EXTRA,
        DUPLICATED,
        CHANGED
    }

    /** One id whose records differ: how many copies the oracle and the app have. */
    record Difference(String kind, Problem problem, String id, String label, int expected, int committed) {}

    private final Map<String, Integer> expectedCounts = new LinkedHashMap<>();
    private final Map<String, Integer> committedCounts = new LinkedHashMap<>();
    private final List<Difference> differences = new ArrayList<>();

    private Comparison() {}

    static Comparison of(List<Fact> expected, List<Fact> committed) {
        Comparison c = new Comparison();
        for (String kind : KINDS) {
            Map<String, List<Fact>> e = byId(expected, kind);
            Map<String, List<Fact>> a = byId(committed, kind);
            c.expectedCounts.put(kind, e.values().stream().mapToInt(List::size).sum());
            c.committedCounts.put(kind, a.values().stream().mapToInt(List::size).sum());
            TreeSet<String> ids = new TreeSet<>(e.keySet());
            ids.addAll(a.keySet());
            for (String id : ids) {
                List<Fact> want = e.getOrDefault(id, List.of());
                List<Fact> got = a.getOrDefault(id, List.of());
                Problem p = problem(want, got);
                if (p != null) {
                    String label = (want.isEmpty() ? got : want).get(0).label();
                    c.differences.add(new Difference(kind, p, id, label, want.size(), got.size()));
                }
            }
        }
        return c;
    }

    private static Problem problem(List<Fact> want, List<Fact> got) {
        if (want.isEmpty()) {
            return Problem.EXTRA;
        }
        if (got.isEmpty()) {
            return Problem.MISSING;
        }
        HashSet<String> wanted = new HashSet<>();
        want.forEach(f -> wanted.add(f.text()));
        if (got.stream().anyMatch(f -> !wanted.contains(f.text()))) {
            return Problem.CHANGED;
        }
        if (got.size() > want.size()) {
            return Problem.DUPLICATED;
        }
        if (got.size() < want.size()) {
            return Problem.MISSING;
        }
        return sortedTexts(want).equals(sortedTexts(got)) ? null : Problem.CHANGED;
    }

    private static List<String> sortedTexts(List<Fact> facts) {
        return facts.stream().map(Fact::text).sorted().toList();
    }

    private static Map<String, List<Fact>> byId(List<Fact> facts, String kind) {
        Map<String, List<Fact>> m = new HashMap<>();
        facts.stream()
                .filter(f -> f.kind().equals(kind))
                .forEach(f -> m.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f));
        return m;
    }

    boolean equal() {
        return differences.isEmpty();
    }

    List<Difference> differences() {
        return List.copyOf(differences);
    }

    int expected(String kind) {
        return expectedCounts.getOrDefault(kind, 0);
    }

    int committed(String kind) {
        return committedCounts.getOrDefault(kind, 0);
    }

    /** Only missing records: they may still be on their way (a transaction not yet committed). */
    boolean onlyMissing() {
        return differences.stream().allMatch(d -> d.problem() == Problem.MISSING);
    }

    /** "1,234 verdicts, 567 breaches, 89 order notifications" (the oracle's counts). */
    String counts() {
        List<String> parts = new ArrayList<>();
        KINDS.forEach(k -> parts.add(String.format("%,d %s", expected(k), k)));
        return String.join(", ", parts);
    }

    /** The differences, by kind and problem, each with its count and the first ids (and labels). */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        Map<String, List<Difference>> groups = new TreeMap<>();
        for (Difference d : differences) {
            groups.computeIfAbsent(d.kind() + " " + d.problem().name().toLowerCase(), k -> new ArrayList<>())
                    .add(d);
        }
        groups.forEach((group, ds) -> {
            lines.add(String.format("%s: %,d", group, ds.size()));
            ds.stream()
                    .limit(LISTED)
                    .forEach(d -> lines.add(String.format(
                            "  %s (%s): oracle %d, committed %d", d.id(), d.label(), d.expected(), d.committed())));
            if (ds.size() > LISTED) {
                lines.add(String.format("  ... and %,d more", ds.size() - LISTED));
            }
        });
        return lines;
    }
}
