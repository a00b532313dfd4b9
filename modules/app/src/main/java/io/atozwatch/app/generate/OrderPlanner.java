package io.atozwatch.app.generate;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.topology.rules.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plans the whole life of one order when it is placed: every later event with the instant it will
 * occur, drawn from the merchant's {@link Behaviour}. A plan is a function of the order's own random
 * stream only, so an order's life does not depend on what else is in flight.
 *
 * <p>Nothing is planned after the filing window (85 days after the maximum delivery date), so that every
 * event reaches the pipeline while the order's case is still kept.
 */
final class OrderPlanner {
    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** Nothing is planned later than this after the maximum delivery date (order date for digital goods). */
    static final long HORIZON = 85 * DAY;
    /** Calendar days the marketplace gives the merchant to answer a claim (default P7D). */
    static final long CLAIM_RESPONSE = 7 * DAY;
    /** Days the merchant has to answer a chargeback (default P11D). */
    static final long CHARGEBACK_RESPONSE = 11 * DAY;
    /** Item not received: not delivered by the earlier of max delivery + 3 days and order date + 30 days. */
    static final long NOT_RECEIVED_AFTER_MAX = 3 * DAY;

    static final long NOT_RECEIVED_AFTER_ORDER = 30 * DAY;

    private static final String[] NAD_CLAIMS = {
        "Item arrived damaged", "Item is defective", "Item not as described", "Package was incomplete: parts missing"
    };
    private static final String[] OTHER_CLAIMS = {
        "Item not received", "Wrong size sent", "Seller does not answer my messages", "Item does not work as advertised"
    };
    private static final String[] FRAUD_CODES = {
        "10.4 Other Fraud - Card-Absent Environment",
        "4837 No Cardholder Authorization",
        "F29 Card Not Present",
        "13.3 Not as Described or Defective Merchandise",
        "13.6 Credit Not Processed"
    };
    private static final String NOT_RECEIVED_CODE = "13.1 Merchandise/Services Not Received";
    /** The ship-by instant a physical order promises: two days after it was placed. */
    private static final java.time.Duration SHIP_WITHIN = java.time.Duration.ofDays(2);

    private static final String[] QUESTIONS = {
        "Where is my order?",
        "Can I change the delivery address?",
        "Question about the invoice",
        "Is the item in stock?"
    };

    /** The kinds of event a plan is made of. */
    enum Kind {
        PLACED,
        CHARGED,
        CANCELLED,
        SHIPPED,
        DELIVERED,
        RETURN_REQUESTED,
        RETURN_AUTHORIZED,
        RETURN_REJECTED,
        RETURN_RECEIVED,
        REFUND,
        CONTACT,
        CLAIM_FILED,
        CLAIM_RESPONDED,
        CLAIM_GRANTED,
        CLAIM_DENIED,
        CLAIM_WITHDRAWN,
        CHARGEBACK_FILED,
        CHARGEBACK_RESPONDED,
        CHARGEBACK_WON,
        CHARGEBACK_LOST
    }

    /** What every event of an order shares. */
    static final class Order {
        final long number;
        final String orderId;
        final String merchantId;
        final String buyerId;
        final Marketplace marketplace;
        final long placedAt;
        /** Epoch millis, or null for digital goods. */
        final Long maxDeliveryAt;

        final boolean digital;
        final long amount;
        /** Planned events not yet emitted. */
        int pending;

        Order(
                long number,
                String merchantId,
                String buyerId,
                Marketplace marketplace,
                long placedAt,
                Long maxDeliveryAt,
                boolean digital,
                long amount) {
            this.number = number;
            this.orderId = String.format("o-%06d", number);
            this.merchantId = merchantId;
            this.buyerId = buyerId;
            this.marketplace = marketplace;
            this.placedAt = placedAt;
            this.maxDeliveryAt = maxDeliveryAt;
            this.digital = digital;
            this.amount = amount;
        }

        String ref(String prefix, int n) {
            return prefix + "-" + orderId.substring(2) + "-" + n;
        }
    }

