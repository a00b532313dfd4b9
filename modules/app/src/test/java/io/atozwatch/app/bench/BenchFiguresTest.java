package io.atozwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.bench.Schedule.Side;
import io.atozwatch.app.bench.Schedule.Slot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's pure parts: the run order, the arithmetic, the report's renderings. */
class BenchFiguresTest {

    @Test
    void roundsAlternateAbbaAfterTheWarmUps() {
        assertThat(Schedule.abba(1, 2))
                .containsExactly(
                        new Slot(Side.B, true),
                        new Slot(Side.A, false),
                        new Slot(Side.B, false),
                        new Slot(Side.B, false),
                        new Slot(Side.A, false));
        assertThat(Schedule.abba(0, 3))
                .extracting(Slot::side)
                .containsExactly(Side.A, Side.B, Side.B, Side.A, Side.A, Side.B);
        assertThat(Schedule.abba(0, 1)).containsExactly(new Slot(Side.A, false), new Slot(Side.B, false));
        assertThatThrownBy(() -> Schedule.abba(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianIsTheMiddleOrTheMeanOfTheTwoMiddles() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(7.0))).isEqualTo(7.0);
        assertThatThrownBy(() -> Stats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratioIsPipelineSpeedOverPassThroughSpeedFromMedianTimes() {
        // pass-through median 2 s, pipeline median 8 s: the pipeline goes at a quarter of the speed
        assertThat(Stats.speedRatio(List.of(8.0, 9.0, 7.0), List.of(2.0, 2.0, 30.0)))
                .isEqualTo(0.25);
        assertThat(Stats.rate(1000, 4.0)).isEqualTo(250.0);
        assertThat(Stats.per(500, 0)).isZero();
    }

    @Test
    void throughputUsesTheTimedRunsOnly() {
        BenchReport.Throughput t = sample().throughput().get(0);

        assertThat(t.seconds(BenchReport.PIPELINE)).containsExactly(10.0, 12.0);
        assertThat(t.eventsPerSecond(BenchReport.PIPELINE)).isEqualTo(1000.0); // 11,000 events / median 11 s
        assertThat(t.eventsPerSecond(BenchReport.PASS_THROUGH)).isEqualTo(5500.0);
        assertThat(t.ratio()).isEqualTo(2.0 / 11.0);
    }

    @Test
    void markdownHasEverySectionWithItsBaseline() {
        String md = sample().markdown();

        assertThat(md)
                .contains(
                        "Machine: 2 cores",
                        "Workload: 2,200 orders",
                        "## Throughput",
                        "| exactly_once_v2 | 5,500 | 1,000 | 0.182 |",
                        "warm-up B 20.0 (5.0), A 2.0 (1.0), B 10.0 (4.0), B 12.0 (4.0), A 2.0 (1.0)",
                        "## End-to-end latency",
                        "| 12,000 | 150 | 900 | 1200 |",
                        "lag did not grow",
                        "## Bytes",
                        "Input (baseline): 100 bytes per event",
                        "| exactly_once_v2 | 400 | 50 | 3,000,000 | 2,000,000 | 2,000 | 1000 |",
                        "Changelog bytes per input event by store (exactly_once_v2): order-cases 300.",
                        "## Replay",
                        "replay's engine: 11,000 events in 5.5 s: 2,000 events/s (runs 5.0 and 6.0 s, before and after the baseline; warm-up 9.0 s)",
                        "TopologyTestDriver (the reference engine): 44.0 s, 250 events/s. Ratio replay / TopologyTestDriver: 8.0.",
                        "(The pipeline under exactly_once_v2 on the broker: 1,000 events/s.)");
    }

    @Test
    void settingsGivenForThePipelineAreListedAndNoneAreByDefault() throws Exception {
        BenchReport plain = sample();
        BenchReport tuned = new BenchReport(
                plain.machine(),
                plain.workload(),
                plain.throughput(),
                plain.latency(),
                plain.storage(),
                plain.replay(),
                Map.of("max.task.idle.ms", "0", "commit.interval.ms", "500"));

        assertThat(plain.markdown()).doesNotContain("Pipeline settings given");
        assertThat(tuned.markdown())
                .contains("Pipeline settings given (`--set`, on every pipeline run, not on the "
                        + "pass-through): `commit.interval.ms=500`, `max.task.idle.ms=0`.");
        JsonNode json = new ObjectMapper().readTree(tuned.json());
        assertThat(json.at("/pipelineSettings/max.task.idle.ms").asText()).isEqualTo("0");
        assertThat(new ObjectMapper()
                        .readTree(plain.json())
                        .at("/pipelineSettings")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void jsonCarriesTheSameFigures() throws Exception {
        JsonNode json = new ObjectMapper().readTree(sample().json());

        assertThat(json.at("/throughput/0/ratio").asDouble())
                .isCloseTo(0.182, org.assertj.core.data.Offset.offset(0.001));
        assertThat(json.at("/throughput/0/runs")).hasSize(5);
        assertThat(json.at("/latency/commitMs/p99").asLong()).isEqualTo(900);
        assertThat(json.at("/latency/lagGrew").asBoolean()).isFalse();
        assertThat(json.at("/storage/0/stateBytesPerCase").asDouble()).isEqualTo(1000.0);
        assertThat(json.at("/storage/0/changelogBytesPerEventByStore/order-cases")
                        .asDouble())
                .isEqualTo(300.0);
        assertThat(json.at("/workload/inputBytesPerEvent").asDouble()).isEqualTo(100.0);
        assertThat(json.at("/replay/eventsPerSecond").asDouble())
                .isEqualTo(2000.0); // 11,000 events / mean of 5 s and 6 s
        assertThat(json.at("/replay/testDriverEventsPerSecond").asDouble()).isEqualTo(250.0);
        assertThat(json.at("/replay/ratio").asDouble()).isEqualTo(8.0);
    }

    @Test
    void lagGrowsWhenTheLastQuarterIsASecondOfInputAboveTheFirst() {
        assertThat(latency(100, 2050).lagGrew()).isFalse();
        assertThat(latency(100, 2200).lagGrew()).isTrue();
    }

    private static BenchReport.Latency latency(long first, long last) {
        return new BenchReport.Latency(
                "exactly_once_v2",
                2000,
                60,
                120_000,
                new BenchReport.Percentiles(12_000, 150, 900, 1200),
                first,
                last,
                Math.max(first, last),
                1.0);
    }

    static BenchReport sample() {
        BenchReport.Throughput eos = new BenchReport.Throughput(
                "exactly_once_v2",
                11_000,
                List.of(
                        new BenchReport.Run(BenchReport.PIPELINE, true, 20.0, 5.0),
                        new BenchReport.Run(BenchReport.PASS_THROUGH, false, 2.0, 1.0),
                        new BenchReport.Run(BenchReport.PIPELINE, false, 10.0, 4.0),
                        new BenchReport.Run(BenchReport.PIPELINE, false, 12.0, 4.0),
                        new BenchReport.Run(BenchReport.PASS_THROUGH, false, 2.0, 1.0)));
        return new BenchReport(
                new BenchReport.Machine(2, "17", "Linux amd64", 1024, 1.5, 2.5),
                new BenchReport.Workload(2_200, 7, 3, 11_000, 20, 1.1, 1_100_000),
                List.of(eos),
                latency(100, 120),
                List.of(new BenchReport.Storage(
                        "exactly_once_v2",
                        11_000,
                        4_400_000,
                        550_000,
                        3_000_000,
                        2_000_000,
                        2_000,
                        2_200,
                        new java.util.LinkedHashMap<>(java.util.Map.of("order-cases", 3_300_000L)))),
                new BenchReport.Replay(11_000, List.of(9.0), List.of(5.0, 6.0), 44.0));
    }
}
