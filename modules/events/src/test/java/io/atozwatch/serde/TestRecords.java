package io.atozwatch.serde;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReferenceMetric;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.events.ReserveTrigger;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.RiskKind;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.state.SentNotification;
import io.atozwatch.state.VerdictState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic sample records and config helpers shared by the serde tests. */
final class TestRecords {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String ORDER = "114-3941689-8772232";
    static final String MERCHANT = "A2MERCHANT01";

    private TestRecords() {}

    /** A scope name no other test uses, so tests never see each other's schemas. */
    static String freshScope() {
        return "test-" + UUID.randomUUID();
    }

    static Map<String, Object> configs(String scope, Object... keyValues) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
        for (int i = 0; i < keyValues.length; i += 2) {
            configs.put((String) keyValues[i], keyValues[i + 1]);
        }
        return configs;
    }

    static RefundEvent refund() {
        return RefundEvent.newBuilder()
                .setEventId("e1")
                .setOrderId("o1")
                .setRefundId("r1")
                .setOccurredAt(T0)
                .setAmountMinor(1299)
                .setCurrency("EUR")
                .build();
    }

    static OrderEvent orderPlaced() {
        return OrderEvent.newBuilder()
                .setEventId("ord-evt-0001")
                .setOrderId(ORDER)
                .setMerchantId(MERCHANT)
                .setBuyerId("buyer-42")
                .setMarketplace("DE")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(T0)
                .setCurrency("EUR")
                .setAmountMinor(45_999)
                .setMaxDeliveryAt(T0.plusSeconds(5 * 86_400))
                .setDigital(false)
                .setShipBy(T0.plusSeconds(2 * 86_400))
                .build();
    }

    static OrderEvent orderChargedDigital() {
        return OrderEvent.newBuilder()
                .setEventId("ord-evt-0002")
                .setOrderId(ORDER)
                .setMerchantId(MERCHANT)
                .setBuyerId("buyer-42")
                .setMarketplace("DE")
                .setType(OrderEventType.CHARGED)
                .setOccurredAt(T0.plusSeconds(3_600))
                .setCurrency("EUR")
                .setAmountMinor(-1)
                .setMaxDeliveryAt(null)
                .setDigital(true)
                .build();
    }

    static ShipmentEvent shipmentShipped() {
        return ShipmentEvent.newBuilder()
                .setEventId("shp-evt-0001")
                .setOrderId(ORDER)
                .setShipmentId("shp-1")
                .setType(ShipmentEventType.SHIPPED)
                .setOccurredAt(T0.plusSeconds(86_400))
                .setCarrier("DHL")
                .setTrackingId("JD014600003828")
                .build();
    }

    static ShipmentEvent shipmentDeliveredUntracked() {
        return ShipmentEvent.newBuilder()
                .setEventId("shp-evt-0002")
                .setOrderId(ORDER)
                .setShipmentId("shp-1")
                .setType(ShipmentEventType.DELIVERED)
                .setOccurredAt(T0.plusSeconds(3 * 86_400))
                .setCarrier(null)
                .setTrackingId(null)
                .build();
    }

    static ReturnEvent returnRequested() {
        return ReturnEvent.newBuilder()
                .setEventId("ret-evt-0001")
                .setOrderId(ORDER)
                .setReturnId("ret-1")
                .setType(ReturnEventType.REQUESTED)
                .setOccurredAt(T0.plusSeconds(6 * 86_400))
                .setReason(ReturnReason.DEFECTIVE)
                .setAmountMinor(19_999L)
                .build();
    }

    static ReturnEvent returnReceived() {
        return ReturnEvent.newBuilder()
                .setEventId("ret-evt-0002")
                .setOrderId(ORDER)
                .setReturnId("ret-1")
                .setType(ReturnEventType.RECEIVED)
                .setOccurredAt(T0.plusSeconds(9 * 86_400))
                .setReason(null)
                .setAmountMinor(null)
                .build();
    }

    static DisputeEvent claimFiled() {
        return DisputeEvent.newBuilder()
                .setEventId("dsp-evt-0001")
                .setOrderId(ORDER)
                .setDisputeId("claim-7")
                .setType(DisputeEventType.CLAIM_FILED)
                .setOccurredAt(T0.plusSeconds(20 * 86_400))
                .setReason("Item never arrived, tracking stuck in transit")
                .setAmountMinor(45_999L)
                .build();
    }

    static DisputeEvent buyerContacted() {
        return DisputeEvent.newBuilder()
                .setEventId("dsp-evt-0002")
                .setOrderId(ORDER)
                .setDisputeId("contact-1")
                .setType(DisputeEventType.BUYER_CONTACTED_MERCHANT)
                .setOccurredAt(T0.plusSeconds(15 * 86_400))
                .setReason(null)
                .setAmountMinor(null)
                .build();
    }

    static MerchantPolicy merchantPolicy() {
        return MerchantPolicy.newBuilder()
                .setMerchantId(MERCHANT)
                .setAcceptsReturns(true)
                .setReturnWindowDays(30)
                .setRefundWithinDays(14)
                .setUpdatedAt(T0.minusSeconds(90 * 86_400))
                .build();
    }

    static ClaimEligibility eligible() {
        return ClaimEligibility.newBuilder()
                .setVerdictId(ORDER + "/NOT_RECEIVED/ELIGIBLE")
                .setOrderId(ORDER)
                .setMerchantId(MERCHANT)
                .setBuyerId("buyer-42")
                .setMarketplace("DE")
                .setCondition(CoverageCondition.NOT_RECEIVED)
                .setStatus(EligibilityStatus.ELIGIBLE)
                .setDetectedAt(T0.plusSeconds(8 * 86_400))
                .setCoveredAmountMinor(45_999)
                .setUncappedAmountMinor(45_999)
                .setCurrency("EUR")
                .setEvidence("PLACED ord-evt-0001; no DELIVERED by 2026-03-06")
                .setFilingOpensAt(T0.plusSeconds(17 * 86_400))
                .setVoidReason(null)
                .build();
    }

    static ClaimEligibility voided() {
        return ClaimEligibility.newBuilder()
                .setVerdictId(ORDER + "/NOT_RECEIVED/VOIDED")
                .setOrderId(ORDER)
                .setMerchantId(MERCHANT)
                .setBuyerId("buyer-42")
                .setMarketplace("DE")
                .setCondition(CoverageCondition.NOT_RECEIVED)
                .setStatus(EligibilityStatus.VOIDED)
                .setDetectedAt(T0.plusSeconds(8 * 86_400))
                .setCoveredAmountMinor(45_999)
                .setUncappedAmountMinor(52_000)
                .setCurrency("EUR")
                .setEvidence("late DELIVERED shp-evt-0002")
                .setFilingOpensAt(null)
                .setVoidReason("Delivered on 2026-03-04, before the promise")
                .build();
    }

    static DeadlineBreach breach() {
        return DeadlineBreach.newBuilder()
                .setBreachId(ORDER + "/REFUND_AFTER_RETURN/ret-1")
                .setOrderId(ORDER)
                .setMerchantId(MERCHANT)
                .setDeadline(DeadlineKind.REFUND_AFTER_RETURN)
                .setReferenceId("ret-1")
                .setStartedAt(T0.plusSeconds(9 * 86_400))
                .setDueAt(T0.plusSeconds(23 * 86_400))
                .setStatus(BreachStatus.BREACHED)
                .setDescription("No refund 14 days after the return arrived")
                .build();
    }

    static DeadlineBreach retraction() {
        return DeadlineBreach.newBuilder(breach())
                .setStatus(BreachStatus.RETRACTED)
                .setDescription("Refund r-9 occurred before the due instant")
                .build();
    }

    static MerchantNotification responseDue() {
        return MerchantNotification.newBuilder()
                .setNotificationId("ntf-" + ORDER + "-1")
                .setMerchantId(MERCHANT)
                .setOrderId(ORDER)
                .setKind(NotificationKind.RESPONSE_DUE)
                .setDeadline(DeadlineKind.CLAIM_RESPONSE)
                .setReferenceId("claim-7")
                .setDueAt(T0.plusSeconds(22 * 86_400))
                .setAt(T0.plusSeconds(20 * 86_400))
                .setMessage("Bitte bis 22.01.2026: auf den A-bis-z-Garantieantrag claim-7 antworten.")
                .setRisk(RiskKind.RETURN_UNANSWERED)
                .setLocale("de-DE")
                .setEnglishMessage("Respond to claim claim-7 within 48 hours")
                .build();
    }

    static MerchantNotification tierChanged() {
        return MerchantNotification.newBuilder()
                .setNotificationId("ntf-tier-1")
                .setMerchantId(MERCHANT)
                .setOrderId(null)
                .setKind(NotificationKind.TIER_CHANGED)
                .setDeadline(null)
                .setReferenceId(null)
                .setDueAt(null)
                .setAt(T0)
                .setMessage("Reserve tier is now STANDARD")
                .build();
    }

    static MerchantPerformance merchantPerformance() {
        return MerchantPerformance.newBuilder()
                .setMerchantId(MERCHANT)
                .setAsOf(T0)
                .setCurrency("EUR")
                .setFirstOrderAt(T0.minusSeconds(86_400L * 120))
                .setOrderCount(340)
                .setOdr(0.004)
                .setOdrOrders(250)
                .setOdrDefects(1)
                .setOnTimeDeliveryRate(0.97)
                .setLateDeliveryRate(0.03)
                .setNotReceivedRate(0.0)
                .setMerchantCancelRate(0.01)
                .setReturnRefusalRate(0.0)
                .setClaimResponseBreaches(0)
                .setRefundAfterReturnBreaches(1)
                .setChargebacks(1)
                .setChargebackRatio(0.004)
                .setSales7dMinor(120_000)
                .setSales28dMinor(450_000)
                .setSales30dMinor(480_000)
                .setUnresolvedDisputeMinor(2_500)
                .setTier(ReserveTier.TIER_II)
                .setReserveMinor(2_500)
                .setReasons(List.of("Tier II: account 120 days old, 340 orders, ODR 0.40% below 1.00%"))
                .setLateShipmentRate(0.02)
                .setPreFulfilmentCancelRate(0.01)
                .setValidTrackingRate(0.99)
                .setReturnDissatisfactionRate(0.05)
                .setReferenceMetrics(List.of(referenceMetric(), unmeasuredMetric()))
                .setLocale("fr-FR")
                .setEnglishReasons(List.of("Tier II: account 120 days old, 340 orders, ODR 0.40% below 1.00%"))
                .build();
    }

    static ReferenceMetric referenceMetric() {
        return new ReferenceMetric("lateShipmentRate", 0.02, 2L, 100L, 10, 0.04, false, true);
    }

    static ReferenceMetric unmeasuredMetric() {
        return new ReferenceMetric("validTrackingRate", null, 0L, 0L, 30, 0.95, true, null);
    }

    static MerchantPerformance newMerchantPerformance() {
        return MerchantPerformance.newBuilder()
                .setMerchantId(MERCHANT)
                .setAsOf(T0)
                .setCurrency(null)
                .setFirstOrderAt(null)
                .setOrderCount(0)
                .setOdr(null)
                .setOdrOrders(0)
                .setOdrDefects(0)
                .setOnTimeDeliveryRate(null)
                .setLateDeliveryRate(null)
                .setNotReceivedRate(null)
                .setMerchantCancelRate(null)
                .setReturnRefusalRate(null)
                .setClaimResponseBreaches(0)
                .setRefundAfterReturnBreaches(0)
                .setChargebacks(0)
                .setChargebackRatio(null)
                .setSales7dMinor(0)
                .setSales28dMinor(0)
                .setSales30dMinor(0)
                .setUnresolvedDisputeMinor(0)
                .setTier(ReserveTier.TIER_I)
                .setReserveMinor(0)
                .setReasons(List.of())
                .build();
    }

    static ReserveDecision reserveDecision() {
        return ReserveDecision.newBuilder()
                .setDecisionId(MERCHANT + "/1")
                .setMerchantId(MERCHANT)
                .setDecidedAt(T0)
                .setTier(ReserveTier.TIER_II)
                .setPreviousTier(ReserveTier.TIER_I)
                .setReserveMinor(2_500)
                .setPreviousReserveMinor(120_000L)
                .setCurrency("EUR")
                .setOdr(0.004)
                .setOrderCount(340)
                .setAccountAgeDays(120)
                .setSales7dMinor(120_000)
                .setSales30dMinor(480_000)
                .setUnresolvedDisputeMinor(2_500)
                .setReasons(List.of("Tier II: account 120 days old"))
                .setTrigger(ReserveTrigger.DAILY)
                .setCoveredTo("2026-02-28")
                .setSales7dFrom("2026-02-22")
                .setSales30dFrom("2026-01-30")
                .setOdrFrom("2025-12-31")
                .setOdrOrders(250L)
                .setOdrDefects(1L)
                .setLocale("en")
                .setEnglishReasons(List.of("Tier II: account 120 days old"))
                .build();
    }

    static ReserveDecision firstReserveDecision() {
        return ReserveDecision.newBuilder()
                .setDecisionId(MERCHANT + "/0")
                .setMerchantId(MERCHANT)
                .setDecidedAt(T0)
                .setTier(ReserveTier.TIER_I)
                .setPreviousTier(null)
                .setReserveMinor(0)
                .setPreviousReserveMinor(null)
                .setCurrency(null)
                .setOdr(null)
                .setOrderCount(1)
                .setAccountAgeDays(0)
                .setSales7dMinor(0)
                .setSales30dMinor(0)
                .setUnresolvedDisputeMinor(0)
                .setReasons(List.of())
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReason("Unknown magic byte 0x7b for topic orders")
                .setSourceTopic("orders")
                .setSourcePartition(3)
                .setSourceOffset(1_234_567_890_123L)
                .setKey(ORDER)
                .setPayload(ByteBuffer.wrap("{\"json\":true}".getBytes(StandardCharsets.UTF_8)))
                .setDeadAt(T0)
                .build();
    }

    static DeadLetter bareDeadLetter() {
        return DeadLetter.newBuilder()
                .setReason("tombstone without key")
                .setSourceTopic("refunds")
                .setSourcePartition(null)
                .setSourceOffset(null)
                .setKey(null)
                .setPayload(null)
                .setDeadAt(T0)
                .build();
    }

    static OrderCase orderCase() {
        return OrderCase.newBuilder()
                .setOrderId(ORDER)
                .setEvents(List.of(
                        CaseEvent.newBuilder()
                                .setSourceTopic("orders")
                                .setSourcePartition(0)
                                .setSourceOffset(17L)
                                .setEvent(orderPlaced())
                                .build(),
                        CaseEvent.newBuilder()
                                .setSourceTopic("refunds")
                                .setSourcePartition(null)
                                .setSourceOffset(null)
                                .setEvent(refund())
                                .build()))
                .setWaitingSince(null)
                .setPolicy(PolicySnapshot.newBuilder()
                        .setAcceptsReturns(true)
                        .setReturnWindowDays(30)
                        .setRefundWithinDays(14)
                        .setPublished(true)
                        .build())
                .setVerdicts(List.of(VerdictState.newBuilder()
                        .setCondition(CoverageCondition.LATE_DELIVERY)
                        .setStatus(EligibilityStatus.ELIGIBLE)
                        .setDetectedAt(T0)
                        .setCoveredAmountMinor(100)
                        .setUncappedAmountMinor(100)
                        .setEvidence("late")
                        .setFilingOpensAt(T0.plusSeconds(60))
                        .build()))
                .setDeadlines(List.of(DeadlineState.newBuilder()
                        .setKind(DeadlineKind.DELIVERY_PROMISE)
                        .setReferenceId(ORDER)
                        .setStartedAt(T0)
                        .setDueAt(T0.plusSeconds(86_400))
                        .setOutcome(DeadlineOutcome.OPEN)
                        .setOutcomeAt(null)
                        .setBreachEmitted(false)
                        .build()))
                .setNotifications(List.of(SentNotification.newBuilder()
                        .setNotificationId("ntf-1")
                        .setKind(NotificationKind.REMINDER)
                        .setAt(T0)
                        .setMessage("reminder")
                        .build()))
                .setNextWakeAt(T0.plusSeconds(86_400))
                .build();
    }
}
