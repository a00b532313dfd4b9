package io.atozwatch.topology.notices;

import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.PipelineFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notices go out in the language of the order's marketplace, with the English text alongside. */
class NoticeLanguageTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private MerchantNotification firstNoticeOf(PipelineFixture f, String orderId) {
        return f.notifications().stream()
                .filter(n -> orderId.equals(n.getOrderId()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFrenchOrdersNoticeIsInFrenchWithTheEnglishAlongside() {
        p.pipe(order("o-fr", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                .setMarketplace("FR")
                .setCurrency("EUR")
                .setMaxDeliveryAt(t("2026-03-06T10:00:00Z"))
                .build());

        MerchantNotification n = firstNoticeOf(p, "o-fr");

        assertThat(n.getLocale()).isEqualTo("fr-FR");
        assertThat(n.getMessage())
                .isEqualTo("Commande o-fr : Veuillez livrer la commande o-fr avant le 06/03/2026 10:00 UTC.");
        assertThat(n.getEnglishMessage()).isEqualTo("Order o-fr: Please deliver order o-fr by 2026-03-06T10:00:00Z.");
        // The case keeps the English text, for support agents.
        assertThat(p.caseOf("o-fr").getNotifications())
                .singleElement()
                .satisfies(s -> assertThat(s.getMessage()).isEqualTo(n.getEnglishMessage()));
    }

    @Test
    void anOrderOfAMarketplaceWithoutTranslationIsInEnglish() {
        p.pipe(placed("o-us", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));

        MerchantNotification n = firstNoticeOf(p, "o-us");

        assertThat(n.getLocale()).isEqualTo("en");
        assertThat(n.getMessage()).isEqualTo(n.getEnglishMessage()).startsWith("Order o-us: Please deliver");
    }

    @Test
    void theLanguageOfAMarketplaceIsASetting() {
        try (PipelineFixture q =
                new PipelineFixture(Map.of("marketplace.US.locale", "es-US", "marketplace.DE.locale", "en"))) {
            q.pipe(
                    placed("o-us", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    order("o-de", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                            .setMarketplace("DE")
                            .setCurrency("EUR")
                            .setMaxDeliveryAt(t("2026-03-06T10:00:00Z"))
                            .build());

            assertThat(firstNoticeOf(q, "o-us").getMessage()).startsWith("Pedido o-us: Debe entregar el pedido o-us");
            assertThat(firstNoticeOf(q, "o-us").getLocale()).isEqualTo("es-US");
            assertThat(firstNoticeOf(q, "o-de").getMessage()).startsWith("Order o-de: Please deliver");
        }
    }
}