    /** One planned event; becomes a record when it is emitted. */
    static final class Step extends Scheduled {
        final Order order;
        final Kind kind;
        String ref;
        Long amount;
        String text;
        ReturnReason reason;
        String carrier;
        String tracking;

        Step(Order order, Kind kind, long at) {
            super(at);
            this.order = order;
            this.kind = kind;
        }

        /** The event, with the given eventId. */
        SpecificRecord toRecord(String eventId) {
            Order o = order;
            Instant when = Instant.ofEpochMilli(at);
            return switch (kind) {
                case PLACED, CHARGED, CANCELLED ->
                    OrderEvent.newBuilder()
                            .setEventId(eventId)
                            .setOrderId(o.orderId)
                            .setMerchantId(o.merchantId)
                            .setBuyerId(o.buyerId)
                            .setMarketplace(o.marketplace.code())
                            .setType(
                                    kind == Kind.PLACED
                                            ? OrderEventType.PLACED
                                            : kind == Kind.CHARGED ? OrderEventType.CHARGED : OrderEventType.CANCELLED)
                            .setOccurredAt(when)
                            .setCurrency(o.marketplace.currency())
                            .setAmountMinor(amount != null ? amount : o.amount)
                            .setMaxDeliveryAt(
                                    kind == Kind.PLACED && o.maxDeliveryAt != null
                                            ? Instant.ofEpochMilli(o.maxDeliveryAt)
                                            : null)
                            // Physical goods promise shipping within two days of the order.
                            .setShipBy(kind == Kind.PLACED && o.maxDeliveryAt != null ? when.plus(SHIP_WITHIN) : null)
                            .setDigital(o.digital)
                            .build();
                case SHIPPED, DELIVERED ->
                    ShipmentEvent.newBuilder()
                            .setEventId(eventId)
                            .setOrderId(o.orderId)
                            .setShipmentId(ref)
                            .setType(kind == Kind.SHIPPED ? ShipmentEventType.SHIPPED : ShipmentEventType.DELIVERED)
                            .setOccurredAt(when)
                            .setCarrier(carrier)
                            .setTrackingId(tracking)
                            .build();
                case RETURN_REQUESTED, RETURN_AUTHORIZED, RETURN_REJECTED, RETURN_RECEIVED ->
                    ReturnEvent.newBuilder()
                            .setEventId(eventId)
                            .setOrderId(o.orderId)
                            .setReturnId(ref)
                            .setType(
                                    switch (kind) {
                                        case RETURN_REQUESTED -> ReturnEventType.REQUESTED;
                                        case RETURN_AUTHORIZED -> ReturnEventType.AUTHORIZED;
                                        case RETURN_REJECTED -> ReturnEventType.REJECTED;
                                        default -> ReturnEventType.RECEIVED;
                                    })
                            .setOccurredAt(when)
                            .setReason(reason)
                            .setAmountMinor(amount)
                            .build();
                case REFUND ->
                    RefundEvent.newBuilder()
                            .setEventId(eventId)
                            .setOrderId(o.orderId)
                            .setRefundId(ref)
                            .setOccurredAt(when)
                            .setAmountMinor(amount)
                            .setCurrency(o.marketplace.currency())
                            .build();
                default ->
                    DisputeEvent.newBuilder()
                            .setEventId(eventId)
                            .setOrderId(o.orderId)
                            .setDisputeId(ref)
                            .setType(DisputeEventType.valueOf(
                                    kind == Kind.CONTACT ? "BUYER_CONTACTED_MERCHANT" : kind.name()))
                            .setOccurredAt(when)
                            .setReason(text)
                            .setAmountMinor(amount)
                            .build();
            };
        }

        String role() {
            return switch (kind) {
                case PLACED, CHARGED, CANCELLED -> GeneratedEvent.ORDERS;
                case SHIPPED, DELIVERED -> GeneratedEvent.SHIPMENTS;
                case RETURN_REQUESTED, RETURN_AUTHORIZED, RETURN_REJECTED, RETURN_RECEIVED -> GeneratedEvent.RETURNS;
                case REFUND -> GeneratedEvent.REFUNDS;
                default -> GeneratedEvent.DISPUTES;
            };
        }
    }

