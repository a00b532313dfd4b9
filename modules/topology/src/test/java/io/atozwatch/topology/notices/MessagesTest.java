package io.atozwatch.topology.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A golden message per kind of notice in each language: a deadline starts, its reminder, its breach (with the
 * four deadlines' phrases) and the three at-risk warnings. English keeps ISO-8601 instants and "EUR 1234.56";
 * the others write dates, times and amounts their own way (French groups thousands with a narrow no-break space).
 */
class MessagesTest {
    private static final Instant DUE = Instant.parse("2026-03-06T10:00:00Z");

    /** The notices rendered in every language below, in this order. */
    private static final List<Text> NOTICES = List.of(
            order(Text.of("deadline.due", Text.of("what.deliver", "o-1"), DUE)),
            order(Text.of("deadline.reminder", Text.of("what.refund-return", "r-1", new Text.Amount(123456, "EUR")), DUE)),
            order(Text.of("deadline.missed", Text.of("what.respond-claim", "c-1"), DUE)),
            order(Text.of("deadline.due", Text.of("what.respond-chargeback", "cb-1"), DUE)),
            order(Text.of("notice.at-risk", Text.of("risk.not-received", DUE))),
            order(Text.of("notice.at-risk", Text.of("risk.return-unanswered", "r-1", Instant.parse("2026-03-07T10:00:00Z"),
                    Instant.parse("2026-03-09T10:00:00Z")))),
            order(Text.of("notice.at-risk", Text.of("risk.contact-unanswered", Instant.parse("2026-03-04T10:00:00Z"),
                    Instant.parse("2026-03-05T10:00:00Z")))));

    private static final Map<String, List<String>> GOLDEN = Map.ofEntries(
            Map.entry("en", List.of(
                    "Order o-1: Please deliver order o-1 by 2026-03-06T10:00:00Z.",
                    "Order o-1: Reminder: refund return r-1 (EUR 1234.56) by 2026-03-06T10:00:00Z; it is still open.",
                    "Order o-1: Deadline missed: respond to A-to-z claim c-1 was due at 2026-03-06T10:00:00Z.",
                    "Order o-1: Please respond to chargeback cb-1 by 2026-03-06T10:00:00Z.",
                    "Order o-1: at risk: no delivery is confirmed yet. Check the parcel's tracking with the carrier and tell the buyer where it is, or refund; from 2026-03-06T10:00:00Z the buyer can file an A-to-z claim for an item not received.",
                    "Order o-1: at risk: return r-1 requested at 2026-03-07T10:00:00Z is not answered yet. Authorize or reject it before 2026-03-09T10:00:00Z: a request unanswered after that counts against your Return Dissatisfaction Rate, and a refused return can become an A-to-z claim.",
                    "Order o-1: at risk: the buyer contacted you at 2026-03-04T10:00:00Z and has had no refund, shipment or answer to a return since. Answer the buyer and settle what they asked for: from 2026-03-05T10:00:00Z they can file an A-to-z claim.")),
            Map.entry("fr-FR", List.of(
                    "Commande o-1 : Veuillez livrer la commande o-1 avant le 06/03/2026 10:00 UTC.",
                    "Commande o-1 : Rappel : veuillez rembourser le retour r-1 (1\u202f234,56 EUR) avant le 06/03/2026 10:00 UTC ; ce délai court toujours.",
                    "Commande o-1 : Délai dépassé : il fallait répondre à la réclamation A-to-z c-1 avant le 06/03/2026 10:00 UTC.",
                    "Commande o-1 : Veuillez répondre à la rétrofacturation cb-1 avant le 06/03/2026 10:00 UTC.",
                    "Commande o-1 : risque de réclamation : aucune livraison n'est encore confirmée. Vérifiez le suivi du colis auprès du transporteur et dites à l'acheteur où il se trouve, ou remboursez-le ; à partir du 06/03/2026 10:00 UTC, l'acheteur peut déposer une réclamation A-to-z pour article non reçu.",
                    "Commande o-1 : risque de réclamation : le retour r-1 demandé le 07/03/2026 10:00 UTC n'a pas encore de réponse. Acceptez-le ou refusez-le avant le 09/03/2026 10:00 UTC : une demande restée sans réponse au-delà compte dans votre taux d'insatisfaction liée aux retours, et un retour refusé peut donner lieu à une réclamation A-to-z.",
                    "Commande o-1 : risque de réclamation : l'acheteur vous a contacté le 04/03/2026 10:00 UTC et n'a reçu depuis ni remboursement, ni expédition, ni réponse à un retour. Répondez-lui et réglez sa demande : à partir du 05/03/2026 10:00 UTC, il peut déposer une réclamation A-to-z.")),
            Map.entry("de-DE", List.of(
                    "Bestellung o-1: Bitte bis 06.03.2026 10:00 UTC: Bestellung o-1 liefern.",
                    "Bestellung o-1: Erinnerung: Rücksendung r-1 erstatten (1.234,56 EUR) (fällig bis 06.03.2026 10:00 UTC); die Frist läuft noch.",
                    "Bestellung o-1: Frist versäumt: auf den A-bis-z-Garantieantrag c-1 antworten (fällig bis 06.03.2026 10:00 UTC).",
                    "Bestellung o-1: Bitte bis 06.03.2026 10:00 UTC: auf die Rückbuchung cb-1 antworten.",
                    "Bestellung o-1: Reklamationsrisiko: noch ist keine Zustellung bestätigt. Prüfen Sie die Sendungsverfolgung beim Versanddienstleister und sagen Sie dem Käufer, wo das Paket ist, oder erstatten Sie den Betrag; ab 06.03.2026 10:00 UTC kann der Käufer einen A-bis-z-Garantieantrag wegen Nichterhalt stellen.",
                    "Bestellung o-1: Reklamationsrisiko: die am 07.03.2026 10:00 UTC beantragte Rücksendung r-1 ist noch unbeantwortet. Genehmigen oder lehnen Sie sie vor 09.03.2026 10:00 UTC ab: danach zählt die Anfrage gegen Ihre Rate der Unzufriedenheit mit Rücksendungen, und eine abgelehnte Rücksendung kann zu einem A-bis-z-Garantieantrag führen.",
                    "Bestellung o-1: Reklamationsrisiko: der Käufer hat Sie am 04.03.2026 10:00 UTC kontaktiert und seitdem weder eine Erstattung noch einen Versand noch eine Antwort zu einer Rücksendung erhalten. Antworten Sie dem Käufer und erledigen Sie sein Anliegen: ab 05.03.2026 10:00 UTC kann er einen A-bis-z-Garantieantrag stellen.")),
            Map.entry("es-ES", List.of(
                    "Pedido o-1: Debe entregar el pedido o-1 antes del 06/03/2026 10:00 UTC.",
                    "Pedido o-1: Recordatorio: debe reembolsar la devolución r-1 (1.234,56 EUR) antes del 06/03/2026 10:00 UTC; el plazo sigue abierto.",
                    "Pedido o-1: Plazo incumplido: había que responder a la reclamación de la Garantía de la A a la Z c-1 antes del 06/03/2026 10:00 UTC.",
                    "Pedido o-1: Debe responder al contracargo cb-1 antes del 06/03/2026 10:00 UTC.",
                    "Pedido o-1: riesgo de reclamación: todavía no hay ninguna entrega confirmada. Consulte el seguimiento del paquete con el transportista e indique al comprador dónde está, o reembólselo; a partir del 06/03/2026 10:00 UTC el comprador puede presentar una reclamación de la Garantía de la A a la Z por artículo no recibido.",
                    "Pedido o-1: riesgo de reclamación: la devolución r-1 solicitada el 07/03/2026 10:00 UTC aún no tiene respuesta. Autorícela o recháchela antes del 09/03/2026 10:00 UTC: una solicitud sin respuesta después de esa fecha cuenta en su tasa de insatisfacción con las devoluciones, y una devolución rechazada puede acabar en una reclamación de la Garantía de la A a la Z.",
                    "Pedido o-1: riesgo de reclamación: el comprador le contactó el 04/03/2026 10:00 UTC y desde entonces no ha recibido ni reembolso, ni envío, ni respuesta a una devolución. Responda al comprador y resuelva su petición: a partir del 05/03/2026 10:00 UTC puede presentar una reclamación de la Garantía de la A a la Z.")),
            Map.entry("it-IT", List.of(
                    "Ordine o-1: Si prega di consegnare l'ordine o-1 entro il 06/03/2026 10:00 UTC.",
                    "Ordine o-1: Promemoria: rimborsare il reso r-1 (1.234,56 EUR) entro il 06/03/2026 10:00 UTC; la scadenza è ancora aperta.",
                    "Ordine o-1: Scadenza mancata: occorreva rispondere al reclamo Garanzia dalla A alla Z c-1 entro il 06/03/2026 10:00 UTC.",
                    "Ordine o-1: Si prega di rispondere allo storno di addebito cb-1 entro il 06/03/2026 10:00 UTC.",
                    "Ordine o-1: rischio di reclamo: nessuna consegna è ancora confermata. Controlla il tracciamento del pacco con il corriere e comunica all'acquirente dove si trova, oppure rimborsalo; dal 06/03/2026 10:00 UTC l'acquirente può presentare un reclamo Garanzia dalla A alla Z per articolo non ricevuto.",
                    "Ordine o-1: rischio di reclamo: il reso r-1 richiesto il 07/03/2026 10:00 UTC non ha ancora risposta. Autorizzalo o rifiutalo entro il 09/03/2026 10:00 UTC: una richiesta senza risposta oltre quel termine conta nel tuo tasso di insoddisfazione per i resi, e un reso rifiutato può diventare un reclamo Garanzia dalla A alla Z.",
                    "Ordine o-1: rischio di reclamo: l'acquirente ti ha contattato il 04/03/2026 10:00 UTC e da allora non ha ricevuto né rimborso, né spedizione, né risposta a un reso. Rispondi all'acquirente e risolvi la sua richiesta: dal 05/03/2026 10:00 UTC può presentare un reclamo Garanzia dalla A alla Z.")));

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
    void aLanguageWithoutTranslationsGetsEnglish() {
        assertThat(rendered("ja-JP")).isEqualTo(rendered("en"));
        assertThat(Messages.of(Locale.forLanguageTag("ja-JP")).english()).isTrue();
        assertThat(Messages.of(Locale.forLanguageTag("fr-FR")).english()).isFalse();
    }

    @Test
    void everyTranslationHasEveryKeyOfTheEnglishBundleAndItsDateFormat() throws Exception {
        java.util.Properties english = bundle("messages.properties");
        for (String language : List.of("fr", "de", "es", "it")) {
            java.util.Properties other = bundle("messages_" + language + ".properties");
            assertThat(other.stringPropertyNames()).as(language).containsAll(english.stringPropertyNames())
                    .contains("format.instant");
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
