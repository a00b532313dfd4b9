package io.atozwatch.app.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.input.EventValidator;
import io.atozwatch.topology.rules.OrderView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final Map<String, String> CURRENCY = Map.of(
            "US", "USD", "GB", "GBP", "DE", "EUR", "FR", "EUR", "IT", "EUR", "ES", "EUR", "IN", "INR", "JP", "JPY");

    private static List<GeneratedEvent> all(GeneratorOptions options) {
        List<GeneratedEvent> events = new ArrayList<>();
        new TrafficGenerator(options).forEachRemaining(events::add);
        return events;
    }

    private static List<String> describe(List<GeneratedEvent> events) {
        return events.stream().map(GeneratedEvent::toString).toList();
    }

    @Test
    void theSameSeedGivesTheSameEventsInTheSameOrder() {
        GeneratorOptions options = GeneratorOptions.defaults(42, START).withOrders(500);

        List<String> first = describe(all(options));
        List<String> second = describe(all(options));

        assertThat(first).hasSizeGreaterThan(2000);
        assertThat(second).isEqualTo(first);
        assertThat(new TrafficGenerator(options).merchants()).isEqualTo(new TrafficGenerator(options).merchants());
    }

    @Test
    void differentSeedsGiveDifferentEvents() {
        List<String> a = describe(new TrafficGenerator(GeneratorOptions.defaults(42, START))
                .stream().limit(2000).toList());
        List<String> b = describe(new TrafficGenerator(GeneratorOptions.defaults(43, START))
                .stream().limit(2000).toList());

        assertThat(a).hasSize(2000);
        assertThat(b).hasSize(2000);
        assertThat(a).doesNotContainAnyElementsOf(b); // if only by the event ids
        // Beyond the ids: the same order numbers get other events at other times (only the first order's
        // PLACED, at the start, is shared).
        Set<String> whenWhat = new HashSet<>(a.size());
        new TrafficGenerator(GeneratorOptions.defaults(42, START))
                .stream().limit(2000).forEach(e -> whenWhat.add(e.topicRole() + " " + e.key() + " " + e.timestamp()));
        long shared = new TrafficGenerator(GeneratorOptions.defaults(43, START))
                .stream()
                        .limit(2000)
                        .filter(e -> whenWhat.contains(e.topicRole() + " " + e.key() + " " + e.timestamp()))
                        .count();
        assertThat(shared).isLessThan(20);
    }

    @Test
    void everyEventIsValidForThePipelineKeyedByItsOrderAndStampedWithItsEventTime() {
        GeneratorOptions options = GeneratorOptions.defaults(7, START).withOrders(2000);
        TrafficGenerator generator = new TrafficGenerator(options);
        List<GeneratedEvent> events = new ArrayList<>();
        generator.forEachRemaining(events::add);

        int policies = (int) generator.merchants().stream()
                .filter(m -> m.publishedPolicy() != null)
                .count();
        assertThat(policies).isEqualTo(17); // 15% of 20 merchants publish none
        for (int i = 0; i < events.size(); i++) {
            GeneratedEvent e = events.get(i);
            if (i < policies) {
                assertThat(e.topicRole()).isEqualTo(GeneratedEvent.MERCHANT_POLICIES);
                MerchantPolicy p = (MerchantPolicy) e.value();
                assertThat(e.key()).isEqualTo(p.getMerchantId()).matches("m-\\d{3}");
                assertThat(e.timestamp()).isEqualTo(p.getUpdatedAt()).isBefore(START);
                assertThat(e.eventId()).isNull();
                continue;
            }
            assertThat(e.topicRole()).isNotEqualTo(GeneratedEvent.MERCHANT_POLICIES);
            assertThat(EventValidator.defaults().problem(e.key(), e.value()))
                    .as("%s", e)
                    .isEmpty();
            assertThat(e.key()).matches("o-\\d{6}");
            assertThat(e.timestamp()).isEqualTo(OrderView.occurredAt(e.value()));
            assertThat(e.eventId()).startsWith("ev-");
        }
        assertThat(events.get(policies).value()).isInstanceOfSatisfying(OrderEvent.class, o -> {
            assertThat(o.getType()).isEqualTo(OrderEventType.PLACED);
            assertThat(o.getOccurredAt()).isEqualTo(START);
        });
        assertThat(generator.ordersStarted()).isEqualTo(2000);
        assertThat(generator.queueSize()).isZero();
        assertThat(generator.ordersInFlight()).isZero();
        assertThat(generator.hasNext()).isFalse();
        assertThatThrownBy(generator::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void timestampsOnlyGoBackByTheConfiguredLatenessAndDuplicatesRepeatAWholeEvent() {
        Duration lateness = Duration.ofMinutes(5);
        TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(11, START)
                .withOrders(4000)
                .withDuplicates(0.01)
                .withOutOfOrder(0.01)
                .withMaxLateness(lateness));
        Instant latest = START.minus(Duration.ofDays(400));
        int late = 0;
        int orderEvents = 0;
        int repeated = 0;
        Map<String, GeneratedEvent> byId = new HashMap<>();
        while (generator.hasNext()) {
            GeneratedEvent e = generator.next();
            assertThat(e.timestamp()).as("%s after %s", e, latest).isAfterOrEqualTo(latest.minus(lateness));
            if (e.timestamp().isBefore(latest)) {
                late++;
            } else {
                latest = e.timestamp();
            }
            if (e.eventId() == null) {
                continue;
            }
            orderEvents++;
            GeneratedEvent first = byId.putIfAbsent(e.eventId(), e);
            if (first != null) {
                repeated++;
                assertThat(e.value()).isEqualTo(first.value());
                assertThat(e.key()).isEqualTo(first.key());
            }
        }
        assertThat(repeated).isEqualTo(generator.duplicatesEmitted());
        assertThat((double) repeated / orderEvents).isBetween(0.006, 0.014);
        assertThat((double) generator.delayedEmitted() / orderEvents).isBetween(0.006, 0.014);
        assertThat(late).isGreaterThan(0).isLessThanOrEqualTo((int)
                (generator.duplicatesEmitted() + generator.delayedEmitted()));
    }

    @Test
    void noDuplicatesAndNoLatenessWhenSwitchedOff() {
        TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(5, START)
                .withOrders(1000)
                .withDuplicates(0)
                .withOutOfOrder(0));
        Instant latest = START.minus(Duration.ofDays(400));
        Set<String> ids = new HashSet<>();
        while (generator.hasNext()) {
            GeneratedEvent e = generator.next();
            assertThat(e.timestamp()).isAfterOrEqualTo(latest);
            latest = e.timestamp();
            if (e.eventId() != null) {
                assertThat(ids.add(e.eventId())).as("unique %s", e.eventId()).isTrue();
            }
        }
        assertThat(generator.duplicatesEmitted()).isZero();
        assertThat(generator.delayedEmitted()).isZero();
    }

    @Test
    void ordersLookLikeRealOrders() {
        List<GeneratedEvent> events = all(GeneratorOptions.defaults(3, START).withOrders(3000));
        Map<String, OrderEvent> placed = new HashMap<>();
        Set<String> cancelled = new HashSet<>();
        Map<String, Instant> lastEvent = new HashMap<>();
        for (GeneratedEvent e : events) {
            if (e.value() instanceof OrderEvent o) {
                switch (o.getType()) {
                    case PLACED -> placed.putIfAbsent(o.getOrderId(), o);
                    case CANCELLED -> cancelled.add(o.getOrderId());
                    default -> {}
                }
                assertThat(o.getCurrency()).isEqualTo(CURRENCY.get(o.getMarketplace()));
                assertThat(o.getMerchantId()).matches("m-0(0[1-9]|1\\d|20)");
                assertThat(o.getBuyerId()).matches("b-\\d{6}");
            }
            if (e.eventId() != null) {
                lastEvent.merge(e.key(), e.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        assertThat(placed).hasSize(3000);
        List<OrderEvent> physical =
                placed.values().stream().filter(o -> !o.getDigital()).toList();
        assertThat((double) (placed.size() - physical.size()) / placed.size())
                .as("digital share")
                .isBetween(0.03, 0.07);
        assertThat((double) cancelled.size() / placed.size())
                .as("cancelled share")
                .isBetween(0.01, 0.04);
        for (OrderEvent o : physical) {
            Duration promise = Duration.between(o.getOccurredAt(), o.getMaxDeliveryAt());
            assertThat(promise).isBetween(Duration.ofDays(2), Duration.ofDays(11));
            // Nothing happens after the filing window: the pipeline still has the case.
            assertThat(lastEvent.get(o.getOrderId()))
                    .isBefore(o.getMaxDeliveryAt().plus(Duration.ofDays(86)));
        }
        placed.values().stream()
                .filter(OrderEvent::getDigital)
                .forEach(o -> assertThat(o.getMaxDeliveryAt()).isNull());
        // Amounts have a long tail: most are tens of dollars, a few are in the thousands.
        List<Long> usd = placed.values().stream()
                .filter(o -> o.getCurrency().equals("USD"))
                .map(OrderEvent::getAmountMinor)
                .sorted()
                .toList();
        assertThat(usd.get(usd.size() / 2)).isBetween(1500L, 6000L);
        assertThat(usd.get(usd.size() - 1)).isGreaterThan(100_000L);
        assertThat(placed.values().stream().map(OrderEvent::getMarketplace).collect(Collectors.toSet()))
                .containsAll(List.of("US", "GB", "FR", "DE", "IN"));
    }

    @Test
    void everyBehaviourHasAMerchantAndTheMerchantsThatMistreatReturnsStillPublishThatTheyAcceptThem() {
        for (long seed = 1; seed <= 20; seed++) {
            TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(seed, START));
            List<MerchantProfile> merchants = generator.merchants();

            assertThat(merchants)
                    .extracting(MerchantProfile::merchantId)
                    .first()
                    .isEqualTo("m-001");
            assertThat(merchants).hasSize(20);
            assertThat(merchants.stream().map(MerchantProfile::behaviour).collect(Collectors.toSet()))
                    .isEqualTo(EnumSet.allOf(Behaviour.class));
            assertThat(merchants)
                    .filteredOn(
                            m -> m.behaviour() == Behaviour.REFUSES_RETURNS || m.behaviour() == Behaviour.NEVER_REFUNDS)
                    .allMatch(MerchantProfile::acceptsReturns);
            assertThat(merchants)
                    .filteredOn(m -> m.publishedPolicy() == null)
                    .hasSize(3)
                    .allSatisfy(m -> {
                        assertThat(m.returnWindowDays()).isEqualTo(30);
                        assertThat(m.refundWithinDays()).isEqualTo(14);
                    });
        }
        GeneratorOptions onlyTwo = GeneratorOptions.defaults(1, START)
                .withMerchants(40)
                .withMix(Map.of(Behaviour.RELIABLE, 1.0, Behaviour.OVERCHARGES, 3.0));
        List<MerchantProfile> merchants = new TrafficGenerator(onlyTwo).merchants();
        assertThat(merchants.stream().map(MerchantProfile::behaviour).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Behaviour.RELIABLE, Behaviour.OVERCHARGES);
        assertThat(merchants.stream()
                        .filter(m -> m.behaviour() == Behaviour.OVERCHARGES)
                        .count())
                .isBetween(22L, 38L);
    }

    @Test
    void ordersArriveAtTheConfiguredRateWithADayNightRhythm() {
        double perHour = 200;
        TrafficGenerator generator =
                new TrafficGenerator(GeneratorOptions.defaults(9, START).withOrdersPerHour(perHour));
        Instant end = START.plus(Duration.ofDays(14));
        int[] byHour = new int[24];
        long orders = 0;
        while (true) {
            GeneratedEvent e = generator.next();
            if (e.timestamp().isAfter(end)) {
                break;
            }
            if (e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED) {
                orders++;
                byHour[o.getOccurredAt().atZone(ZoneOffset.UTC).getHour()]++;
            }
        }
        double expected = perHour * 24 * 14;
        assertThat((double) orders).isBetween(expected * 0.93, expected * 1.07);
        int busiest = 0;
        int quietest = Integer.MAX_VALUE;
        for (int n : byHour) {
            busiest = Math.max(busiest, n);
            quietest = Math.min(quietest, n);
        }
        assertThat(busiest).isGreaterThan(2 * quietest);
    }

    @Test
    void theQueueStaysBoundedInALongUnboundedRun() {
        // 5 orders an hour: 200,000 events are about a year of event time, far beyond the longest order life
        // (the 85-day filing window), so the queue must have stopped growing long before the end.
        GeneratorOptions options = GeneratorOptions.defaults(13, START).withOrdersPerHour(5);
        TrafficGenerator generator = new TrafficGenerator(options);
        int total = 200_000;
        int maxSecondQuarter = 0;
        int maxSecondHalf = 0;
        long maxInFlight = 0;
        Instant last = START;
        for (int i = 1; i <= total; i++) {
            last = generator.next().timestamp();
            if (i > total / 4 && i <= total / 2) {
                maxSecondQuarter = Math.max(maxSecondQuarter, generator.queueSize());
            } else if (i > total / 2) {
                maxSecondHalf = Math.max(maxSecondHalf, generator.queueSize());
                maxInFlight = Math.max(maxInFlight, generator.ordersInFlight());
            }
        }
        assertThat(Duration.between(START, last)).isGreaterThan(Duration.ofDays(300));
        assertThat(generator.ordersStarted()).isGreaterThan(40_000);
        // A plateau, not a slope: the last half never needed much more room than the second quarter.
        assertThat(maxSecondHalf).isLessThan((int) (maxSecondQuarter * 1.15));
        // Only orders in flight are held: at most the orders of the last ~90 days, at a few events each.
        double ordersIn90Days = options.ordersPerHour() * 24 * 90;
        assertThat(maxInFlight).isLessThan((long) ordersIn90Days);
        assertThat(maxSecondHalf).isLessThan((int) (ordersIn90Days * 4));
        assertThat(generator.maxQueueSize()).isLessThan((int) (ordersIn90Days * 4));
    }

    @Test
    void optionsAreChecked() {
        GeneratorOptions ok = GeneratorOptions.defaults(1, START);
        assertThatThrownBy(() -> ok.withMerchants(0)).hasMessageContaining("merchants");
        assertThatThrownBy(() -> ok.withDuplicates(1.5)).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> ok.withOrdersPerHour(0)).hasMessageContaining("ordersPerHour");
        assertThatThrownBy(() -> ok.withMix(Map.of(Behaviour.RELIABLE, 0.0))).hasMessageContaining("positive weight");
        assertThatThrownBy(() -> ok.withOrders(-1)).hasMessageContaining("orders");
        assertThat(ok.unbounded()).isTrue();
        assertThat(ok.withOrders(5).unbounded()).isFalse();
    }
}