    /**
     * The probabilities and delays that make a behaviour.
     *
     * @param handlingHours   hours from order to first shipment, for orders delivered on time (min, max)
     * @param late            share of physical orders delivered after the maximum delivery date
     * @param never           share of physical orders never delivered (lost, or never shipped)
     * @param cancel          share of orders cancelled right after being placed
     * @param returns         share of delivered orders the buyer asks to return
     * @param defects         share of returns (and direct claims) for a defect: defective, damaged, incomplete, not as described
     * @param rejectInWindow  share of return requests made inside the window that the merchant rejects
     * @param refundLate      share of received returns refunded in full, but after the refund window
     * @param refundPartial   share of received returns refunded only in part
     * @param refundNone      share of received returns never refunded (the rest: refunded in full, in time)
     * @param overcharge      share of charged physical orders captured for more than authorised
     * @param claimOnTime     share of claims the merchant answers within the response time
     * @param claimLate       share of claims answered after it (the rest: never answered)
     * @param chargebacks     share of charged orders whose buyer files a chargeback
     * @param chargebackOnTime share of chargebacks the merchant answers within the dispute window
     * @param extraClaims     share of delivered orders on which buyers file a claim anyway
     * @param questions       share of orders on which the buyer contacts the merchant with a question
     */
    record Traits(
            double[] handlingHours,
            double late,
            double never,
            double cancel,
            double returns,
            double defects,
            double rejectInWindow,
            double refundLate,
            double refundPartial,
            double refundNone,
            double overcharge,
            double claimOnTime,
            double claimLate,
            double chargebacks,
            double chargebackOnTime,
            double extraClaims,
            double questions) {

        static Traits of(Behaviour b) {
            return switch (b) {
                case RELIABLE ->
                    new Traits(
                            new double[] {2, 20},
                            0.003,
                            0,
                            0.015,
                            0.10,
                            0.25,
                            0,
                            0,
                            0,
                            0,
                            0,
                            1.0,
                            0,
                            0.002,
                            1.0,
                            0,
                            0.02);
                case LATE_SHIPPER ->
                    new Traits(
                            new double[] {20, 60},
                            0.40,
                            0.15,
                            0.04,
                            0.10,
                            0.30,
                            0,
                            0.02,
                            0,
                            0,
                            0,
                            0.97,
                            0.03,
                            0.004,
                            0.85,
                            0,
                            0.06);
                case NEVER_REFUNDS ->
                    new Traits(
                            new double[] {4, 36},
                            0.02,
                            0.003,
                            0.02,
                            0.20,
                            0.35,
                            0,
                            0.10,
                            0.35,
                            0.50,
                            0,
                            0.97,
                            0.03,
                            0.004,
                            0.85,
                            0,
                            0.04);
                case REFUSES_RETURNS ->
                    new Traits(
                            new double[] {4, 36},
                            0.02,
                            0.003,
                            0.02,
                            0.20,
                            0.35,
                            0.85,
                            0.02,
                            0,
                            0,
                            0,
                            0.97,
                            0.03,
                            0.004,
                            0.85,
                            0,
                            0.04);
                case OVERCHARGES ->
                    new Traits(
                            new double[] {4, 36},
                            0.02,
                            0.003,
                            0.02,
                            0.10,
                            0.30,
                            0,
                            0.02,
                            0,
                            0,
                            0.35,
                            0.97,
                            0.03,
                            0.004,
                            0.85,
                            0,
                            0.04);
                case IGNORES_CLAIMS ->
                    new Traits(
                            new double[] {4, 36},
                            0.03,
                            0.005,
                            0.02,
                            0.10,
                            0.30,
                            0,
                            0.02,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0.004,
                            0.85,
                            0.15,
                            0.04);
                case CHARGEBACK_PRONE ->
                    new Traits(
                            new double[] {4, 36},
                            0.02,
                            0.003,
                            0.02,
                            0.10,
                            0.30,
                            0,
                            0.02,
                            0,
                            0,
                            0,
                            0.97,
                            0.03,
                            0.12,
                            0.45,
                            0,
                            0.04);
            };
        }
    }

