package io.atozwatch.app.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.RefundEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SECOND = 1_000_000_000L;

    private static GeneratedEvent at(String instant) {
        Instant t = Instant.parse(instant);
        return new GeneratedEvent(
                GeneratedEvent.REFUNDS,
                "o-000001",
                RefundEvent.newBuilder()
                        .setEventId("e-1")
                        .setOrderId("o-000001")
                        .setRefundId("rf-1")
                        .setOccurredAt(t)
                        .setAmountMinor(100)
                        .setCurrency("USD")
                        .build(),
                t);
    }

    @Test
    void aFixedRateSpacesEventsEvenly() {
        Pacer pacer = Pacer.fixedRate(4); // one every 250 ms
        GeneratedEvent e = at("2026-03-01T00:00:00Z");
        long now = 10 * SECOND;

        assertThat(pacer.waitNanos(e, now)).isLessThanOrEqualTo(0); // the first goes at once
        pacer.sent(e, now);
        assertThat(pacer.waitNanos(e, now)).isEqualTo(SECOND / 4);
        assertThat(pacer.waitNanos(e, now + SECOND / 10)).isEqualTo(SECOND / 4 - SECOND / 10);
        now += SECOND / 4;
        assertThat(pacer.waitNanos(e, now)).isLessThanOrEqualTo(0);
        pacer.sent(e, now);
        pacer.sent(e, now); // sent early: the next slot moves on regardless
        assertThat(pacer.waitNanos(e, now)).isEqualTo(SECOND / 2);
    }

    @Test
    void aFixedRateCatchesUpAtMostOneSecondAfterAStall() {
        Pacer pacer = Pacer.fixedRate(10);
        GeneratedEvent e = at("2026-03-01T00:00:00Z");
        pacer.sent(e, 0);
        long now = 60 * SECOND; // a minute-long stall
        int burst = 0;
        while (pacer.waitNanos(e, now) <= 0) {
            pacer.sent(e, now);
            burst++;
        }
        assertThat(burst).isBetween(10, 11); // one second's worth, not 600 events
    }

    @Test
    void zeroRateMeansAsFastAsPossible() {
        Pacer pacer = Pacer.fixedRate(0);
        assertThat(pacer.waitNanos(at("2026-03-01T00:00:00Z"), 0)).isLessThanOrEqualTo(0);
        assertThatThrownBy(() -> new FixedRatePacer(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSimulatedClockCompressesTime() {
        Instant wallStart = Instant.parse("2030-01-01T12:00:00Z");
        Instant simStart = Instant.parse("2026-03-01T00:00:00Z");
        Clock wall = Clock.fixed(wallStart.plusSeconds(10), ZoneOffset.UTC);
        SimulatedClock clock = new SimulatedClock(simStart, wallStart, 3600, wall); // an hour a second

        assertThat(clock.now()).isEqualTo(simStart.plus(Duration.ofHours(10)));
        assertThat(clock.wallTimeOf(simStart.plus(Duration.ofHours(2)))).isEqualTo(wallStart.plusSeconds(2));
        assertThat(clock.eventTimeAtWallClock()
                        .applyAsLong(wallStart.plusMillis(1500).toEpochMilli()))
                .isEqualTo(simStart.plus(Duration.ofMinutes(90)).toEpochMilli());
        assertThatThrownBy(() -> new SimulatedClock(simStart, wallStart, 0, wall))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void followingTheSimulatedClockSendsEachEventWhenTheClockReachesIt() {
        Instant wallStart = Instant.parse("2030-01-01T12:00:00Z");
        Instant simStart = Instant.parse("2026-03-01T00:00:00Z");
        SimulatedClock clock =
                new SimulatedClock(simStart, wallStart, 60, Clock.fixed(wallStart.plusSeconds(60), ZoneOffset.UTC));
        Pacer pacer = Pacer.followClock(clock); // the simulated clock stands at 01:00

        assertThat(pacer.waitNanos(at("2026-03-01T00:30:00Z"), 0)).isNegative(); // already passed: at once
        assertThat(pacer.waitNanos(at("2026-03-01T01:00:00Z"), 0)).isZero();
        assertThat(pacer.waitNanos(at("2026-03-01T02:00:00Z"), 0)).isEqualTo(60 * SECOND); // an hour is a wall minute
    }
}
