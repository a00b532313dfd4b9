package io.atozwatch.app.generate;

import io.atozwatch.events.MerchantPolicy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Synthetic input traffic for the pipeline: merchants with distinct {@link Behaviour}s and the lives of their
 * orders, in global event-time order, deterministic for a seed.
 *
 * <p>First come the merchants' published return policies (most merchants publish one; the others get the
 * pipeline's default), stamped before the first order. Then orders arrive as a Poisson process whose rate
 * follows the day/night rhythm of each marketplace's local time. When an order is placed its whole life is
 * planned (shipments, captures, deliveries, returns, refunds, buyer contacts, claims, chargebacks, hours to
 * weeks later) and put on a queue of scheduled events; events leave the queue in event-time order, so
 * consumers see the interleaving of many orders that a real day has. The queue holds only the future events
 * of orders in flight: its size depends on the rate of orders, not on how long the generator runs.
 *
 * <p>As real upstream systems do, a small share of events is emitted twice (same eventId) and a small share
 * late, after events that occurred up to {@link GeneratorOptions#maxLateness()} after them. Every event's
 * timestamp is at least the largest timestamp emitted before it minus that lateness.
 *
 * <p>A duplicate is the very same record instance as the original: do not mutate emitted values.
 *
 * <p>Not thread-safe; an instance is one pass over the traffic.
 */
public final class TrafficGenerator implements Iterator<GeneratedEvent> {

    /** Relative order rate by local hour of day (0-23); weekends are 15% busier. */
    private static final double[] RHYTHM = {
        0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.55, 0.80, 1.00, 1.10, 1.20, 1.30, 1.25, 1.20, 1.15, 1.15, 1.20,
        1.35, 1.55, 1.70, 1.60, 1.20, 0.60
    };

    private static final double WEEKEND = 1.15;
    private static final double MEAN_RHYTHM;
    private static final double MAX_RHYTHM;
    private static final int BUYERS = 200_000;

    static {
        double sum = 0;
        double max = 0;
        for (double v : RHYTHM) {
            sum += v;
            max = Math.max(max, v);
        }
        double weekMean = sum / RHYTHM.length * (5 + 2 * WEEKEND) / 7;
        MEAN_RHYTHM = weekMean;
        MAX_RHYTHM = max * WEEKEND;
    }

    private final GeneratorOptions options;
    private final List<MerchantProfile> merchants;
    private final double totalMarketplaceWeight;
    private final String seedTag;
    private final SplittableRandom arrivals;
    private final SplittableRandom delivery;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(Scheduled.ORDER);
    private final List<GeneratedEvent> policies;
    private int policiesEmitted;
    private long nextArrival;
    private long seq;
    private long ordersStarted;
    private long ordersInFlight;
    private long eventIds;
    private long emitted;
    private long duplicates;
    private long delayed;
    private int maxQueueSize;

    public TrafficGenerator(GeneratorOptions options) {
        this.options = options;
        this.seedTag = Long.toUnsignedString(options.seed(), 36);
        SplittableRandom root = new SplittableRandom(mix(options.seed()));
        this.merchants = assignMerchants(options, root.split());
        this.arrivals = root.split();
        this.delivery = root.split();
        this.totalMarketplaceWeight =
                Marketplace.ALL.stream().mapToDouble(Marketplace::weight).sum();
        this.policies = publishedPolicies();
        this.nextArrival = options.start().toEpochMilli();
    }

    /** The merchants, {@code m-001} first, with their behaviours and policies. */
    public List<MerchantProfile> merchants() {
        return merchants;
    }

    public Optional<MerchantProfile> merchant(String merchantId) {
        return merchants.stream().filter(m -> m.merchantId().equals(merchantId)).findFirst();
    }

    public GeneratorOptions options() {
        return options;
    }

    /** The rest of the traffic as a sequential stream (infinite when the options say unbounded). */
    public Stream<GeneratedEvent> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        return policiesEmitted < policies.size() || !queue.isEmpty() || ordersLeft();
    }

    @Override
    public GeneratedEvent next() {
        if (policiesEmitted < policies.size()) {
            emitted++;
            return policies.get(policiesEmitted++);
        }
        while (true) {
            startOrdersDueBy(queue.isEmpty() ? nextArrival : queue.peek().at);
            Scheduled s = queue.poll();
            if (s == null) {
                throw new NoSuchElementException("all " + ordersStarted + " orders have been generated");
            }
            if (s instanceof Scheduled.Ready ready) {
                emitted++;
                if (ready.duplicate) {
                    duplicates++;
                } else {
                    delayed++;
                }
                return ready.event;
            }
            OrderPlanner.Step step = (OrderPlanner.Step) s;
            if (--step.order.pending == 0) {
                ordersInFlight--;
            }
            GeneratedEvent event = new GeneratedEvent(
                    step.role(),
                    step.order.orderId,
                    step.toRecord("ev-" + seedTag + "-" + (++eventIds)),
                    Instant.ofEpochMilli(step.at));
            long lateness = options.maxLateness().toMillis();
            if (lateness >= 1000 && delivery.nextDouble() < options.outOfOrder()) {
                schedule(new Scheduled.Ready(step.at + delivery.nextLong(1000, lateness + 1), event, false));
                continue;
            }
            if (delivery.nextDouble() < options.duplicates()) {
                long after = lateness > 0 && delivery.nextBoolean() ? delivery.nextLong(0, lateness + 1) : 0;
                schedule(new Scheduled.Ready(step.at + after, event, true)); // the same record, sent again
            }
            emitted++;
            return event;
        }
    }

    // --- what the tests and the progress report look at ---

    /** Events emitted so far, duplicates and policies included. */
    public long eventsEmitted() {
        return emitted;
    }

    public long duplicatesEmitted() {
        return duplicates;
    }

    /** Events emitted out of order so far. */
    public long delayedEmitted() {
        return delayed;
    }

    public long ordersStarted() {
        return ordersStarted;
    }

    /** Orders with events still to come. */
    public long ordersInFlight() {
        return ordersInFlight;
    }

    /** Scheduled events waiting in the queue. */
    public int queueSize() {
        return queue.size();
    }

    public int maxQueueSize() {
        return maxQueueSize;
    }

    // --- orders ---

    private boolean ordersLeft() {
        return options.unbounded() || ordersStarted < options.orders();
    }

    /** Places every order that arrives at or before {@code until}, planning its life onto the queue. */
    private void startOrdersDueBy(long until) {
        while (ordersLeft() && nextArrival <= until) {
            startOrder(nextArrival);
            nextArrival = nextArrivalAfter(nextArrival);
        }
    }

    private void startOrder(long at) {
        long number = ++ordersStarted;
        Marketplace mp = marketplaceAt(at);
        MerchantProfile merchant = merchantFor(mp);
        // Repeat buyers: low numbers buy more often.
        long buyer = 1 + (long) (BUYERS * Math.pow(arrivals.nextDouble(), 1.6));
        SplittableRandom r = new SplittableRandom(mix(options.seed() * 0x9E3779B97F4A7C15L + number));
        OrderPlanner.Order order = OrderPlanner.newOrder(number, merchant, String.format("b-%06d", buyer), mp, at, r);
        List<OrderPlanner.Step> steps = OrderPlanner.plan(order, merchant, r);
        order.pending = steps.size();
        ordersInFlight++;
        for (OrderPlanner.Step s : steps) {
            schedule(s);
        }
    }

    private void schedule(Scheduled s) {
        s.seq = ++seq;
        queue.add(s);
        maxQueueSize = Math.max(maxQueueSize, queue.size());
    }

    /** The next arrival of a Poisson process whose rate follows the marketplaces' local hours (by thinning). */
    private long nextArrivalAfter(long t) {
        double peakPerMs = options.ordersPerHour() / OrderPlanner.HOUR * MAX_RHYTHM / MEAN_RHYTHM;
        long at = t;
        while (true) {
            at += Math.max(1, Math.round(-Math.log(1 - arrivals.nextDouble()) / peakPerMs));
            if (arrivals.nextDouble() * MAX_RHYTHM <= activity(at)) {
                return at;
            }
        }
    }

    /** How busy the marketplaces are at an instant, weighted by their share of orders. */
    private double activity(long at) {
        double a = 0;
        for (Marketplace mp : Marketplace.ALL) {
            a += mp.weight() * rhythm(mp, at);
        }
        return a / totalMarketplaceWeight;
    }

    private static double rhythm(Marketplace mp, long at) {
        ZonedDateTime local = Instant.ofEpochMilli(at).atZone(mp.zone());
        DayOfWeek d = local.getDayOfWeek();
        return RHYTHM[local.getHour()] * (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? WEEKEND : 1);
    }

    /** Where the order comes from: the marketplaces awake now are likelier. */
    private Marketplace marketplaceAt(long at) {
        double total = 0;
        double[] w = new double[Marketplace.ALL.size()];
        for (int i = 0; i < w.length; i++) {
            Marketplace mp = Marketplace.ALL.get(i);
            w[i] = mp.weight() * rhythm(mp, at);
            total += w[i];
        }
        double x = arrivals.nextDouble() * total;
        for (int i = 0; i < w.length; i++) {
            x -= w[i];
            if (x < 0) {
                return Marketplace.ALL.get(i);
            }
        }
        return Marketplace.ALL.get(w.length - 1);
    }

    /** A merchant selling on the marketplace (most orders), or any merchant selling abroad. */
    private MerchantProfile merchantFor(Marketplace mp) {
        List<MerchantProfile> home = merchants.stream()
                .filter(m -> m.marketplace().equals(mp.code()))
                .toList();
        List<MerchantProfile> from = home.isEmpty() || arrivals.nextDouble() < 0.15 ? merchants : home;
        double total = from.stream().mapToDouble(MerchantProfile::volumeWeight).sum();
        double x = arrivals.nextDouble() * total;
        for (MerchantProfile m : from) {
            x -= m.volumeWeight();
            if (x < 0) {
                return m;
            }
        }
        return from.get(from.size() - 1);
    }

    // --- merchants ---

    private static List<MerchantProfile> assignMerchants(GeneratorOptions options, SplittableRandom r) {
        List<Behaviour> kinds = new ArrayList<>(options.mix().keySet());
        int n = options.merchants();
        List<Behaviour> assigned = new ArrayList<>(n);
        if (n >= kinds.size()) {
            assigned.addAll(kinds); // every behaviour in the mix shows at least once
        }
        double total =
                options.mix().values().stream().mapToDouble(Double::doubleValue).sum();
        while (assigned.size() < n) {
            double x = r.nextDouble() * total;
            Behaviour pick = kinds.get(kinds.size() - 1);
            for (Map.Entry<Behaviour, Double> e : options.mix().entrySet()) {
                x -= e.getValue();
                if (x < 0) {
                    pick = e.getKey();
                    break;
                }
            }
            assigned.add(pick);
        }
        shuffle(assigned, r);
        int[] returnWindows = {14, 30, 30, 30, 45};
        int[] refundWindows = {7, 14, 14, 14, 30};
        long start = options.start().toEpochMilli();
        List<Boolean> unpublished = new ArrayList<>(n);
        long none = Math.round(n * options.unpublishedPolicies());
        for (int i = 0; i < n; i++) {
            unpublished.add(i < none);
        }
        shuffle(unpublished, r);
        List<MerchantProfile> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Behaviour b = assigned.get(i);
            String id = String.format("m-%03d", i + 1);
            String home = weightedMarketplace(r);
            double volume = Math.exp(0.6 * r.nextGaussian());
            MerchantPolicy policy = null;
            if (!unpublished.get(i)) {
                // A merchant that refuses or does not refund returns still says it accepts them.
                boolean mustAccept = b == Behaviour.REFUSES_RETURNS || b == Behaviour.NEVER_REFUNDS;
                boolean accepts = mustAccept || r.nextDouble() >= 0.10;
                policy = MerchantPolicy.newBuilder()
                        .setMerchantId(id)
                        .setAcceptsReturns(accepts)
                        .setReturnWindowDays(returnWindows[r.nextInt(returnWindows.length)])
                        .setRefundWithinDays(refundWindows[r.nextInt(refundWindows.length)])
                        .setUpdatedAt(
                                Instant.ofEpochMilli(start - r.nextLong(OrderPlanner.DAY, 365 * OrderPlanner.DAY)))
                        .build();
            }
            out.add(new MerchantProfile(id, b, home, policy, volume));
        }
        return Collections.unmodifiableList(out);
    }

    private static String weightedMarketplace(SplittableRandom r) {
        double total = Marketplace.ALL.stream().mapToDouble(Marketplace::weight).sum();
        double x = r.nextDouble() * total;
        for (Marketplace mp : Marketplace.ALL) {
            x -= mp.weight();
            if (x < 0) {
                return mp.code();
            }
        }
        return Marketplace.ALL.get(0).code();
    }

    /** The published policies, oldest first, each stamped with when it was published. */
    private List<GeneratedEvent> publishedPolicies() {
        return merchants.stream()
                .map(MerchantProfile::publishedPolicy)
                .filter(p -> p != null)
                .sorted(Comparator.comparing(MerchantPolicy::getUpdatedAt))
                .map(p -> new GeneratedEvent(GeneratedEvent.MERCHANT_POLICIES, p.getMerchantId(), p, p.getUpdatedAt()))
                .toList();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, r.nextInt(i + 1));
        }
    }

    /** SplitMix64's finaliser: spreads nearby seeds apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