    private final Order o;
    private final MerchantProfile merchant;
    private final Traits t;
    private final SplittableRandom r;
    private final List<Step> steps = new ArrayList<>();
    private boolean chargeback;
    private boolean claimed;
    private int contacts;
    private int refunds;

    private OrderPlanner(Order o, MerchantProfile merchant, SplittableRandom r) {
        this.o = o;
        this.merchant = merchant;
        this.t = Traits.of(merchant.behaviour());
        this.r = r;
    }

    /** A new order: amount, promise, digital or not; drawn from the order's random stream. */
    static Order newOrder(
            long number, MerchantProfile merchant, String buyerId, Marketplace mp, long placedAt, SplittableRandom r) {
        boolean digital = r.nextDouble() < 0.05;
        Long maxDelivery = null;
        if (!digital) {
            // The promised date: 3 to 10 days later, at the end of that day (UTC).
            long day = Math.floorDiv(placedAt, DAY) + 3 + r.nextInt(8);
            maxDelivery = day * DAY + DAY - SECOND;
        }
        return new Order(number, merchant.merchantId(), buyerId, mp, placedAt, maxDelivery, digital, amount(mp, r));
    }

    /** An order total with a long tail, priced like a shop would (x.99, x.49, whole rupees, tens of yen). */
    static long amount(Marketplace mp, SplittableRandom r) {
        double usd;
        if (r.nextDouble() < 0.02) {
            usd = Math.min(20_000, 300 * Math.pow(1 - r.nextDouble(), -1 / 1.3)); // big tickets: Pareto
        } else {
            usd = Math.max(2, Math.exp(Math.log(35) + 0.9 * r.nextGaussian())); // log-normal around 35
        }
        double major = usd * mp.perUsd();
        int digits = Money.fractionDigits(mp.currency());
        if (digits == 0) {
            return Math.max(100, Math.round(major / 10) * 10);
        }
        long unit = (long) Math.pow(10, digits);
        long whole = Math.max(1, (long) Math.floor(major));
        if (mp.currency().equals("INR")) {
            return (whole - whole % 10 + 9) * unit;
        }
        long[] endings = {99, 99, 49, 0, 95};
        long cents = endings[r.nextInt(endings.length)] * unit / 100;
        return whole * unit + cents;
    }

    /** Every event of the order, in event-time order, the PLACED first. */
    static List<Step> plan(Order o, MerchantProfile merchant, SplittableRandom r) {
        OrderPlanner p = new OrderPlanner(o, merchant, r);
        p.planLife();
        long horizon = (o.maxDeliveryAt != null ? o.maxDeliveryAt : o.placedAt) + HORIZON;
        List<Step> out = new ArrayList<>(p.steps.size());
        for (Step s : p.steps) {
            if (s.at <= horizon) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(s -> s.at)); // stable: causes before their effects at equal instants
        return out;
    }

    private enum Fate {
        ON_TIME,
        LATE,
        NEVER
    }

