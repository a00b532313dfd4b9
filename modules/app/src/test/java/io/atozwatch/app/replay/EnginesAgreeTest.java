package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replay's engine ({@link DirectDriver}) says what Kafka Streams' TopologyTestDriver says of the same input:
 * every record, in the same order, at the same point of the input, with the same key, value, timestamp and headers.
 */
class EnginesAgreeTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** What one replay printed. */
    private record Printed(int rejected, String stdout, String stderr) {}

    static Stream<Path> examples() throws IOException {
        return Files.list(examplesDir())
                .filter(p -> p.toString().endsWith(".jsonl"))
                .sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExamplePrintsTheSameOnBothEngines(Path example) {
        for (Instant until : new Instant[] {null, Instant.parse("2026-12-31T00:00:00Z")}) {
            Printed reference = replay(example, until, InProcessPipeline.Engine.TEST_DRIVER);
            Printed direct = replay(example, until, InProcessPipeline.Engine.DIRECT);

            assertThat(reference.stdout())
                    .as("%s, until %s", example.getFileName(), until)
                    .isNotEmpty();
            assertThat(direct).as("%s, until %s", example.getFileName(), until).isEqualTo(reference);
        }
    }

    @Test
    void theBadLinesExampleDeadLettersOnTheDirectEngine() {
        Printed direct = replay(examplesDir().resolve("bad-lines.jsonl"), null, InProcessPipeline.Engine.DIRECT);

        assertThat(direct.rejected()).isEqualTo(4);
        assertThat(direct.stdout().lines().filter(l -> l.startsWith("{\"topic\":\"dead-letters\"")))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("cannot deserialize (line 1"));
    }

    /**
     * A seeded generated history (2,500 orders, with the generator's duplicates and out-of-order events, plus
     * invalid refunds and policies that are dead-lettered), drained after every record, then the clock moved far
     * past the last event: the same output lines at the same points, and the same clock, on both engines.
     */
    @Test
    void aGeneratedHistoryComesOutTheSameOnBothEngines() {
        List<GeneratedEvent> events = new TrafficGenerator(
                        GeneratorOptions.defaults(11, START).withOrders(2500))
                .stream().toList();

        List<String> reference = run(events, PipelineConfig.defaults(), InProcessPipeline.Engine.TEST_DRIVER);
        List<String> direct = run(events, PipelineConfig.defaults(), InProcessPipeline.Engine.DIRECT);

        assertThat(events).hasSizeGreaterThan(10_000);
        assertThat(reference).hasSizeGreaterThan(3_000);
        for (String topic : List.of(
                "claim-eligibility",
                "deadline-breaches",
                "merchant-notifications",
                "dead-letters",
                "merchant-performance",
                "reserve-decisions")) {
            assertThat(reference).as(topic).anyMatch(l -> l.contains("{\"topic\":\"" + topic + "\""));
        }
        assertSameLines(direct, reference);
    }

    /**
     * With caches of decoded values too small for the open cases (replay's engine commits seldom, so values are
     * handed down to the stores as the caches overflow; the test driver commits after every record).
     */
    @Test
    void aGeneratedHistoryComesOutTheSameWhenTheCachesOfDecodedValuesOverflow() {
        List<GeneratedEvent> events = new TrafficGenerator(
                        GeneratorOptions.defaults(12, START).withOrders(800))
                .stream().toList();
        Properties small = new Properties();
        small.setProperty("state.object-cache.max-entries", "25");
        PipelineConfig config = PipelineConfig.from(small);

        List<String> reference = run(events, config, InProcessPipeline.Engine.TEST_DRIVER);
        List<String> direct = run(events, config, InProcessPipeline.Engine.DIRECT);

        assertThat(reference).hasSizeGreaterThan(1_000);
        assertSameLines(direct, reference);
    }

    private static void assertSameLines(List<String> direct, List<String> reference) {
        assertThat(direct).hasSameSizeAs(reference);
        for (int i = 0; i < reference.size(); i++) {
            assertThat(direct.get(i)).as("output line %d", i).isEqualTo(reference.get(i));
        }
    }

    /** Each output line prefixed by how many input records had been piped when it came out. */
    private static List<String> run(
            List<GeneratedEvent> events, PipelineConfig config, InProcessPipeline.Engine engine) {
        List<String> lines = new ArrayList<>();
        try (InProcessPipeline p = new InProcessPipeline(config, engine)) {
            int piped = 0;
            Instant last = START;
            for (GeneratedEvent e : events) {
                p.pipe(e.topic(p.topics()).name(), e.key(), e.value(), e.timestamp());
                piped++;
                if (piped % 997 == 0) {
                    // Invalid: a negative refund (set aside by the decoder, its bytes kept) and a policy keyed by
                    // another merchant (set aside by the audit, ignored by the global store).
                    RefundEvent refund = RefundEvent.newBuilder()
                            .setEventId("bad-" + piped)
                            .setOrderId(e.key())
                            .setRefundId("rf-bad-" + piped)
                            .setOccurredAt(e.timestamp())
                            .setAmountMinor(-5)
                            .setCurrency("USD")
                            .build();
                    p.pipe(p.topics().refunds.name(), e.key(), refund, e.timestamp());
                    MerchantPolicy policy = MerchantPolicy.newBuilder()
                            .setMerchantId("m-nobody")
                            .setAcceptsReturns(true)
                            .setReturnWindowDays(30)
                            .setRefundWithinDays(14)
                            .setUpdatedAt(e.timestamp())
                            .build();
                    p.pipe(p.topics().merchantPolicies.name(), "m-other", policy, e.timestamp());
                }
                last = e.timestamp().isAfter(last) ? e.timestamp() : last;
                for (OutputRecord r : p.drain()) {
                    lines.add(piped + " " + r.toJsonLine());
                }
            }
            lines.add("clock " + p.clock() + ", read up to " + p.readUpTo());
            p.advanceClockTo(last.plus(Duration.ofDays(120)));
            for (OutputRecord r : p.drain()) {
                lines.add("end " + r.toJsonLine());
            }
            lines.add("clock " + p.clock() + ", read up to " + p.readUpTo());
        }
        return lines;
    }

    private static Printed replay(Path input, Instant until, InProcessPipeline.Engine engine) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            int rejected = ReplayCommand.replay(
                    reader, PipelineConfig.defaults(), until, engine, new PrintWriter(out), new PrintWriter(err));
            return new Printed(rejected, out.toString(), err.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's examples/ directory, wherever the tests are run from. */
    private static Path examplesDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/mixed-day.jsonl"))) {
                return dir.resolve("examples");
            }
        }
        throw new UncheckedIOException(
                new IOException("examples/ not found above " + Path.of("").toAbsolutePath()));
    }
}
