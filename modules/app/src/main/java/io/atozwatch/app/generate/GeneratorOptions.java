package io.atozwatch.app.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to generate. Start from {@link #defaults(long, Instant)} and change what you need with the
 * {@code with...} methods.
 *
 * @param seed                 the same seed gives the same events, in the same order
 * @param merchants            how many merchants (ids {@code m-001}, {@code m-002}, ...)
 * @param orders               how many orders to start; their whole lives are then generated and the
 *                             stream ends. {@link #UNBOUNDED} (0): orders keep arriving for ever
 * @param start                event time of the first order; merchant policies are published before it
 * @param ordersPerHour        average arrival rate of orders per hour of event time, over a whole day (orders
 *                             follow the day/night rhythm of each marketplace's local time)
 * @param mix                  relative weights of the behaviours; when there are at least as many merchants as
 *                             behaviours of positive weight, each of these gets at least one merchant
 * @param unpublishedPolicies  the share of merchants who publish no return policy (they get the pipeline's default);
 *                             rounded to a whole number of merchants
 * @param duplicates           the share of order events emitted a second time (same eventId), as upstream retries do
 * @param outOfOrder           the share of order events emitted late, after events that occurred up to
 *                             {@code maxLateness} after them
 * @param maxLateness          how late (in event time) a duplicate or out-of-order event can come
 */
public record GeneratorOptions(
        long seed,
        int merchants,
        long orders,
        Instant start,
        double ordersPerHour,
        Map<Behaviour, Double> mix,
        double unpublishedPolicies,
        double duplicates,
        double outOfOrder,
        Duration maxLateness) {

    public static final long UNBOUNDED = 0;
    public static final int DEFAULT_MERCHANTS = 20;
    public static final double DEFAULT_ORDERS_PER_HOUR = 120;

    public GeneratorOptions {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(maxLateness, "maxLateness");
        if (merchants < 1) {
            throw new IllegalArgumentException("merchants must be at least 1, got " + merchants);
        }
        if (orders < 0) {
            throw new IllegalArgumentException("orders must not be negative (0 = unbounded), got " + orders);
        }
        if (!(ordersPerHour > 0) || Double.isInfinite(ordersPerHour)) {
            throw new IllegalArgumentException("ordersPerHour must be positive, got " + ordersPerHour);
        }
        EnumMap<Behaviour, Double> m = new EnumMap<>(Behaviour.class);
        mix.forEach((b, w) -> {
            if (w == null || w < 0 || w.isNaN() || w.isInfinite()) {
                throw new IllegalArgumentException("weight of " + b + " must be a non-negative number, got " + w);
            }
            if (w > 0) {
                m.put(b, w);
            }
        });
        if (m.isEmpty()) {
            throw new IllegalArgumentException("the behaviour mix needs at least one positive weight");
        }
        mix = Collections.unmodifiableMap(m);
        fraction("unpublishedPolicies", unpublishedPolicies);
        fraction("duplicates", duplicates);
        fraction("outOfOrder", outOfOrder);
        if (maxLateness.isNegative() || maxLateness.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxLateness must be between 0 and 1 hour, got " + maxLateness);
        }
        if (start.getNano() % 1_000_000 != 0) {
            start = Instant.ofEpochMilli(start.toEpochMilli()); // event times are milliseconds
        }
    }

    /** 20 merchants, unbounded, 120 orders an hour, the default mix, 1% duplicates, 1% out of order by up to 5 minutes. */
    public static GeneratorOptions defaults(long seed, Instant start) {
        return new GeneratorOptions(
                seed,
                DEFAULT_MERCHANTS,
                UNBOUNDED,
                start,
                DEFAULT_ORDERS_PER_HOUR,
                defaultMix(),
                0.15,
                0.01,
                0.01,
                Duration.ofMinutes(5));
    }

    /** 40% reliable merchants, 10% of each other behaviour. */
    public static Map<Behaviour, Double> defaultMix() {
        EnumMap<Behaviour, Double> m = new EnumMap<>(Behaviour.class);
        for (Behaviour b : Behaviour.values()) {
            m.put(b, b == Behaviour.RELIABLE ? 0.4 : 0.1);
        }
        return m;
    }

    public boolean unbounded() {
        return orders == UNBOUNDED;
    }

    public GeneratorOptions withSeed(long seed) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withMerchants(int merchants) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withOrders(long orders) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withStart(Instant start) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withOrdersPerHour(double ordersPerHour) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withMix(Map<Behaviour, Double> mix) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withUnpublishedPolicies(double unpublishedPolicies) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withDuplicates(double duplicates) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withOutOfOrder(double outOfOrder) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    public GeneratorOptions withMaxLateness(Duration maxLateness) {
        return new GeneratorOptions(
                seed,
                merchants,
                orders,
                start,
                ordersPerHour,
                mix,
                unpublishedPolicies,
                duplicates,
                outOfOrder,
                maxLateness);
    }

    private static void fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction between 0 and 1, got " + value);
        }
    }
}