    private void planLife() {
        add(Kind.PLACED, o.placedAt);
        if (o.digital) {
            long charged = add(Kind.CHARGED, o.placedAt + between(SECOND, 10 * MINUTE)).at;
            maybeChargeback(charged, o.amount, false);
            if (!chargeback && chance(0.01)) {
                refund(charged + between(HOUR, 5 * DAY), o.amount);
            }
            if (chance(t.questions())) {
                contact(o.placedAt + between(HOUR, 3 * DAY), pick(QUESTIONS));
            }
            return;
        }
        if (chance(t.cancel)) {
            add(Kind.CANCELLED, o.placedAt + between(10 * MINUTE, 20 * HOUR));
            return;
        }
        long max = o.maxDeliveryAt;
        long notReceivedDue = Math.min(max + NOT_RECEIVED_AFTER_MAX, o.placedAt + NOT_RECEIVED_AFTER_ORDER);
        double f = r.nextDouble();
        Fate fate = f < t.never() ? Fate.NEVER : f < t.never() + t.late() ? Fate.LATE : Fate.ON_TIME;
        boolean twoShipments = chance(0.15);

        // Shipping, capture at each shipment, and the delivery of the last parcel.
        long firstShip;
        long delivered = -1; // when the order counts as delivered: its last parcel
        if (fate == Fate.ON_TIME) {
            long latestShip = max - 12 * HOUR - 30 * MINUTE;
            firstShip = o.placedAt + between(hours(t.handlingHours()[0]), hours(t.handlingHours()[1]));
            if (firstShip > latestShip) {
                firstShip = o.placedAt + between(HOUR, Math.max(HOUR + 1, (latestShip - o.placedAt) / 2));
            }
            delivered = Math.min(firstShip + between(12 * HOUR, 4 * DAY), max - between(30 * MINUTE, 6 * HOUR));
            delivered = Math.max(delivered, firstShip + 12 * HOUR);
        } else if (fate == Fate.LATE) {
            firstShip = o.placedAt + between(hours(t.handlingHours()[0]), hours(t.handlingHours()[1]) + 2 * DAY);
            long lateBy = HOUR + (long) Math.min(12 * DAY, -Math.log(1 - r.nextDouble()) * 2.5 * DAY);
            delivered = Math.max(max + lateBy, firstShip + 12 * HOUR);
        } else {
            firstShip = o.placedAt + between(hours(t.handlingHours()[0]), hours(t.handlingHours()[1]) + 2 * DAY);
        }
        boolean shipped = fate != Fate.NEVER || chance(0.5); // never delivered: lost in transit, or never shipped
        List<long[]> parcels = new ArrayList<>(); // {shippedAt, deliveredAt or -1, captured}
        long captured = 0;
        long lastCapture = -1;
        if (shipped) {
            long first = twoShipments ? Math.round(o.amount * r.nextDouble(0.3, 0.7)) : o.amount;
            if (twoShipments) {
                long secondShip = firstShip
                        + between(
                                2 * HOUR,
                                Math.max(
                                        2 * HOUR + 1,
                                        (delivered > 0 ? delivered - 12 * HOUR : firstShip + 3 * DAY) - firstShip));
                long firstDelivered = delivered < 0 ? -1 : Math.min(delivered, firstShip + between(12 * HOUR, 4 * DAY));
                parcels.add(new long[] {firstShip, firstDelivered, first});
                parcels.add(new long[] {
                    Math.min(secondShip, delivered < 0 ? secondShip : delivered), delivered, o.amount - first
                });
            } else {
                parcels.add(new long[] {firstShip, delivered, first});
            }
            boolean overcharge = chance(t.overcharge());
            boolean doubleCapture = overcharge && chance(0.4);
            if (overcharge && !doubleCapture) {
                long[] last = parcels.get(parcels.size() - 1);
                last[2] += Math.max(1, Math.round(o.amount * r.nextDouble(0.03, 0.25)));
            }
            int n = 0;
            for (long[] parcel : parcels) {
                n++;
                String carrier = pick(o.marketplace.carriers());
                String tracking = chance(0.02) ? null : tracking(carrier);
                Step s = add(Kind.SHIPPED, parcel[0]);
                s.ref = o.ref("sh", n);
                s.carrier = carrier;
                s.tracking = tracking;
                Step c = add(Kind.CHARGED, parcel[0] + between(MINUTE, 30 * MINUTE));
                c.amount = parcel[2];
                captured += parcel[2];
                lastCapture = c.at;
                if (parcel[1] > 0) {
                    Step d = add(Kind.DELIVERED, parcel[1]);
                    d.ref = s.ref;
                    d.carrier = carrier;
                    d.tracking = tracking;
                }
            }
            if (doubleCapture) {
                Step c = add(Kind.CHARGED, lastCapture + between(HOUR, 3 * DAY)); // the same payment captured twice
                c.amount = Math.max(1, Math.round(o.amount * r.nextDouble(0.1, 1.0)));
                captured += c.amount;
                lastCapture = c.at;
            }
            maybeChargeback(lastCapture, captured, fate == Fate.NEVER);
            if (captured > o.amount) {
                overcharged(lastCapture, captured - o.amount);
            }
        }

        if (fate == Fate.NEVER) {
            notReceived(notReceivedDue, max, shipped, captured);
        } else if (fate == Fate.LATE && delivered > notReceivedDue + HOUR && chance(0.35)) {
            long claimAt =
                    notReceivedDue + between(HOUR, Math.max(HOUR + 1, Math.min(3 * DAY, delivered - notReceivedDue)));
            claim(claimAt - 2 * DAY, claimAt, "Item not received", o.amount);
        } else if (fate == Fate.LATE && chance(0.10)) {
            claim(delivered + between(DAY, 5 * DAY), 0, "Item arrived late", o.amount);
        }
        if (delivered > 0) {
            if (chance(t.returns())) {
                planReturn(delivered, parcels);
            }
            if (chance(0.005)) {
                claim(delivered + between(DAY, 20 * DAY), 0, pick(NAD_CLAIMS), o.amount);
            }
            if (chance(t.extraClaims())) {
                String reason = chance(0.5) ? pick(NAD_CLAIMS) : pick(OTHER_CLAIMS);
                claim(delivered + between(2 * DAY, 25 * DAY), 0, reason, o.amount);
            }
        }
        if (chance(t.questions())) {
            contact(o.placedAt + between(HOUR, 6 * DAY), pick(QUESTIONS));
        }
    }

