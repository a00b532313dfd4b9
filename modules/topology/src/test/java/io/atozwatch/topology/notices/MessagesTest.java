package io.atozwatch.topology.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A golden message per kind of notice in each language: a deadline starts, its reminder, its breach (with the
 * four deadlines' phrases) and the three at-risk warnings. English keeps ISO-8601 instants and "EUR 1234.56";
 * the others write dates, times and amounts their own way (French groups thousands with a narrow no-break space).
 * And a golden text of every phrase of the merchant's own texts (reserve reasons, tier changes, ODR warnings) in
 * each language: English keeps ISO-8601 days and "1.25%", as the reasons always had them.
 */
class MessagesTest {
    private static final Instant DUE = Instant.parse("2026-03-06T10:00:00Z");

    /** The notices rendered in every language below, in this order. */
    private static final List<Text> NOTICES = List.of(
            order(Text.of("deadline.due", Text.of("what.deliver", "o-1"), DUE)),
            order(Text.of(
                    "deadline.reminder", Text.of("what.refund-return", "r-1", new Text.Amount(123456, "EUR")), DUE)),
            order(Text.of("deadline.missed", Text.of("what.respond-claim", "c-1"), DUE)),
            order(Text.of("deadline.due", Text.of("what.respond-chargeback", "cb-1"), DUE)),
            order(Text.of("notice.at-risk", Text.of("risk.not-received", DUE))),
            order(Text.of(
                    "notice.at-risk",
                    Text.of(
                            "risk.return-unanswered",
                            "r-1",
                            Instant.parse("2026-03-07T10:00:00Z"),
                            Instant.parse("2026-03-09T10:00:00Z")))),
            order(Text.of(
                    "notice.at-risk",
                    Text.of(
                            "risk.contact-unanswered",
                            Instant.parse("2026-03-04T10:00:00Z"),
                            Instant.parse("2026-03-05T10:00:00Z")))));

    private static final Map<String, List<String>> GOLDEN = Map.ofEntries(
            Map.entry(
                    "en",
                    List.of(
                            "Order o-1: Please deliver order o-1 by 2026-03-06T10:00:00Z.",
                            "Order o-1: Reminder: refund return r-1 (EUR 1234.56) by 2026-03-06T10:00:00Z; it is still open.",
                            "Order o-1: Deadline missed: respond to A-to-z claim c-1 was due at 2026-03-06T10:00:00Z.",
                            "Order o-1: Please respond to chargeback cb-1 by 2026-03-06T10:00:00Z.",
                            "Order o-1: at risk: no delivery is confirmed yet. Check the parcel's tracking with the carrier and tell the buyer where it is, or refund; from 2026-03-06T10:00:00Z the buyer can file an A-to-z claim for an item not received.",
                            "Order o-1: at risk: return r-1 requested at 2026-03-07T10:00:00Z is not answered yet. Authorize or reject it before 2026-03-09T10:00:00Z: a request unanswered after that counts against your Return Dissatisfaction Rate, and a refused return can become an A-to-z claim.",
                            "Order o-1: at risk: the buyer contacted you at 2026-03-04T10:00:00Z and has had no refund, shipment or answer to a return since. Answer the buyer and settle what they asked for: from 2026-03-05T10:00:00Z they can file an A-to-z claim.")),
            Map.entry(
                    "fr-FR",
                    List.of(
                            "Commande o-1 : Veuillez livrer la commande o-1 avant le 06/03/2026 10:00 UTC.",
                            "Commande o-1 : Rappel : veuillez rembourser le retour r-1 (1\u202f234,56 EUR) avant le 06/03/2026 10:00 UTC ; ce délai court toujours.",
                            "Commande o-1 : Délai dépassé : il fallait répondre à la réclamation A-to-z c-1 avant le 06/03/2026 10:00 UTC.",
                            "Commande o-1 : Veuillez répondre à la rétrofacturation cb-1 avant le 06/03/2026 10:00 UTC.",
                            "Commande o-1 : risque de réclamation : aucune livraison n'est encore confirmée. Vérifiez le suivi du colis auprès du transporteur et dites à l'acheteur où il se trouve, ou remboursez-le ; à partir du 06/03/2026 10:00 UTC, l'acheteur peut déposer une réclamation A-to-z pour article non reçu.",
                            "Commande o-1 : risque de réclamation : le retour r-1 demandé le 07/03/2026 10:00 UTC n'a pas encore de réponse. Acceptez-le ou refusez-le avant le 09/03/2026 10:00 UTC : une demande restée sans réponse au-delà compte dans votre taux d'insatisfaction liée aux retours, et un retour refusé peut donner lieu à une réclamation A-to-z.",
                            "Commande o-1 : risque de réclamation : l'acheteur vous a contacté le 04/03/2026 10:00 UTC et n'a reçu depuis ni remboursement, ni expédition, ni réponse à un retour. Répondez-lui et réglez sa demande : à partir du 05/03/2026 10:00 UTC, il peut déposer une réclamation A-to-z.")),
            Map.entry(
                    "de-DE",
                    List.of(
                            "Bestellung o-1: Bitte bis 06.03.2026 10:00 UTC: Bestellung o-1 liefern.",
                            "Bestellung o-1: Erinnerung: Rücksendung r-1 erstatten (1.234,56 EUR) (fällig bis 06.03.2026 10:00 UTC); die Frist läuft noch.",
                            "Bestellung o-1: Frist versäumt: auf den A-bis-z-Garantieantrag c-1 antworten (fällig bis 06.03.2026 10:00 UTC).",
                            "Bestellung o-1: Bitte bis 06.03.2026 10:00 UTC: auf die Rückbuchung cb-1 antworten.",
                            "Bestellung o-1: Reklamationsrisiko: noch ist keine Zustellung bestätigt. Prüfen Sie die Sendungsverfolgung beim Versanddienstleister und sagen Sie dem Käufer, wo das Paket ist, oder erstatten Sie den Betrag; ab 06.03.2026 10:00 UTC kann der Käufer einen A-bis-z-Garantieantrag wegen Nichterhalt stellen.",
                            "Bestellung o-1: Reklamationsrisiko: die am 07.03.2026 10:00 UTC beantragte Rücksendung r-1 ist noch unbeantwortet. Genehmigen oder lehnen Sie sie vor 09.03.2026 10:00 UTC ab: danach zählt die Anfrage gegen Ihre Rate der Unzufriedenheit mit Rücksendungen, und eine abgelehnte Rücksendung kann zu einem A-bis-z-Garantieantrag führen.",
                            "Bestellung o-1: Reklamationsrisiko: der Käufer hat Sie am 04.03.2026 10:00 UTC kontaktiert und seitdem weder eine Erstattung noch einen Versand noch eine Antwort zu einer Rücksendung erhalten. Antworten Sie dem Käufer und erledigen Sie sein Anliegen: ab 05.03.2026 10:00 UTC kann er einen A-bis-z-Garantieantrag stellen.")),
            Map.entry(
                    "es-ES",
                    List.of(
                            "Pedido o-1: Debe entregar el pedido o-1 antes del 06/03/2026 10:00 UTC.",
                            "Pedido o-1: Recordatorio: debe reembolsar la devolución r-1 (1.234,56 EUR) antes del 06/03/2026 10:00 UTC; el plazo sigue abierto.",
                            "Pedido o-1: Plazo incumplido: había que responder a la reclamación de la Garantía de la A a la Z c-1 antes del 06/03/2026 10:00 UTC.",
                            "Pedido o-1: Debe responder al contracargo cb-1 antes del 06/03/2026 10:00 UTC.",
                            "Pedido o-1: riesgo de reclamación: todavía no hay ninguna entrega confirmada. Consulte el seguimiento del paquete con el transportista e indique al comprador dónde está, o reembólselo; a partir del 06/03/2026 10:00 UTC el comprador puede presentar una reclamación de la Garantía de la A a la Z por artículo no recibido.",
                            "Pedido o-1: riesgo de reclamación: la devolución r-1 solicitada el 07/03/2026 10:00 UTC aún no tiene respuesta. Autorícela o recháchela antes del 09/03/2026 10:00 UTC: una solicitud sin respuesta después de esa fecha cuenta en su tasa de insatisfacción con las devoluciones, y una devolución rechazada puede acabar en una reclamación de la Garantía de la A a la Z.",
                            "Pedido o-1: riesgo de reclamación: el comprador le contactó el 04/03/2026 10:00 UTC y desde entonces no ha recibido ni reembolso, ni envío, ni respuesta a una devolución. Responda al comprador y resuelva su petición: a partir del 05/03/2026 10:00 UTC puede presentar una reclamación de la Garantía de la A a la Z.")),
            Map.entry(
                    "it-IT",
                    List.of(
                            "Ordine o-1: Si prega di consegnare l'ordine o-1 entro il 06/03/2026 10:00 UTC.",
                            "Ordine o-1: Promemoria: rimborsare il reso r-1 (1.234,56 EUR) entro il 06/03/2026 10:00 UTC; la scadenza è ancora aperta.",
                            "Ordine o-1: Scadenza mancata: occorreva rispondere al reclamo Garanzia dalla A alla Z c-1 entro il 06/03/2026 10:00 UTC.",
                            "Ordine o-1: Si prega di rispondere allo storno di addebito cb-1 entro il 06/03/2026 10:00 UTC.",
                            "Ordine o-1: rischio di reclamo: nessuna consegna è ancora confermata. Controlla il tracciamento del pacco con il corriere e comunica all'acquirente dove si trova, oppure rimborsalo; dal 06/03/2026 10:00 UTC l'acquirente può presentare un reclamo Garanzia dalla A alla Z per articolo non ricevuto.",
                            "Ordine o-1: rischio di reclamo: il reso r-1 richiesto il 07/03/2026 10:00 UTC non ha ancora risposta. Autorizzalo o rifiutalo entro il 09/03/2026 10:00 UTC: una richiesta senza risposta oltre quel termine conta nel tuo tasso di insoddisfazione per i resi, e un reso rifiutato può diventare un reclamo Garanzia dalla A alla Z.",
                            "Ordine o-1: rischio di reclamo: l'acquirente ti ha contattato il 04/03/2026 10:00 UTC e da allora non ha ricevuto né rimborso, né spedizione, né risposta a un reso. Rispondi all'acquirente e risolvi la sua richiesta: dal 05/03/2026 10:00 UTC può presentare un reclamo Garanzia dalla A alla Z.")));

    private static final LocalDate COVERED_TO = LocalDate.parse("2026-04-05");

    /** Every phrase of the merchant's own texts, rendered in every language below, in this order. */
    private static final List<Text> MERCHANT_TEXTS = List.of(
            Text.of("reserve.tier-one", Text.of("reserve.young", new Text.Count(1, "days"), 90)),
            Text.of("reserve.tier-one", Text.of("reserve.few-orders", new Text.Count(3, "orders"), 100)),
            Text.of(
                    "reserve.tier-one",
                    Text.of("reserve.high-odr", new Text.Percent(1.0 / 60), new Text.Percent(0.01))),
            Text.of(
                    "reserve.tier-two",
                    new Text.Count(120, "days"),
                    new Text.Count(1234, "orders"),
                    Text.of("reserve.odr-below", new Text.Percent(0.005), new Text.Percent(0.01), 1, 200)),
            Text.of(
                    "reserve.tier-two-plus",
                    new Text.Count(0, "days"),
                    new Text.Count(1, "orders"),
                    Text.of("reserve.no-odr")),
            Text.of(
                    "reserve.amount",
                    new Text.Amount(123456, "EUR"),
                    Text.of("reserve.how.tier-one", new Text.Amount(123456, "EUR"), new Text.Amount(0, "EUR"))),
            Text.of(
                    "reserve.amount",
                    Text.of("amount.minor-units", 500),
                    Text.of("reserve.how.tier-two-plus", Text.of("amount.minor-units", 500))),
            Text.of(
                    "reserve.amount",
                    new Text.Amount(2500, "EUR"),
                    Text.of("reserve.how.tier-two-no-odr", new Text.Amount(2500, "EUR"))),
            Text.of(
                    "reserve.amount",
                    new Text.Amount(10000, "EUR"),
                    Text.of(
                            "reserve.how.tier-two",
                            new Text.Percent(1.0 / 60),
                            new Text.Amount(600000, "EUR"),
                            new Text.Amount(10000, "EUR"),
                            new Text.Amount(2500, "EUR"))),
            Text.of("reserve.basis.payments", COVERED_TO, LocalDate.parse("2026-03-30"), LocalDate.parse("2026-02-05")),
            Text.of("reserve.basis.sales", COVERED_TO, LocalDate.parse("2026-03-07"), LocalDate.parse("2026-02-05")),
            Text.of("reserve.basis.disputes", COVERED_TO, LocalDate.parse("2026-02-05")),
            Text.of("merchant.tier-changed", Text.of("tier.TIER_I"), Text.of("tier.TIER_II"), "R."),
            Text.of("merchant.tier-changed", Text.of("tier.TIER_II"), Text.of("tier.TIER_II_PLUS"), "R."),
            Text.of("merchant.odr-warning", new Text.Percent(0.0075), 3, 400, 60, new Text.Percent(0.01)));

    private static final Map<String, List<String>> MERCHANT_GOLDEN = Map.ofEntries(
            Map.entry(
                    "en",
                    List.of(
                            "Tier I: the account is 1 day old, younger than 90 days",
                            "Tier I: 3 orders, 100 or fewer",
                            "Tier I: ODR 1.67%, at or above 1.00%",
                            "Tier II: account 120 days old, 1234 orders, ODR 0.50% below 1.00% (1 of 200 orders with a defect)",
                            "Tier II-Plus: account 0 days old, 1 order, no ODR yet: no orders placed in its window",
                            "Reserve EUR 1234.56: holds the larger of the past 7 days' payments (EUR 1234.56) and unresolved disputes (EUR 0.00).",
                            "Reserve 500 (minor units): holds unresolved disputes only (500 (minor units)).",
                            "Reserve EUR 25.00: holds unresolved disputes (EUR 25.00): with no ODR, ODR x sales is nothing.",
                            "Reserve EUR 100.00: holds the larger of ODR x the past 30 days' sales (1.67% x EUR 6000.00 = EUR 100.00) and unresolved disputes (EUR 25.00).",
                            "Decided on the whole days (UTC) up to 2026-04-05: payments since 2026-03-30, ODR of orders placed since 2026-02-05; and the disputes open now.",
                            "Decided on the whole days (UTC) up to 2026-04-05: sales since 2026-03-07, ODR of orders placed since 2026-02-05; and the disputes open now.",
                            "Decided on the whole days (UTC) up to 2026-04-05: ODR of orders placed since 2026-02-05; and the disputes open now.",
                            "Your reserve moves from TIER_I to TIER_II. R.",
                            "Your reserve moves from TIER_II to TIER_II_PLUS. R.",
                            "Your Order Defect Rate is 0.75% (3 of 400 orders over 60 days); at 1.00% your reserve moves to Tier I.")),
            Map.entry(
                    "fr-FR",
                    List.of(
                            "Niveau I : le compte a 1 jour, moins de 90 jours",
                            "Niveau I : 3 commandes, soit 100 ou moins",
                            "Niveau I : taux de défauts de commande (ODR) de 1,67\u202f%, égal ou supérieur à 1,00\u202f%",
                            "Niveau II : compte de 120 jours, 1234 commandes, ODR de 0,50\u202f%, inférieur à 1,00\u202f% (1 sur 200 commandes avec un défaut)",
                            "Niveau II-Plus : compte de 0 jour, 1 commande, pas encore d'ODR : aucune commande passée sur sa période",
                            "Réserve de 1\u202f234,56 EUR : retient le plus élevé des paiements des 7 derniers jours (1\u202f234,56 EUR) et des litiges non résolus (0,00 EUR).",
                            "Réserve de 500 (en unités mineures) : retient uniquement les litiges non résolus (500 (en unités mineures)).",
                            "Réserve de 25,00 EUR : retient les litiges non résolus (25,00 EUR) : sans ODR, ODR x ventes est nul.",
                            "Réserve de 100,00 EUR : retient le plus élevé de l'ODR x les ventes des 30 derniers jours (1,67\u202f% x 6\u202f000,00 EUR = 100,00 EUR) et des litiges non résolus (25,00 EUR).",
                            "Décidé sur les jours complets (UTC) jusqu'au 05/04/2026 : paiements depuis le 30/03/2026, ODR des commandes passées depuis le 05/02/2026 ; et les litiges ouverts à cet instant.",
                            "Décidé sur les jours complets (UTC) jusqu'au 05/04/2026 : ventes depuis le 07/03/2026, ODR des commandes passées depuis le 05/02/2026 ; et les litiges ouverts à cet instant.",
                            "Décidé sur les jours complets (UTC) jusqu'au 05/04/2026 : ODR des commandes passées depuis le 05/02/2026 ; et les litiges ouverts à cet instant.",
                            "Votre réserve passe du niveau I au niveau II. R.",
                            "Votre réserve passe du niveau II au niveau II-Plus. R.",
                            "Votre taux de défauts de commande (ODR) est de 0,75\u202f% (3 sur 400 commandes en 60 jours) ; à 1,00\u202f%, votre réserve passe au niveau I.")),
            Map.entry(
                    "de-DE",
                    List.of(
                            "Stufe I: das Konto ist 1 Tag alt, jünger als 90 Tage",
                            "Stufe I: 3 Bestellungen, 100 oder weniger",
                            "Stufe I: Bestellmängelquote (ODR) 1,67\u00a0%, mindestens 1,00\u00a0%",
                            "Stufe II: Konto 120 Tage alt, 1234 Bestellungen, ODR 0,50\u00a0% unter 1,00\u00a0% (1 von 200 Bestellungen mit Mangel)",
                            "Stufe II-Plus: Konto 0 Tage alt, 1 Bestellung, noch keine ODR: keine Bestellungen in ihrem Zeitraum",
                            "Rücklage 1.234,56 EUR: hält den höheren Betrag aus den Zahlungen der letzten 7 Tage (1.234,56 EUR) und den offenen Streitfällen (0,00 EUR) zurück.",
                            "Rücklage 500 (in kleinsten Währungseinheiten): hält nur die offenen Streitfälle (500 (in kleinsten Währungseinheiten)) zurück.",
                            "Rücklage 25,00 EUR: hält die offenen Streitfälle (25,00 EUR) zurück: ohne ODR ist ODR x Umsatz null.",
                            "Rücklage 100,00 EUR: hält den höheren Betrag aus ODR x Umsatz der letzten 30 Tage (1,67\u00a0% x 6.000,00 EUR = 100,00 EUR) und den offenen Streitfällen (25,00 EUR) zurück.",
                            "Entschieden auf Grundlage der vollen Tage (UTC) bis 05.04.2026: Zahlungen seit 30.03.2026, ODR der seit 05.02.2026 aufgegebenen Bestellungen; und der jetzt offenen Streitfälle.",
                            "Entschieden auf Grundlage der vollen Tage (UTC) bis 05.04.2026: Umsatz seit 07.03.2026, ODR der seit 05.02.2026 aufgegebenen Bestellungen; und der jetzt offenen Streitfälle.",
                            "Entschieden auf Grundlage der vollen Tage (UTC) bis 05.04.2026: ODR der seit 05.02.2026 aufgegebenen Bestellungen; und der jetzt offenen Streitfälle.",
                            "Ihre Rücklage wechselt von Stufe I zu Stufe II. R.",
                            "Ihre Rücklage wechselt von Stufe II zu Stufe II-Plus. R.",
                            "Ihre Bestellmängelquote (ODR) beträgt 0,75\u00a0% (3 von 400 Bestellungen in 60 Tagen); ab 1,00\u00a0% wechselt Ihre Rücklage in Stufe I.")),
            Map.entry(
                    "es-ES",
                    List.of(
                            "Nivel I: la cuenta tiene 1 día de antigüedad, menos de 90 días",
                            "Nivel I: 3 pedidos, 100 o menos",
                            "Nivel I: tasa de defectos en pedidos (ODR) del 1,67\u00a0%, igual o superior al 1,00\u00a0%",
                            "Nivel II: cuenta con 120 días de antigüedad, 1234 pedidos, ODR del 0,50\u00a0%, inferior al 1,00\u00a0% (1 de 200 pedidos con un defecto)",
                            "Nivel II-Plus: cuenta con 0 días de antigüedad, 1 pedido, aún sin ODR: ningún pedido realizado en su periodo",
                            "Reserva de 1.234,56 EUR: retiene el mayor importe entre los pagos de los últimos 7 días (1.234,56 EUR) y las disputas sin resolver (0,00 EUR).",
                            "Reserva de 500 (en unidades menores): retiene solo las disputas sin resolver (500 (en unidades menores)).",
                            "Reserva de 25,00 EUR: retiene las disputas sin resolver (25,00 EUR): sin ODR, ODR x ventas es cero.",
                            "Reserva de 100,00 EUR: retiene el mayor importe entre el ODR x las ventas de los últimos 30 días (1,67\u00a0% x 6.000,00 EUR = 100,00 EUR) y las disputas sin resolver (25,00 EUR).",
                            "Decidido sobre los días completos (UTC) hasta el 05/04/2026: pagos desde el 30/03/2026, ODR de los pedidos realizados desde el 05/02/2026; y las disputas abiertas ahora.",
                            "Decidido sobre los días completos (UTC) hasta el 05/04/2026: ventas desde el 07/03/2026, ODR de los pedidos realizados desde el 05/02/2026; y las disputas abiertas ahora.",
                            "Decidido sobre los días completos (UTC) hasta el 05/04/2026: ODR de los pedidos realizados desde el 05/02/2026; y las disputas abiertas ahora.",
                            "Su reserva pasa del nivel I al nivel II. R.",
                            "Su reserva pasa del nivel II al nivel II-Plus. R.",
                            "Su tasa de defectos en pedidos (ODR) es del 0,75\u00a0% (3 de 400 pedidos en 60 días); al llegar al 1,00\u00a0%, su reserva pasa al nivel I.")),
            Map.entry(
                    "it-IT",
                    List.of(
                            "Livello I: l'account ha 1 giorno, meno di 90 giorni",
                            "Livello I: 3 ordini, 100 o meno",
                            "Livello I: tasso di difettosità degli ordini (ODR) 1,67%, pari o superiore a 1,00%",
                            "Livello II: account di 120 giorni, 1234 ordini, ODR 0,50%, inferiore a 1,00% (1 su 200 ordini con un difetto)",
                            "Livello II-Plus: account di 0 giorni, 1 ordine, ancora nessun ODR: nessun ordine effettuato nel suo periodo",
                            "Riserva di 1.234,56 EUR: trattiene il maggiore tra i pagamenti degli ultimi 7 giorni (1.234,56 EUR) e le contestazioni non risolte (0,00 EUR).",
                            "Riserva di 500 (in unità minori): trattiene solo le contestazioni non risolte (500 (in unità minori)).",
                            "Riserva di 25,00 EUR: trattiene le contestazioni non risolte (25,00 EUR): senza ODR, ODR x vendite è zero.",
                            "Riserva di 100,00 EUR: trattiene il maggiore tra ODR x le vendite degli ultimi 30 giorni (1,67% x 6.000,00 EUR = 100,00 EUR) e le contestazioni non risolte (25,00 EUR).",
                            "Deciso sui giorni interi (UTC) fino al 05/04/2026: pagamenti dal 30/03/2026, ODR degli ordini effettuati dal 05/02/2026; e le contestazioni aperte ora.",
                            "Deciso sui giorni interi (UTC) fino al 05/04/2026: vendite dal 07/03/2026, ODR degli ordini effettuati dal 05/02/2026; e le contestazioni aperte ora.",
                            "Deciso sui giorni interi (UTC) fino al 05/04/2026: ODR degli ordini effettuati dal 05/02/2026; e le contestazioni aperte ora.",
                            "La tua riserva passa dal livello I al livello II. R.",
                            "La tua riserva passa dal livello II al livello II-Plus. R.",
                            "Il tuo tasso di difettosità degli ordini (ODR) è 0,75% (3 su 400 ordini in 60 giorni); a 1,00% la tua riserva passa al livello I.")));

    private static Text order(Text message) {
        return Text.of("notice.order", "o-1", message);
    }

    private static List<String> rendered(String languageTag) {
        Messages m = Messages.of(Locale.forLanguageTag(languageTag));
        return NOTICES.stream().map(m::render).toList();
    }

    @Test
    void everyNoticeReadsAsTheGoldenTextInEachLanguage() {
        for (Map.Entry<String, List<String>> golden : GOLDEN.entrySet()) {
            assertThat(rendered(golden.getKey())).as(golden.getKey()).containsExactlyElementsOf(golden.getValue());
        }
    }

    @Test
    void everyMerchantTextReadsAsTheGoldenTextInEachLanguage() {
        for (Map.Entry<String, List<String>> golden : MERCHANT_GOLDEN.entrySet()) {
            Messages m = Messages.of(Locale.forLanguageTag(golden.getKey()));
            assertThat(m.render(MERCHANT_TEXTS)).as(golden.getKey()).containsExactlyElementsOf(golden.getValue());
        }
    }

    @Test
    void theGoldenTextsUseEveryKeyOfTheEnglishBundle() throws Exception {
        List<String> used = new ArrayList<>();
        NOTICES.forEach(t -> keys(t, used));
        MERCHANT_TEXTS.forEach(t -> keys(t, used));
        assertThat(used).containsAll(bundle("messages.properties").stringPropertyNames());
    }

    private static void keys(Object arg, List<String> into) {
        if (arg instanceof Text t) {
            into.add(t.key());
            t.args().forEach(a -> keys(a, into));
        } else if (arg instanceof Text.Count c) {
            into.add("count." + c.noun() + (c.n() == 1 ? ".one" : ".other"));
        }
    }

    @Test
    void aLanguageWithoutTranslationsGetsEnglish() {
        assertThat(rendered("ja-JP")).isEqualTo(rendered("en"));
        assertThat(Messages.of(Locale.forLanguageTag("ja-JP")).render(MERCHANT_TEXTS))
                .isEqualTo(Messages.ENGLISH.render(MERCHANT_TEXTS));
        assertThat(Messages.of(Locale.forLanguageTag("ja-JP")).english()).isTrue();
        assertThat(Messages.of(Locale.forLanguageTag("fr-FR")).english()).isFalse();
    }

    @Test
    void everyTranslationHasEveryKeyOfTheEnglishBundleAndItsFormats() throws Exception {
        java.util.Properties english = bundle("messages.properties");
        for (String language : List.of("fr", "de", "es", "it")) {
            java.util.Properties other = bundle("messages_" + language + ".properties");
            assertThat(other.stringPropertyNames())
                    .as(language)
                    .containsAll(english.stringPropertyNames())
                    .contains("format.instant", "format.date", "format.percent");
        }
    }

    private static java.util.Properties bundle(String file) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = MessagesTest.class.getResourceAsStream("/io/atozwatch/topology/notices/" + file)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }
}
