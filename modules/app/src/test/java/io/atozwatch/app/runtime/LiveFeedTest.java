package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.http.ApiError;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.RiskKind;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live feed's history: newest first, bounded, dead letters kept apart; the routes' parameters. */
class LiveFeedTest {
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    private static ClaimEligibility verdict(String orderId) {
        return ClaimEligibility.newBuilder()
                .setVerdictId(orderId + "/NOT_RECEIVED/ELIGIBLE")
                .setOrderId(orderId)
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setCondition(CoverageCondition.NOT_RECEIVED)
                .setStatus(EligibilityStatus.ELIGIBLE)
                .setDetectedAt(T)
                .setCoveredAmountMinor(100)
                .setUncappedAmountMinor(100)
                .setCurrency("USD")
                .setEvidence("no delivery")
                .build();
    }

    @Test
    void keepsTheLatestItemsNewestFirstAndDeadLettersApart() {
        try (LiveFeed feed = new LiveFeed(3)) {
            for (int i = 1; i <= 4; i++) {
                feed.verdictEmitted(verdict("o-" + i), T);
            }
            feed.notificationEmitted(MerchantNotification.newBuilder()
                    .setNotificationId("o-9/risk/NOT_RECEIVED/o-9/AT_RISK")
                    .setMerchantId("m-1")
                    .setOrderId("o-9")
                    .setKind(NotificationKind.AT_RISK)
                    .setRisk(RiskKind.NOT_RECEIVED)
                    .setAt(T)
                    .setMessage("Commande o-9 : ...")
                    .setEnglishMessage("Order o-9: at risk")
                    .setLocale("fr-FR")
                    .build());
            feed.deadLettered(DeadLetter.newBuilder()
                    .setReason("not Avro")
                    .setSourceTopic("orders")
                    .setSourcePartition(1)
                    .setSourceOffset(7L)
                    .setKey("o-x")
                    .setDeadAt(T)
                    .build());

            assertThat(feed.latest(10))
                    .extracting(
                            n -> n.get("type").asText() + " " + n.get("orderId").asText())
                    .containsExactly("dead-letter o-x", "notification o-9", "verdict o-4");
            ObjectNode note = feed.latest(10).get(1);
            assertThat(note.get("summary").asText()).isEqualTo("AT_RISK NOT_RECEIVED");
            assertThat(note.get("message").asText()).isEqualTo("Order o-9: at risk"); // the English text
            assertThat(feed.latestDeadLetters(10)).singleElement().satisfies(d -> {
                assertThat(d.get("reason").asText()).isEqualTo("not Avro");
                assertThat(d.get("summary").asText()).isEqualTo("orders");
                assertThat(d.get("offset").asLong()).isEqualTo(7);
            });
            assertThat(feed.latest(1)).hasSize(1);
        }
    }

    @Test
    void theFeedsTypesAndTheDeadLettersLimitAreChecked() {
        assertThat(StatusRoutes.types(null)).isEqualTo(LiveFeed.TYPES);
        assertThat(StatusRoutes.types("verdict,breach,bogus")).containsExactlyInAnyOrder("verdict", "breach");
        assertThat(StatusRoutes.limit(null)).isEqualTo(50);
        assertThat(StatusRoutes.limit("200")).isEqualTo(200);
        for (String bad : new String[] {"0", "201", "x"}) {
            assertThatThrownBy(() -> StatusRoutes.limit(bad))
                    .isInstanceOf(ApiError.class)
                    .hasMessageContaining("1..200");
        }
        assertThat(Set.copyOf(LiveFeed.TYPES)).contains("dead-letter");
    }
}