    /** Never delivered: the buyer asks, then claims; the merchant may refund or cancel. */
    private void notReceived(long due, long max, boolean shipped, long captured) {
        if (chance(0.7)) {
            long answered = claim(
                    max + between(2 * HOUR, 2 * DAY), due + between(HOUR, 2 * DAY), "Item not received", o.amount);
            if (answered > 0) {
                if (captured > 0) {
                    refund(answered + between(0, DAY), captured);
                } else {
                    add(Kind.CANCELLED, answered + between(0, DAY)); // cancels what was not shipped
                }
            }
        } else {
            long asked = contact(max + between(2 * HOUR, 2 * DAY), "Where is my order?");
            if (!shipped && chance(0.3)) {
                add(Kind.CANCELLED, asked + between(HOUR, 3 * DAY));
            } else if (captured > 0 && chance(0.3)) {
                refund(asked + between(HOUR, 3 * DAY), captured);
            }
        }
    }

    /** Charged more than authorised: the buyer asks; some merchants give the excess back, else a claim. */
    private void overcharged(long lastCapture, long excess) {
        if (!chance(0.8)) {
            return;
        }
        long asked = lastCapture + between(DAY, 4 * DAY);
        if (chance(0.25)) {
            contact(asked, "I was charged more than I authorised");
            refund(asked + between(2 * HOUR, 2 * DAY), excess);
        } else if (chance(0.5)) {
            claim(asked, 0, "Charged more than the authorised amount", excess);
        } else {
            contact(asked, "I was charged more than I authorised");
        }
    }

