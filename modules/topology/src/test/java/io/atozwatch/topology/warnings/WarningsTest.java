package io.atozwatch.topology.warnings;

import static io.atozwatch.topology.Ev.cancelled;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.refund;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.RiskKind;
import io.atozwatch.topology.PipelineFixture;
import io.atozwatch.topology.rules.OrderView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * At-risk warnings: each goes out once, at its lead time before the buyer can claim (or the request counts
 * against the merchant), only if nothing settled the risk by then, and says what to do.
 */
class WarningsTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private static List<MerchantNotification> warnings(PipelineFixture f, String orderId, RiskKind risk) {
        return f.notifications().stream()
                .filter(n -> orderId.equals(n.getOrderId()) && n.getRisk() == risk)
                .toList();
    }

    private List<MerchantNotification> warnings(String orderId, RiskKind risk) {
        return warnings(p, orderId, risk);
    }

    @Nested
    class NotReceived {
        // Max delivery 6 March: the buyer may claim from 9 March 10:00 (max delivery + 3 days); warned 48 h before.
        private final SpecificRecord placed = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z");

        @Test
        void firesFortyEightHoursBeforeTheBuyerMayClaim() {
            p.pipe(placed, shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
            p.streamTimeTo("2026-03-07T09:59:59Z");
            assertThat(warnings("o-1", RiskKind.NOT_RECEIVED)).isEmpty();
            p.streamTimeTo("2026-03-07T10:00:00Z");
            assertThat(warnings("o-1", RiskKind.NOT_RECEIVED)).singleElement().satisfies(n -> {
                assertThat(n.getKind()).isEqualTo(NotificationKind.AT_RISK);
                assertThat(n.getNotificationId()).isEqualTo("o-1/risk/NOT_RECEIVED/o-1/AT_RISK");
                assertThat(n.getAt()).isEqualTo(t("2026-03-07T10:00:00Z"));
                assertThat(n.getDueAt()).isEqualTo(t("2026-03-09T10:00:00Z"));
                assertThat(n.getReferenceId()).isEqualTo("o-1");
                assertThat(n.getDeadline()).isNull();
                assertThat(n.getMerchantId()).isEqualTo("m-1");
                assertThat(n.getMessage())
                        .startsWith("Order o-1: at risk: no delivery is confirmed yet.")
                        .contains(
                                "Check the parcel's tracking",
                                "from 2026-03-09T10:00:00Z the buyer can file an A-to-z claim");
            });
        }

        @Test
        void firesOnceWhateverHappensAfterIt() {
            p.pipe(placed);
            p.streamTimeTo("2026-03-07T12:00:00Z");
            p.pipe(shipped("o-1", "s-1", "2026-03-07T13:00:00Z"), delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
            p.streamTimeTo("2026-04-20T00:00:00Z");
            p.timePassesTo("2026-05-01T00:00:00Z");
            assertThat(warnings("o-1", RiskKind.NOT_RECEIVED)).hasSize(1);
        }

        @Test
        void notWhenDeliveredOrCancelledBeforeIt() {
            p.pipe(
                    placed,
                    delivered("o-1", "s-1", "2026-03-07T09:00:00Z"),
                    placed("o-2", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    cancelled("o-2", "2026-03-03T10:00:00Z"),
                    order("o-3", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                            .setDigital(true)
                            .build());
            p.streamTimeTo("2026-04-20T00:00:00Z");
            assertThat(p.notifications())
                    .filteredOn(n -> n.getKind() == NotificationKind.AT_RISK)
                    .isEmpty();
        }

        @Test
        void byWallClockTimeWithNoFurtherEvents() {
            p.pipe(placed);
            p.timePassesTo("2026-03-07T10:00:30Z");
            assertThat(warnings("o-1", RiskKind.NOT_RECEIVED))
                    .extracting(MerchantNotification::getAt)
                    .containsExactly(t("2026-03-07T10:00:00Z"));
        }

        @Test
        void theLeadTimeIsASetting() {
            try (PipelineFixture q = new PipelineFixture(Map.of("warning.not-received-lead", "PT24H"))) {
                q.pipe(placed);
                q.streamTimeTo("2026-03-08T09:00:00Z");
                assertThat(warnings(q, "o-1", RiskKind.NOT_RECEIVED)).isEmpty();
                q.streamTimeTo("2026-03-08T10:00:00Z");
                assertThat(warnings(q, "o-1", RiskKind.NOT_RECEIVED))
                        .extracting(MerchantNotification::getAt)
                        .containsExactly(t("2026-03-08T10:00:00Z"));
            }
        }
    }

    @Nested
    class ReturnUnanswered {
        private void requested() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.DEFECTIVE, 5000L));
        }

        @Test
        void firesTwentyFourHoursAfterAnUnansweredRequest() {
            requested();
            p.streamTimeTo("2026-03-08T09:59:59Z");
            assertThat(warnings("o-1", RiskKind.RETURN_UNANSWERED)).isEmpty();
            p.streamTimeTo("2026-03-08T10:00:00Z");
            assertThat(warnings("o-1", RiskKind.RETURN_UNANSWERED))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.getReferenceId()).isEqualTo("r-1");
                        assertThat(n.getAt()).isEqualTo(t("2026-03-08T10:00:00Z"));
                        assertThat(n.getDueAt()).isEqualTo(t("2026-03-09T10:00:00Z"));
                        assertThat(n.getMessage())
                                .contains(
                                        "Authorize or reject it before 2026-03-09T10:00:00Z",
                                        "Return Dissatisfaction Rate");
                    });
        }

        @Test
        void notWhenAuthorizedRejectedOrReceivedInTime() {
            requested();
            p.pipe(
                    returnEvent("o-1", "r-1", ReturnEventType.AUTHORIZED, "2026-03-08T09:00:00Z"),
                    returnRequested("o-1", "r-2", "2026-03-07T10:00:00Z", ReturnReason.OTHER, 1000L),
                    returnEvent("o-1", "r-2", ReturnEventType.REJECTED, "2026-03-07T12:00:00Z"),
                    returnRequested("o-1", "r-3", "2026-03-07T10:00:00Z", ReturnReason.OTHER, 1000L),
                    returnEvent("o-1", "r-3", ReturnEventType.RECEIVED, "2026-03-08T10:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(warnings("o-1", RiskKind.RETURN_UNANSWERED)).isEmpty();
        }

        @Test
        void anAnswerAfterTheWarningDoesNotTakeItBack() {
            requested();
            p.pipe(returnEvent("o-1", "r-1", ReturnEventType.AUTHORIZED, "2026-03-08T11:00:00Z"));
            p.streamTimeTo("2026-04-01T00:00:00Z");
            assertThat(warnings("o-1", RiskKind.RETURN_UNANSWERED))
                    .extracting(MerchantNotification::getAt)
                    .containsExactly(t("2026-03-08T10:00:00Z"));
        }
    }

    @Nested
    class ContactUnanswered {
        // US: the buyer waits one calendar day after contacting the merchant; warned 12 h before that ends.
        private void contacted() {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                    dispute("o-1", "k-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-04T10:00:00Z"));
        }

        @Test
        void firesTwelveHoursBeforeTheBuyerMayFile() {
            contacted();
            p.streamTimeTo("2026-03-04T21:59:59Z");
            assertThat(warnings("o-1", RiskKind.CONTACT_UNANSWERED)).isEmpty();
            p.streamTimeTo("2026-03-04T22:00:00Z");
            assertThat(warnings("o-1", RiskKind.CONTACT_UNANSWERED))
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.getReferenceId()).isEqualTo("k-1");
                        assertThat(n.getDueAt()).isEqualTo(t("2026-03-05T10:00:00Z"));
                        assertThat(n.getMessage())
                                .contains(
                                        "the buyer contacted you at 2026-03-04T10:00:00Z",
                                        "from 2026-03-05T10:00:00Z they can file an A-to-z claim");
                    });
        }

        @Test
        void notWhenARefundShipmentOrReturnAnswerFollowsTheContactInTime() {
            contacted();
            p.pipe(refund("o-1", "rf-1", "2026-03-04T20:00:00Z", 500));
            p.streamTimeTo("2026-03-10T00:00:00Z");
            assertThat(warnings("o-1", RiskKind.CONTACT_UNANSWERED)).isEmpty();
        }

        @Test
        void whatHappenedBeforeTheContactDoesNotAnswerIt() {
            contacted(); // shipped two days before the contact
            p.streamTimeTo("2026-03-10T00:00:00Z");
            assertThat(warnings("o-1", RiskKind.CONTACT_UNANSWERED)).hasSize(1);
        }

        @Test
        void aWaitShorterThanTheLeadWarnsAtTheContact() {
            try (PipelineFixture q = new PipelineFixture(Map.of("warning.contact-lead", "P2D"))) {
                q.pipe(
                        placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                        dispute("o-1", "k-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-04T10:00:00Z"));
                q.streamTimeTo("2026-03-04T10:00:00Z");
                assertThat(warnings(q, "o-1", RiskKind.CONTACT_UNANSWERED))
                        .extracting(MerchantNotification::getAt)
                        .containsExactly(t("2026-03-04T10:00:00Z"));
            }
        }
    }

    @Test
    void theSameWarningsWhateverOrderTheEventsArriveIn() {
        List<SpecificRecord> events = List.of(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.DEFECTIVE, 5000L),
                returnEvent("o-1", "r-1", ReturnEventType.AUTHORIZED, "2026-03-08T09:00:00Z"),
                returnRequested("o-1", "r-2", "2026-03-07T11:00:00Z", ReturnReason.OTHER, 1000L),
                placed("o-2", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                dispute("o-2", "k-2", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-05T10:00:00Z"),
                shipped("o-2", "s-2", "2026-03-05T20:00:00Z"));
        List<SpecificRecord> inTimeOrder = new ArrayList<>(events);
        inTimeOrder.sort(Comparator.comparing(OrderView::occurredAt));
        List<String> inOrder = warningsAfter(inTimeOrder, Map.of());
        List<SpecificRecord> backwards = new ArrayList<>(inTimeOrder);
        Collections.reverse(backwards);
        // Events late by up to a week: within the grace, so judged as if they had come in order.
        List<String> reversed = warningsAfter(backwards, Map.of("clock.grace", "P10D"));
        assertThat(inOrder)
                .containsExactlyInAnyOrder(
                        "o-1/risk/RETURN_UNANSWERED/r-2/AT_RISK@2026-03-08T11:00:00Z",
                        "o-2/risk/NOT_RECEIVED/o-2/AT_RISK@2026-03-07T10:00:00Z");
        assertThat(reversed).containsExactlyInAnyOrderElementsOf(inOrder);
    }

    private static List<String> warningsAfter(List<SpecificRecord> events, Map<String, String> settings) {
        try (PipelineFixture f = new PipelineFixture(settings)) {
            f.pipe(events.toArray(SpecificRecord[]::new));
            f.timePassesTo("2026-05-01T00:00:00Z");
            return f.notifications().stream()
                    .filter(n -> n.getKind() == NotificationKind.AT_RISK)
                    .map(n -> n.getNotificationId() + "@" + n.getAt())
                    .toList();
        }
    }
}
