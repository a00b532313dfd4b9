package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The merchant's own texts (reserve reasons on merchant-performance and reserve-decisions, TIER_CHANGED and
 * ODR_WARNING notices) come in the language of its home marketplace (most orders), or of its setting, with the
 * English alongside; an English merchant's read as they always did.
 */
class MerchantLanguageTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    /** {@code n} orders of {@code currency} 100.00 each in {@code marketplace}, placed and charged at {@code at}. */
    private static void orders(
            PipelineFixture f, String marketplace, String currency, String prefix, int n, String at) {
        for (int i = 0; i < n; i++) {
            f.pipe(
                    order(prefix + i, OrderEventType.PLACED, at, 10_000)
                            .setMarketplace(marketplace)
                            .setCurrency(currency)
                            .build(),
                    order(prefix + i, OrderEventType.CHARGED, at, 10_000)
                            .setMarketplace(marketplace)
                            .setCurrency(currency)
                            .build());
        }
    }

    private static List<MerchantNotification> merchantNotices(PipelineFixture f, NotificationKind kind) {
        return f.notifications().stream().filter(n -> n.getKind() == kind).toList();
    }

    private static ReserveDecision lastDecision(PipelineFixture f) {
        return f.decisions().get(f.decisions().size() - 1);
    }

    @Test
    void aFrenchMerchantsTierChangeAndReserveReasonsAreInFrenchWithTheEnglishAlongside() {
        orders(p, "FR", "EUR", "a-", 60, "2026-01-02T10:00:00Z");
        orders(p, "FR", "EUR", "b-", 60, "2026-04-05T10:00:00Z"); // past 90 days of age, 120 orders, no defect
        p.timePassesTo("2026-04-06T00:00:00Z");

        ReserveDecision tierTwo = lastDecision(p);
        assertThat(tierTwo.getTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(tierTwo.getLocale()).isEqualTo("fr-FR");
        List<String> french = List.of(
                "Niveau II : compte de 94 jours, 120 commandes, ODR de 0,00\u202f%, inférieur à 1,00\u202f% (0 sur 60 commandes avec un défaut)",
                "Réserve de 0,00 EUR : retient le plus élevé de l'ODR x les ventes des 30 derniers jours (0,00\u202f% x 6\u202f000,00 EUR = 0,00 EUR) et des litiges non résolus (0,00 EUR).",
                "Décidé sur les jours complets (UTC) jusqu'au 05/04/2026 : ventes depuis le 07/03/2026, ODR des commandes passées depuis le 05/02/2026 ; et les litiges ouverts à cet instant.");
        List<String> english = List.of(
                "Tier II: account 94 days old, 120 orders, ODR 0.00% below 1.00% (0 of 60 orders with a defect)",
                "Reserve EUR 0.00: holds the larger of ODR x the past 30 days' sales (0.00% x EUR 6000.00 = EUR 0.00) and unresolved disputes (EUR 0.00).",
                "Decided on the whole days (UTC) up to 2026-04-05: sales since 2026-03-07, ODR of orders placed since 2026-02-05; and the disputes open now.");
        assertThat(tierTwo.getReasons()).containsExactlyElementsOf(french);
        assertThat(tierTwo.getEnglishReasons()).containsExactlyElementsOf(english);
        MerchantPerformance view = p.merchant("m-1");
        assertThat(view.getLocale()).isEqualTo("fr-FR");
        assertThat(view.getReasons()).containsExactlyElementsOf(french);
        assertThat(view.getEnglishReasons()).containsExactlyElementsOf(english);
        assertThat(p.snapshots().get(p.snapshots().size() - 1).value().getReasons())
                .containsExactlyElementsOf(french);

        assertThat(merchantNotices(p, NotificationKind.TIER_CHANGED))
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.getLocale()).isEqualTo("fr-FR");
                    assertThat(n.getOrderId()).isNull();
                    assertThat(n.getMessage())
                            .isEqualTo("Votre réserve passe du niveau I au niveau II. " + String.join(" ", french));
                    assertThat(n.getEnglishMessage())
                            .isEqualTo("Your reserve moves from TIER_I to TIER_II. " + String.join(" ", english));
                });

        // A chargeback: the ODR passes the threshold (the warning and the tier change, both in French).
        p.pipe(dispute("b-0", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-04-06T10:00:00Z"));
        assertThat(merchantNotices(p, NotificationKind.TIER_CHANGED))
                .hasSize(2)
                .last()
                .satisfies(n -> {
                    assertThat(n.getLocale()).isEqualTo("fr-FR");
                    assertThat(n.getMessage())
                            .startsWith(
                                    "Votre réserve passe du niveau II au niveau I. Niveau I : taux de défauts"
                                            + " de commande (ODR) de 1,67\u202f%, égal ou supérieur à 1,00\u202f% Réserve de 6\u202f000,00 EUR : ");
                    assertThat(n.getEnglishMessage())
                            .startsWith("Your reserve moves from TIER_II to TIER_I. Tier I: ODR 1.67%, at or"
                                    + " above 1.00% Reserve EUR 6000.00: ");
                });
        assertThat(merchantNotices(p, NotificationKind.ODR_WARNING))
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.getLocale()).isEqualTo("fr-FR");
                    assertThat(n.getMessage())
                            .isEqualTo("Votre taux de défauts de commande (ODR) est de 1,67\u202f% (1 sur 60 commandes"
                                    + " en 60 jours) ; à 1,00\u202f%, votre réserve passe au niveau I.");
                    assertThat(n.getEnglishMessage())
                            .isEqualTo(
                                    "Your Order Defect Rate is 1.67% (1 of 60 orders over 60 days); at 1.00% your reserve moves to Tier I.");
                });
        assertThat(lastDecision(p).getReasons().get(0))
                .isEqualTo(
                        "Niveau I : taux de défauts de commande (ODR) de 1,67\u202f%, égal ou supérieur à 1,00\u202f%");
        assertThat(lastDecision(p).getEnglishReasons().get(0)).isEqualTo("Tier I: ODR 1.67%, at or above 1.00%");
    }

    @Test
    void anEnglishMerchantsTextsReadAsBeforeAndSayTheirLocale() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 10_000, null), charged("o-1", "2026-03-01T10:00:00Z", 10_000));

        List<String> english = List.of(
                "Tier I: the account is 0 days old, younger than 90 days",
                "Tier I: 0 orders, 100 or fewer",
                "Reserve USD 0.00: holds the larger of the past 7 days' payments (USD 0.00) and unresolved disputes (USD 0.00).",
                "Decided on the whole days (UTC) up to 2026-02-28: payments since 2026-02-22, ODR of orders placed since 2025-12-31; and the disputes open now.");
        assertThat(p.decisions()).singleElement().satisfies(d -> {
            assertThat(d.getLocale()).isEqualTo("en");
            assertThat(d.getReasons()).containsExactlyElementsOf(english);
            assertThat(d.getEnglishReasons()).containsExactlyElementsOf(english);
        });
        assertThat(p.merchant("m-1").getLocale()).isEqualTo("en");
        assertThat(p.merchant("m-1").getEnglishReasons())
                .isEqualTo(p.merchant("m-1").getReasons());
    }

    @Test
    void theLanguageIsThatOfTheMarketplaceWithTheMostOrders() {
        orders(p, "FR", "EUR", "f-", 2, "2026-03-01T10:00:00Z");
        assertThat(p.merchant("m-1").getLocale()).isEqualTo("fr-FR");
        // Orders abroad do not switch the language back and forth; as many as at home do not either.
        orders(p, "IT", "EUR", "i-", 2, "2026-03-02T10:00:00Z");
        assertThat(p.merchant("m-1").getLocale()).isEqualTo("fr-FR");
        assertThat(p.merchant("m-1").getReasons().get(0)).isEqualTo("Niveau I : le compte a 1 jour, moins de 90 jours");
        orders(p, "IT", "EUR", "j-", 1, "2026-03-02T11:00:00Z");
        assertThat(p.merchant("m-1").getLocale()).isEqualTo("it-IT");
        assertThat(p.merchant("m-1").getReasons().get(0))
                .isEqualTo("Livello I: l'account ha 1 giorno, meno di 90 giorni");
        assertThat(p.merchant("m-1").getEnglishReasons().get(0))
                .isEqualTo("Tier I: the account is 1 day old, younger than 90 days");
    }

    @Test
    void aMerchantsLanguageIsASetting() {
        try (PipelineFixture q = new PipelineFixture(Map.of("merchant.m-1.locale", "de-DE"))) {
            orders(q, "FR", "EUR", "f-", 2, "2026-03-01T10:00:00Z");
            q.timePassesTo("2026-03-02T00:00:00Z");
            assertThat(lastDecision(q).getLocale()).isEqualTo("de-DE");
            assertThat(lastDecision(q).getReasons())
                    .first()
                    .isEqualTo("Stufe I: das Konto ist 1 Tag alt, jünger als 90 Tage");
            assertThat(q.merchant("m-1").getReasons().get(1)).isEqualTo("Stufe I: 2 Bestellungen, 100 oder weniger");
        }
    }
}