    private void planReturn(long delivered, List<long[]> parcels) {
        Step req = new Step(o, Kind.RETURN_REQUESTED, 0);
        ReturnReason reason;
        if (chance(t.defects())) {
            double d = r.nextDouble();
            reason = d < 0.35
                    ? ReturnReason.DEFECTIVE
                    : d < 0.65
                            ? ReturnReason.DAMAGED
                            : d < 0.80 ? ReturnReason.INCOMPLETE : ReturnReason.NOT_AS_DESCRIBED;
        } else {
            reason = chance(0.75) ? ReturnReason.NO_LONGER_NEEDED : ReturnReason.OTHER;
        }
        boolean defect = reason != ReturnReason.NO_LONGER_NEEDED && reason != ReturnReason.OTHER;
        long window = merchant.returnWindowDays() * DAY;
        boolean inWindow = window > HOUR && !chance(0.08);
        long requestedAt = inWindow
                ? delivered + between(HOUR, Math.max(HOUR + 1, (long) (window * 0.9)))
                : delivered + window + between(DAY, 10 * DAY);
        long amount;
        if (parcels.size() > 1 && chance(0.5)) {
            amount = parcels.get(r.nextInt(parcels.size()))[2];
        } else if (chance(0.15)) {
            amount = Math.max(1, Math.round(o.amount * r.nextDouble(0.2, 0.8)));
        } else {
            amount = o.amount;
        }
        amount = Math.min(amount, o.amount);
        String returnId = o.ref("rt", 1);
        Step requested = add(Kind.RETURN_REQUESTED, requestedAt);
        requested.ref = returnId;
        requested.reason = reason;
        requested.amount = amount;
        boolean reject;
        if (!merchant.acceptsReturns()) {
            reject = !(defect && chance(0.7)); // final sale, except for faulty goods
        } else if (inWindow) {
            reject = chance(t.rejectInWindow());
        } else {
            reject = chance(0.85); // too late: most merchants say no
        }
        long decidedAt = requestedAt + between(2 * HOUR, 3 * DAY);
        if (reject) {
            add(Kind.RETURN_REJECTED, decidedAt).ref = returnId;
            if (chance(defect ? 0.5 : 0.3)) {
                String why = switch (reason) {
                    case DEFECTIVE -> "Item is defective and the seller refused the return";
                    case DAMAGED -> "Item arrived damaged and the seller refused the return";
                    case INCOMPLETE -> "Order incomplete and the seller refused the return";
                    case NOT_AS_DESCRIBED -> "Item not as described and the seller refused the return";
                    default -> "Seller refused my return";
                };
                claim(decidedAt + between(HOUR, 2 * DAY), 0, why, o.amount);
            }
            return;
        }
        add(Kind.RETURN_AUTHORIZED, decidedAt).ref = returnId;
        if (!chance(0.92)) {
            return; // the buyer never sends it back
        }
        long receivedAt = decidedAt + between(2 * DAY, 12 * DAY);
        add(Kind.RETURN_RECEIVED, receivedAt).ref = returnId;
        long refundWindow = merchant.refundWithinDays() * DAY;
        long inTime = receivedAt + between(HOUR, Math.max(HOUR + 1, Math.min(5 * DAY, refundWindow - HOUR)));
        if (refundWindow < 2 * HOUR) {
            inTime = receivedAt;
        }
        double d = r.nextDouble();
        if (d < t.refundNone()) {
            notRefunded(receivedAt + refundWindow, "Refund not received after return", amount);
        } else if (d < t.refundNone() + t.refundPartial()) {
            long part = Math.max(1, Math.round(amount * r.nextDouble(0.3, 0.7)));
            refund(inTime, part);
            notRefunded(receivedAt + refundWindow, "Only part of the refund received for my return", amount - part);
        } else if (d < t.refundNone() + t.refundPartial() + t.refundLate()) {
            refund(receivedAt + refundWindow + between(HOUR, 5 * DAY), amount);
        } else {
            refund(inTime, amount);
        }
    }

    private void notRefunded(long due, String why, long owed) {
        if (chance(0.6)) {
            claim(due + between(DAY, 5 * DAY) - DAY, 0, why, owed);
        }
    }

