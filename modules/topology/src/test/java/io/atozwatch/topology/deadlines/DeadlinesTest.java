package io.atozwatch.topology.deadlines;

import static io.atozwatch.topology.Ev.cancelled;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.refund;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The merchant's deadline clocks: each met, or breached exactly once at its due instant. */
class DeadlinesTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<DeadlineBreach> breaches(DeadlineKind kind) {
        return p.breaches().stream().filter(b -> b.getDeadline() == kind).toList();
    }

    private List<MerchantNotification> notifications(String orderId) {
        return p.notifications().stream()
                .filter(n -> orderId.equals(n.getOrderId()))
                .toList();
    }

    private List<MerchantNotification> notifications(String orderId, DeadlineKind about) {
        return notifications(orderId).stream()
                .filter(n -> n.getDeadline() == about)
                .toList();
    }

    @Nested
    class DeliveryPromise {
        @Test
        void theMerchantIsToldAtTheOrderRemindedFortyEightHoursBeforeAndToldOfTheBreach() {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            assertThat(notifications("o-1", DeadlineKind.DELIVERY_PROMISE))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.getKind()).isEqualTo(NotificationKind.RESPONSE_DUE);
                        assertThat(n.getAt()).isEqualTo(t("2026-03-01T10:00:00Z"));
                        assertThat(n.getMessage())
                                .isEqualTo("Order o-1: Please deliver order o-1 by 2026-03-06T10:00:00Z.");
                    });
            p.streamTimeTo("2026-03-04T09:59:59Z");
            assertThat(notifications("o-1", DeadlineKind.DELIVERY_PROMISE)).hasSize(1);
            p.streamTimeTo("2026-03-06T10:00:00Z");
            assertThat(notifications("o-1", DeadlineKind.DELIVERY_PROMISE))
                    .extracting(MerchantNotification::getKind, MerchantNotification::getAt)
                    .containsExactly(
                            tuple(NotificationKind.RESPONSE_DUE, t("2026-03-01T10:00:00Z")),
                            tuple(NotificationKind.REMINDER, t("2026-03-04T10:00:00Z")),
                            tuple(NotificationKind.BREACH, t("2026-03-06T10:00:00Z")));
        }

        @Test
        void noReminderOnceDelivered() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-03T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(notifications("o-1", DeadlineKind.DELIVERY_PROMISE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE);
        }

        @Test
        void metByADeliveryAtOrBeforeTheMaxDeliveryDate() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-06T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE)).isEmpty();
        }

        @Test
        void breachedWhenStreamTimePassesTheDueInstant() {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.streamTimeTo("2026-03-06T09:59:59Z");
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE)).isEmpty();
            p.streamTimeTo("2026-03-06T10:00:00Z");
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE)).singleElement().satisfies(b -> {
                assertThat(b.getOrderId()).isEqualTo("o-1");
                assertThat(b.getMerchantId()).isEqualTo("m-1");
                assertThat(b.getReferenceId()).isEqualTo("o-1");
                assertThat(b.getStartedAt()).isEqualTo(t("2026-03-01T10:00:00Z"));
                assertThat(b.getDueAt()).isEqualTo(t("2026-03-06T10:00:00Z"));
                assertThat(b.getStatus()).isEqualTo(BreachStatus.BREACHED);
            });
        }

        @Test
        void breachedByWallClockTimeWithNoFurtherEvents() {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.timePassesTo("2026-03-06T09:59:00Z");
            assertThat(p.breaches()).isEmpty();
            p.timePassesTo("2026-03-06T10:00:30Z");
            List<TestRecord<String, DeadlineBreach>> records = p.breachRecords();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.value().getDueAt()).isEqualTo(t("2026-03-06T10:00:00Z"));
                // Stamped with the due instant, not with when the check ran.
                assertThat(r.getRecordTime()).isEqualTo(t("2026-03-06T10:00:00Z"));
            });
        }

        @Test
        void theGraceHoldsBreachesBackForEventsStillInFlight() {
            try (PipelineFixture q = new PipelineFixture(Map.of("clock.grace", "PT1H"))) {
                q.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
                // The wall clock half an hour past the due instant: the pipeline's clock stands an hour behind it.
                q.wallClockTo("2026-03-06T10:30:00Z");
                assertThat(q.watermark()).isEqualTo(t("2026-03-06T09:30:00Z"));
                assertThat(q.breaches()).isEmpty();
                q.wallClockTo("2026-03-06T11:00:00Z");
                assertThat(q.breaches())
                        .extracting(DeadlineBreach::getDueAt)
                        .containsExactly(t("2026-03-06T10:00:00Z"));
            }
        }

        @Test
        void aParcelShippedAfterThePromiseBreaksItWhenSeen() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
            p.streamTimeTo("2026-03-07T00:00:00Z");
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE)).isEmpty();
            p.pipe(io.atozwatch.topology.Ev.shipped("o-1", "s-2", "2026-03-08T10:00:00Z"));
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE))
                    .extracting(DeadlineBreach::getDueAt)
                    .containsExactly(t("2026-03-06T10:00:00Z"));
        }

        @Test
        void aCancelledOrderHasNoPromiseLeftToBreach() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    cancelled("o-1", "2026-03-02T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(p.breaches()).isEmpty();
        }

        @Test
        void aDeliveryThatOccurredInTimeButArrivedAfterTheBreachRetractsIt() {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.streamTimeTo("2026-03-07T00:00:00Z");
            p.pipe(delivered("o-1", "s-1", "2026-03-05T10:00:00Z"));
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE))
                    .extracting(DeadlineBreach::getStatus)
                    .containsExactly(BreachStatus.BREACHED, BreachStatus.RETRACTED);
        }

        @Test
        void aDeliveryAfterTheDueInstantDoesNotUndoTheBreach() {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.streamTimeTo("2026-03-07T00:00:00Z");
            p.pipe(delivered("o-1", "s-1", "2026-03-07T10:00:00Z"));
            p.streamTimeTo("2026-03-20T00:00:00Z");
            assertThat(breaches(DeadlineKind.DELIVERY_PROMISE))
                    .extracting(DeadlineBreach::getStatus)
                    .containsExactly(BreachStatus.BREACHED);
        }

        @Test
        void digitalOrdersHaveNoDeliveryPromise() {
            p.pipe(order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                    .setDigital(true)
                    .setMaxDeliveryAt(t("2026-03-02T10:00:00Z"))
                    .build());
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(p.breaches()).isEmpty();
        }
    }

    @Nested
    class RefundAfterReturn {
        private void receivedReturn() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.OTHER, 3000L),
                    returnEvent("o-1", "r-1", ReturnEventType.RECEIVED, "2026-03-10T10:00:00Z"));
        }

        @Test
        void metWhenRefundsCoverTheReturnWithinFourteenDays() {
            receivedReturn();
            p.pipe(
                    refund("o-1", "rf-1", "2026-03-11T10:00:00Z", 1000),
                    refund("o-1", "rf-2", "2026-03-24T10:00:00Z", 2000));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.REFUND_AFTER_RETURN)).isEmpty();
        }

        @Test
        void breachedAtReceiptPlusTheRefundWindow() {
            receivedReturn();
            p.pipe(refund("o-1", "rf-1", "2026-03-11T10:00:00Z", 1000));
            p.streamTimeTo("2026-03-24T10:00:00Z");
            assertThat(breaches(DeadlineKind.REFUND_AFTER_RETURN))
                    .singleElement()
                    .satisfies(b -> {
                        assertThat(b.getReferenceId()).isEqualTo("r-1");
                        assertThat(b.getStartedAt()).isEqualTo(t("2026-03-10T10:00:00Z"));
                        assertThat(b.getDueAt()).isEqualTo(t("2026-03-24T10:00:00Z"));
                    });
            // Told when the return was received, reminded 48 hours before the refund is due, told of the breach.
            assertThat(notifications("o-1", DeadlineKind.REFUND_AFTER_RETURN))
                    .extracting(MerchantNotification::getKind, MerchantNotification::getAt)
                    .containsExactly(
                            tuple(NotificationKind.RESPONSE_DUE, t("2026-03-10T10:00:00Z")),
                            tuple(NotificationKind.REMINDER, t("2026-03-22T10:00:00Z")),
                            tuple(NotificationKind.BREACH, t("2026-03-24T10:00:00Z")));
        }
    }

    @Nested
    class ClaimResponse {
        private void claimFiled() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "never arrived"));
        }

        @Test
        void theMerchantIsToldWhenTheClockStartsRemindedFortyEightHoursBeforeAndToldOfTheBreach() {
            claimFiled();
            assertThat(notifications("o-1", DeadlineKind.CLAIM_RESPONSE))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.getKind()).isEqualTo(NotificationKind.RESPONSE_DUE);
                        assertThat(n.getDueAt()).isEqualTo(t("2026-03-17T10:00:00Z"));
                        assertThat(n.getAt()).isEqualTo(t("2026-03-10T10:00:00Z"));
                        assertThat(n.getNotificationId()).isEqualTo("o-1/CLAIM_RESPONSE/c-1/RESPONSE_DUE");
                        assertThat(n.getMerchantId()).isEqualTo("m-1");
                        assertThat(n.getMessage()).contains("respond to A-to-z claim c-1 by 2026-03-17T10:00:00Z");
                    });
            p.streamTimeTo("2026-03-15T09:59:59Z");
            assertThat(notifications("o-1", DeadlineKind.CLAIM_RESPONSE)).hasSize(1);
            p.streamTimeTo("2026-03-15T10:00:00Z");
            assertThat(notifications("o-1", DeadlineKind.CLAIM_RESPONSE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE, NotificationKind.REMINDER);
            p.streamTimeTo("2026-03-17T10:00:00Z");
            assertThat(notifications("o-1", DeadlineKind.CLAIM_RESPONSE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE, NotificationKind.REMINDER, NotificationKind.BREACH);
            assertThat(breaches(DeadlineKind.CLAIM_RESPONSE)).singleElement().satisfies(b -> {
                assertThat(b.getReferenceId()).isEqualTo("c-1");
                assertThat(b.getDueAt()).isEqualTo(t("2026-03-17T10:00:00Z"));
            });
        }

        @Test
        void aResponseInTimeMeetsItAndStopsTheReminder() {
            claimFiled();
            p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_RESPONDED, "2026-03-12T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.CLAIM_RESPONSE)).isEmpty();
            assertThat(notifications("o-1", DeadlineKind.CLAIM_RESPONSE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE);
        }

        @Test
        void grantedDeniedOrWithdrawnAlsoCloseIt() {
            claimFiled();
            p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_WITHDRAWN, "2026-03-17T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.CLAIM_RESPONSE)).isEmpty();
        }

        @Test
        void aResponseAfterTheDueInstantDoesNotUndoTheBreach() {
            claimFiled();
            p.streamTimeTo("2026-03-18T00:00:00Z");
            p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_RESPONDED, "2026-03-18T01:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.CLAIM_RESPONSE))
                    .extracting(DeadlineBreach::getStatus)
                    .containsExactly(BreachStatus.BREACHED);
        }

        @Test
        void breachedOnceHoweverOftenTheCaseIsLookedAt() {
            claimFiled();
            p.streamTimeTo("2026-03-18T00:00:00Z");
            p.timePassesTo("2026-03-19T00:00:00Z");
            p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "never arrived"));
            p.streamTimeTo("2026-03-25T00:00:00Z");
            assertThat(breaches(DeadlineKind.CLAIM_RESPONSE)).hasSize(1);
        }

        @Test
        void businessDaysPerMarketplaceAreConfiguration() {
            try (PipelineFixture q = new PipelineFixture(Map.of("marketplace.GB.claim-response", "7BD"))) {
                // Filed Tuesday 2026-03-10: seven business days later is Thursday 2026-03-19.
                q.pipe(
                        order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                                .setMarketplace("GB")
                                .setCurrency("GBP")
                                .build(),
                        dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "never arrived"));
                q.streamTimeTo("2026-03-25T00:00:00Z");
                assertThat(q.breaches())
                        .filteredOn(b -> b.getDeadline() == DeadlineKind.CLAIM_RESPONSE)
                        .extracting(DeadlineBreach::getDueAt)
                        .containsExactly(t("2026-03-19T10:00:00Z"));
            }
        }
    }

    @Nested
    class ChargebackResponse {
        @Test
        void dueElevenDaysAfterTheChargeback() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                    dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"));
            assertThat(notifications("o-1", DeadlineKind.CHARGEBACK_RESPONSE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE);
            p.streamTimeTo("2026-03-21T10:00:00Z");
            assertThat(breaches(DeadlineKind.CHARGEBACK_RESPONSE))
                    .extracting(DeadlineBreach::getDueAt)
                    .containsExactly(t("2026-03-21T10:00:00Z"));
            assertThat(notifications("o-1", DeadlineKind.CHARGEBACK_RESPONSE))
                    .extracting(MerchantNotification::getKind)
                    .containsExactly(NotificationKind.RESPONSE_DUE, NotificationKind.REMINDER, NotificationKind.BREACH);
        }

        @Test
        void metByRepresentmentWonOrLost() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                    dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"),
                    dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_LOST, "2026-03-11T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(breaches(DeadlineKind.CHARGEBACK_RESPONSE)).isEmpty();
        }

        @Test
        void theWindowIsConfiguration() {
            try (PipelineFixture q = new PipelineFixture(Map.of("deadline.chargeback-response", "P18D"))) {
                q.pipe(
                        placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                        dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"));
                q.streamTimeTo("2026-04-01T00:00:00Z");
                assertThat(q.breaches())
                        .extracting(DeadlineBreach::getDueAt)
                        .containsExactly(t("2026-03-28T10:00:00Z"));
            }
        }
    }

    @Nested
    class ByWallClockWithNoFurtherEvents {
        private void assertBreachedByWallClockAt(DeadlineKind kind, String due) {
            p.timePassesTo(java.time.Instant.parse(due).minusSeconds(60).toString());
            assertThat(breaches(kind)).isEmpty();
            p.timePassesTo(java.time.Instant.parse(due).plusSeconds(5).toString());
            assertThat(breaches(kind)).extracting(DeadlineBreach::getDueAt).containsExactly(t(due));
        }

        @Test
        void refundAfterReturn() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    returnEvent("o-1", "r-1", ReturnEventType.RECEIVED, "2026-03-10T10:00:00Z"));
            assertBreachedByWallClockAt(DeadlineKind.REFUND_AFTER_RETURN, "2026-03-24T10:00:00Z");
        }

        @Test
        void claimResponse() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                    dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "never arrived"));
            assertBreachedByWallClockAt(DeadlineKind.CLAIM_RESPONSE, "2026-03-17T10:00:00Z");
        }

        @Test
        void chargebackResponse() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                    dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"));
            assertBreachedByWallClockAt(DeadlineKind.CHARGEBACK_RESPONSE, "2026-03-21T10:00:00Z");
        }
    }
}