    /** A chargeback instead of a claim: the buyer goes to the bank. */
    private void maybeChargeback(long charged, long captured, boolean notDelivered) {
        if (charged < 0 || captured <= 0 || claimed || !chance(t.chargebacks())) {
            return;
        }
        chargeback = true;
        String id = o.ref("cb", 1);
        Step filed = add(Kind.CHARGEBACK_FILED, charged + between(3 * DAY, 40 * DAY));
        filed.ref = id;
        filed.text = notDelivered ? NOT_RECEIVED_CODE : pick(FRAUD_CODES);
        filed.amount = captured;
        if (chance(t.chargebackOnTime())) {
            long responded = filed.at + between(DAY, CHARGEBACK_RESPONSE - DAY);
            Step resp = add(Kind.CHARGEBACK_RESPONDED, responded);
            resp.ref = id;
            resp.text = "Representment with proof of delivery";
            add(chance(0.55) ? Kind.CHARGEBACK_WON : Kind.CHARGEBACK_LOST, responded + between(10 * DAY, 30 * DAY))
                    .ref = id;
        } else {
            add(Kind.CHARGEBACK_LOST, filed.at + CHARGEBACK_RESPONSE + between(DAY, 5 * DAY)).ref = id; // uncontested
        }
    }

    /**
     * The buyer contacts the merchant, waits as the marketplace asks (some do not), and files an A-to-z claim,
     * not before {@code notBefore}; the merchant answers as its behaviour says, and Amazon decides.
     *
     * @return when the merchant answered, or -1 (no claim, or no answer)
     */
    private long claim(long contactFrom, long notBefore, String reason, long amount) {
        if (claimed || chargeback) {
            return -1;
        }
        claimed = true;
        long contactAt = contactFrom + between(HOUR, DAY);
        contact(contactAt, reason);
        long opens = o.marketplace
                .contactWait()
                .after(Instant.ofEpochMilli(contactAt), o.marketplace.zone())
                .toEpochMilli();
        long claimAt = chance(0.05) ? contactAt + between(HOUR, 12 * HOUR) : opens + between(HOUR, 3 * DAY);
        claimAt = Math.max(claimAt, notBefore);
        String id = o.ref("cl", 1);
        Step filed = add(Kind.CLAIM_FILED, claimAt);
        filed.ref = id;
        filed.text = reason;
        filed.amount = amount;
        double a = r.nextDouble();
        long answered;
        if (a < t.claimOnTime()) {
            answered = claimAt + between(2 * HOUR, 5 * DAY);
        } else if (a < t.claimOnTime() + t.claimLate()) {
            answered = claimAt + CLAIM_RESPONSE + between(2 * HOUR, 2 * DAY);
        } else {
            // No answer: after the response time (and after 7 business days, should the marketplace count
            // those) Amazon Pay decides for the buyer.
            add(Kind.CLAIM_GRANTED, claimAt + 10 * DAY + between(0, 3 * DAY)).ref = id;
            return -1;
        }
        Step resp = add(Kind.CLAIM_RESPONDED, answered);
        resp.ref = id;
        resp.text = "Merchant response";
        double outcome = r.nextDouble();
        Kind decision = outcome < 0.5 ? Kind.CLAIM_GRANTED : outcome < 0.85 ? Kind.CLAIM_DENIED : Kind.CLAIM_WITHDRAWN;
        add(decision, answered + between(DAY, 10 * DAY)).ref = id;
        return answered;
    }

    /** @return when */
    private long contact(long at, String why) {
        Step s = add(Kind.CONTACT, at);
        s.ref = o.ref("bc", ++contacts);
        s.text = why;
        return at;
    }

    private void refund(long at, long amount) {
        Step s = add(Kind.REFUND, at);
        s.ref = o.ref("rf", ++refunds);
        s.amount = amount;
    }

    private Step add(Kind kind, long at) {
        Step s = new Step(o, kind, Math.max(at, o.placedAt));
        steps.add(s);
        return s;
    }

    private boolean chance(double p) {
        return p > 0 && r.nextDouble() < p;
    }

    /** Uniform in [lo, hi), or lo when the range is empty. */
    private long between(long lo, long hi) {
        return hi <= lo ? lo : r.nextLong(lo, hi);
    }

    private static long hours(double h) {
        return Math.round(h * HOUR);
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private String pick(String[] values) {
        return values[r.nextInt(values.length)];
    }

    private String tracking(String carrier) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(carrier.equals("UPS") ? "1Z" : "");
        int len = 12 + r.nextInt(7);
        while (b.length() < len) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
