package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command, run in-process on the example files as an ops team would run it. */
class ReplayCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = examplesDir();
    private static final List<String> MERCHANT_TOPICS = List.of("merchant-performance", "reserve-decisions");

    /** What a run printed, with stdout parsed. */
    record Run(int exitCode, String stdout, String stderr, List<JsonNode> records) {

        List<JsonNode> on(String topic) {
            return records.stream()
                    .filter(r -> r.get("topic").asText().equals(topic))
                    .toList();
        }

        /** What is said about orders (verdicts, breaches, order notifications, dead letters), not merchants' figures. */
        List<JsonNode> aboutOrders() {
            return records.stream()
                    .filter(r -> !MERCHANT_TOPICS.contains(r.get("topic").asText()))
                    .filter(r -> !r.get("value").path("orderId").isNull())
                    .toList();
        }

        List<JsonNode> verdicts(String orderId, String condition, String status) {
            return values(
                    "claim-eligibility",
                    v -> v.get("orderId").asText().equals(orderId)
                            && v.get("condition").asText().equals(condition)
                            && v.get("status").asText().equals(status));
        }

        List<JsonNode> values(String topic, Predicate<JsonNode> filter) {
            return on(topic).stream().map(r -> r.get("value")).filter(filter).toList();
        }
    }

    static Run replay(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "replay";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                full);
        String stdout = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> records = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            try {
                records.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("stdout line is not JSON: " + line, e);
            }
        }
        return new Run(code, stdout, err.toString(StandardCharsets.UTF_8), records);
    }

    static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asText());
    }

    // ------------------------------------------------------------------------------------------ not received

    @Test
    void notReceivedIsEligibleThreeDaysAfterTheMaxDeliveryDateAndThePromiseIsBreached() throws IOException {
        Instant maxDelivery =
                instant(placedValue(example("not-received.jsonl"), "o-1001").get("maxDeliveryAt"));

        Run run = replay("--input", example("not-received.jsonl"), "--until", "2026-03-15T00:00:00Z");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.values("claim-eligibility", v -> true)).singleElement().satisfies(v -> {
            assertThat(v.get("orderId").asText()).isEqualTo("o-1001");
            assertThat(v.get("condition").asText()).isEqualTo("NOT_RECEIVED");
            assertThat(v.get("status").asText()).isEqualTo("ELIGIBLE");
            assertThat(instant(v.get("detectedAt"))).isEqualTo(maxDelivery.plus(Duration.ofDays(3)));
            assertThat(v.get("coveredAmountMinor").asLong()).isEqualTo(8999);
        });
        assertThat(run.values("deadline-breaches", v -> true)).singleElement().satisfies(b -> {
            assertThat(b.get("deadline").asText()).isEqualTo("DELIVERY_PROMISE");
            assertThat(b.get("status").asText()).isEqualTo("BREACHED");
            assertThat(instant(b.get("dueAt"))).isEqualTo(maxDelivery);
        });
        // The delivery promise: told at the order, reminded 48 hours before, told of the breach.
        assertThat(run.values(
                        "merchant-notifications",
                        v -> v.get("deadline").asText().equals("DELIVERY_PROMISE")))
                .extracting(v -> v.get("kind").asText())
                .containsExactly("RESPONSE_DUE", "REMINDER", "BREACH");
        // And warned 48 hours before the buyer could claim "item not received".
        assertThat(run.values(
                        "merchant-notifications", v -> v.get("risk").asText().equals("NOT_RECEIVED")))
                .singleElement()
                .satisfies(n -> {
                    assertThat(n.get("kind").asText()).isEqualTo("AT_RISK");
                    assertThat(instant(n.get("at"))).isEqualTo(maxDelivery.plus(Duration.ofDays(1)));
                    assertThat(instant(n.get("dueAt"))).isEqualTo(maxDelivery.plus(Duration.ofDays(3)));
                });
        assertThat(run.on("dead-letters")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ claim ignored

    @Test
    void anUnansweredClaimIsAnnouncedRemindedAndBreachedInTimeOrder() {
        Run run = replay("--input", example("claim-ignored.jsonl"), "--until", "2026-03-20T00:00:00Z");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> notes = run.values(
                "merchant-notifications",
                v -> v.get("orderId").asText().equals("o-2001")
                        && v.get("deadline").asText().equals("CLAIM_RESPONSE"));
        assertThat(notes)
                .extracting(n -> n.get("kind").asText() + " " + n.get("at").asText())
                .containsExactly(
                        "RESPONSE_DUE 2026-03-09T09:00:00Z",
                        "REMINDER 2026-03-14T09:00:00Z", // 48 hours before the claim response is due
                        "BREACH 2026-03-16T09:00:00Z");
        assertThat(notes).allSatisfy(n -> {
            assertThat(n.get("deadline").asText()).isEqualTo("CLAIM_RESPONSE");
            assertThat(n.get("dueAt").asText()).isEqualTo("2026-03-16T09:00:00Z");
        });
        assertThat(run.values("deadline-breaches", v -> true)).singleElement().satisfies(b -> {
            assertThat(b.get("deadline").asText()).isEqualTo("CLAIM_RESPONSE");
            assertThat(b.get("referenceId").asText()).isEqualTo("az-2001");
            assertThat(b.get("dueAt").asText()).isEqualTo("2026-03-16T09:00:00Z");
        });
        // "arrived damaged" in the claim reason
        assertThat(run.verdicts("o-2001", "NOT_AS_DESCRIBED", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-09T09:00:00Z"));
        assertThat(run.on("claim-eligibility")).hasSize(1);
        // stdout follows the order side's clock: the reminder is printed before the breach (the merchants' daily
        // figures are stamped with the day they close, which their side may reach later)
        assertThat(run.aboutOrders())
                .extracting(r -> r.get("timestamp").asText())
                .isSorted();
    }

    @Test
    void merchantPerformanceAndReserveDecisionsArePrintedToo() {
        Run run = replay("--input", example("mixed-day.jsonl"), "--until", "2026-03-31T00:00:00Z");

        assertThat(run.values(
                        "merchant-performance",
                        v -> v.get("merchantId").asText().equals("m-brightlane")))
                .isNotEmpty()
                .last()
                .satisfies(p -> {
                    assertThat(p.get("tier").asText()).isEqualTo("TIER_I"); // a young account with few orders
                    assertThat(p.get("reasons").toString()).contains("orders, 100 or fewer");
                    assertThat(p.get("odrDefects").asLong()).isPositive(); // o-1007's claim and chargeback: one defect
                });
        assertThat(run.values("reserve-decisions", v -> true))
                .extracting(d -> d.get("merchantId").asText())
                .contains("m-acme", "m-northpeak", "m-brightlane");
    }

    @Test
    void untilBeforeTheDueInstantGivesTheReminderButNoBreach() {
        Run run = replay("--input", example("claim-ignored.jsonl"), "--until", "2026-03-15T00:00:00Z");

        assertThat(run.values(
                        "merchant-notifications",
                        v -> v.get("deadline").asText().equals("CLAIM_RESPONSE")))
                .extracting(n -> n.get("kind").asText())
                .containsExactly("RESPONSE_DUE", "REMINDER");
        assertThat(run.on("deadline-breaches")).isEmpty();
    }

    // ------------------------------------------------------------------------------------ return not refunded

    @Test
    void aPartlyRefundedReturnIsEligibleForWhatIsStillOwedAfterTheRefundWindow() {
        Run run = replay("--input", example("return-not-refunded.jsonl"), "--until", "2026-03-31T00:00:00Z");

        assertThat(run.exitCode()).isZero();
        assertThat(run.verdicts("o-3001", "RETURN_NOT_REFUNDED", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-24T15:00:00Z"); // received + 14 days
                    assertThat(v.get("uncappedAmountMinor").asLong())
                            .isEqualTo(3000); // 80.00 returned - 50.00 refunded
                    assertThat(v.get("coveredAmountMinor").asLong()).isEqualTo(3000);
                });
        assertThat(run.on("claim-eligibility")).hasSize(1);
        assertThat(run.values("deadline-breaches", v -> true)).singleElement().satisfies(b -> {
            assertThat(b.get("deadline").asText()).isEqualTo("REFUND_AFTER_RETURN");
            assertThat(b.get("referenceId").asText()).isEqualTo("rt-3001");
            assertThat(b.get("startedAt").asText()).isEqualTo("2026-03-10T15:00:00Z");
            assertThat(b.get("dueAt").asText()).isEqualTo("2026-03-24T15:00:00Z");
        });
    }

    @Test
    void untilDecidesWhetherTheRefundDeadlineHasPassed() {
        Run before = replay("--input", example("return-not-refunded.jsonl"), "--until", "2026-03-24T14:59:59Z");
        Run at = replay("--input", example("return-not-refunded.jsonl"), "--until", "2026-03-24T15:00:00Z");
        Run without = replay("--input", example("return-not-refunded.jsonl"));

        for (Run notYet : List.of(before, without)) {
            assertThat(notYet.on("deadline-breaches")).isEmpty();
            assertThat(notYet.on("claim-eligibility")).isEmpty();
        }
        // Only the notices before it: the refund is due (told at the receipt), and reminded 48 hours before; the
        // file's last event comes before the reminder.
        assertThat(before.values(
                        "merchant-notifications",
                        v -> v.get("deadline").asText().equals("REFUND_AFTER_RETURN")))
                .extracting(n -> n.get("kind").asText())
                .containsExactly("RESPONSE_DUE", "REMINDER");
        assertThat(without.values(
                        "merchant-notifications",
                        v -> v.get("deadline").asText().equals("REFUND_AFTER_RETURN")))
                .extracting(n -> n.get("kind").asText())
                .containsExactly("RESPONSE_DUE");
        assertThat(at.on("deadline-breaches")).hasSize(1);
        assertThat(at.verdicts("o-3001", "RETURN_NOT_REFUNDED", "ELIGIBLE")).hasSize(1);
    }

    @Test
    void untilAcceptsEpochMilliseconds() {
        long millis = Instant.parse("2026-03-31T00:00:00Z").toEpochMilli();

        Run iso = replay("--input", example("return-not-refunded.jsonl"), "--until", "2026-03-31T00:00:00Z");
        Run epoch = replay("--input", example("return-not-refunded.jsonl"), "--until", Long.toString(millis));

        assertThat(epoch.exitCode()).isZero();
        assertThat(epoch.stdout()).isNotEmpty().isEqualTo(iso.stdout());
    }

    // ---------------------------------------------------------------------------------------------- mixed day

    @Test
    void aMixedDayCoversAllSixConditions() {
        Run run = mixedDay();

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.values("claim-eligibility", v -> v.get("status").asText().equals("ELIGIBLE")))
                .extracting(v -> v.get("condition").asText())
                .contains(
                        "NOT_RECEIVED",
                        "LATE_DELIVERY",
                        "NOT_AS_DESCRIBED",
                        "RETURN_NOT_REFUNDED",
                        "RETURN_REFUSED",
                        "OVERCHARGED");
        assertThat(run.verdicts("o-1001", "NOT_RECEIVED", "ELIGIBLE")).hasSize(1);
        assertThat(run.verdicts("o-1003", "NOT_AS_DESCRIBED", "ELIGIBLE")).hasSize(1);
        assertThat(run.verdicts("o-1004", "RETURN_NOT_REFUNDED", "ELIGIBLE")).hasSize(1);
        // m-brightlane's published policy accepts returns for 30 days; the rejected request came 8 days in
        assertThat(run.verdicts("o-1005", "RETURN_REFUSED", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-16T11:00:00Z"));
    }

    @Test
    void theChargebackVoidsTheEarlierVerdict() {
        Run run = mixedDay();

        assertThat(run.verdicts("o-1007", "NOT_AS_DESCRIBED", "ELIGIBLE")).hasSize(1);
        assertThat(run.verdicts("o-1007", "NOT_AS_DESCRIBED", "VOIDED"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.get("voidReason").asText()).contains("Chargeback cb-1007");
                    assertThat(v.get("detectedAt").asText())
                            .isEqualTo("2026-03-13T09:00:00Z"); // the original detection
                });
        assertThat(run.values(
                        "deadline-breaches", b -> b.get("orderId").asText().equals("o-1007")))
                .extracting(b -> b.get("deadline").asText())
                .containsExactly("CHARGEBACK_RESPONSE");
    }

    @Test
    void theRepeatedChargeIsCountedOnceAndGivesNoSecondVerdict() {
        Run run = mixedDay();

        assertThat(run.values(
                        "claim-eligibility", v -> v.get("orderId").asText().equals("o-1006")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.get("condition").asText()).isEqualTo("OVERCHARGED");
                    assertThat(v.get("uncappedAmountMinor").asLong()).isEqualTo(4999); // not 9998
                });
    }

    @Test
    void theLateDeliveryScanCorrectsNotReceivedIntoLateDelivery() {
        Run run = mixedDay();

        assertThat(run.verdicts("o-1002", "NOT_RECEIVED", "ELIGIBLE")).hasSize(1);
        assertThat(run.verdicts("o-1002", "NOT_RECEIVED", "VOIDED"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("voidReason").asText()).contains("delivered at 2026-03-11T14:00:00Z"));
        assertThat(run.verdicts("o-1002", "LATE_DELIVERY", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-11T14:00:00Z"));
    }

    @Test
    void theNegativeRefundGoesToDeadLettersWithItsSource() {
        Run run = mixedDay();

        assertThat(run.on("dead-letters")).singleElement().satisfies(r -> {
            assertThat(r.get("key").asText()).isEqualTo("o-1004");
            assertThat(r.get("value").get("reason").asText()).contains("negative amountMinor -3500");
            assertThat(r.get("value").get("sourceTopic").asText()).isEqualTo("refunds");
            JsonNode headers = r.get("headers");
            assertThat(headers.get("__streams.errors.topic").asText()).isEqualTo("refunds");
            assertThat(headers.get("__streams.errors.partition").asText()).isEqualTo("0");
            assertThat(headers.get("__streams.errors.offset").asText()).isEqualTo("0");
            assertThat(headers.get("__streams.errors.message").asText()).contains("negative amountMinor");
        });
    }

    @Test
    void everyOutputLineIsARecordWithTopicKeyIsoTimestampAndValue() {
        Run run = mixedDay();

        assertThat(run.stdout()).endsWith("\n");
        assertThat(run.records()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("topic").asText())
                    .isIn(
                            "claim-eligibility",
                            "deadline-breaches",
                            "merchant-notifications",
                            "dead-letters",
                            "merchant-performance",
                            "reserve-decisions");
            assertThat(r.get("key").isTextual()).isTrue();
            assertThat(r.get("value").isObject()).isTrue();
            String timestamp = r.get("timestamp").asText();
            assertThat(timestamp).endsWith("Z");
            try {
                Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw new AssertionError("not an ISO-8601 instant: " + timestamp, e);
            }
        });
        // notifications are keyed by merchant, everything else by order
        assertThat(run.on("merchant-notifications"))
                .allSatisfy(r -> assertThat(r.get("key").asText()).startsWith("m-"));
        assertThat(run.on("claim-eligibility"))
                .allSatisfy(r -> assertThat(r.get("key").asText()).startsWith("o-"));
    }

    @Test
    void outputIsDeterministic() {
        Run first = mixedDay();
        Run second = mixedDay();

        assertThat(first.stdout()).isNotEmpty().isEqualTo(second.stdout());
    }

    private static Run mixedDay() {
        return replay("--input", example("mixed-day.jsonl"), "--until", "2026-03-31T00:00:00Z");
    }

    // --------------------------------------------------------------------------------------------- bad lines

    @Test
    void badLinesAreReportedWithTheirNumberAndSkippedAndTheRestIsReplayed() {
        Run run = replay("--input", example("bad-lines.jsonl"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().lines().toList())
                .satisfiesExactly(
                        l -> assertThat(l).startsWith("line 13: malformed JSON"),
                        l -> assertThat(l).startsWith("line 14: unknown topic 'order'"),
                        l -> assertThat(l).isEqualTo("line 15: missing key"),
                        l -> assertThat(l).startsWith("line 18: topic 'claim-eligibility' is an output"));
        // A value the topic's schema cannot read is set aside, as production would: replay shows that.
        assertThat(run.values("dead-letters", d -> true))
                .satisfiesExactly(
                        d -> {
                            assertThat(d.get("reason").asText())
                                    .startsWith("cannot deserialize (line 16): value.amountMinor: expected an integer");
                            assertThat(d.get("sourceTopic").asText()).isEqualTo("orders");
                        },
                        d -> {
                            assertThat(d.get("reason").asText())
                                    .startsWith(
                                            "cannot deserialize (line 17): value.type: unknown ShipmentEventType symbol \"DELIVERD\"");
                            assertThat(d.get("sourceTopic").asText()).isEqualTo("shipments");
                            assertThat(d.get("key").asText()).isEqualTo("o-4001");
                        });
        assertThat(run.verdicts("o-4001", "LATE_DELIVERY", "ELIGIBLE")).hasSize(1);
        assertThat(run.values(
                        "deadline-breaches", b -> b.get("deadline").asText().equals("DELIVERY_PROMISE")))
                .hasSize(1);
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndCountedInLineNumbers(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(
                input,
                String.join(
                                "\n",
                                "# a comment",
                                "",
                                "   // another comment, indented",
                                "   ",
                                placedLine("o-1", "2026-03-01T10:00:00Z"),
                                "{\"topic\": \"orders\", \"key\": \"o-1\", \"value\": {\"orderId\": \"o-1\"}}",
                                "[1, 2]",
                                "{\"topic\": \"orders\", \"key\": \"o-1\", \"value\": {}, \"timestamp\": 1}")
                        + "\n");

        Run run = replay("--input", input.toString(), "--until", "2026-04-01T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.values("dead-letters", d -> true))
                .singleElement()
                .satisfies(d -> assertThat(d.get("reason").asText())
                        .startsWith("cannot deserialize (line 6): value: missing required field 'eventId'"));
        assertThat(run.stderr().lines().toList())
                .satisfiesExactly(
                        l -> assertThat(l).startsWith("line 7: expected a JSON object"),
                        l -> assertThat(l).startsWith("line 8: unknown field 'timestamp'"));
        assertThat(run.verdicts("o-1", "NOT_RECEIVED", "ELIGIBLE")).hasSize(1); // the one good line went through
    }

    @Test
    void readsStdinForDash() {
        String input = placedLine("o-1", "2026-03-01T10:00:00Z") + "\n";
        InputStream stdin = System.in;
        Run run;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            run = replay("--input", "-", "--until", "2026-04-01T00:00:00Z");
        } finally {
            System.setIn(stdin);
        }

        assertThat(run.exitCode()).isZero();
        assertThat(run.verdicts("o-1", "NOT_RECEIVED", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-09T10:00:00Z"));
    }

    @Test
    void configIsLaidOverTheDefaults(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("replay.properties");
        Files.writeString(config, "coverage.not-received.after-max-delivery=P5D\n");

        Run run = replay(
                "--input",
                example("not-received.jsonl"),
                "--until",
                "2026-03-15T00:00:00Z",
                "--config",
                config.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.verdicts("o-1001", "NOT_RECEIVED", "ELIGIBLE"))
                .singleElement()
                .satisfies(v -> assertThat(v.get("detectedAt").asText()).isEqualTo("2026-03-11T18:00:00Z"));
    }

    @Test
    void topicNamesComeFromTheConfig(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("replay.properties");
        Files.writeString(config, "topic.orders=orders-v2\n");
        Path input = dir.resolve("in.jsonl");
        Files.writeString(
                input,
                placedLine("o-1", "2026-03-01T10:00:00Z") + "\n"
                        + placedLine("o-2", "2026-03-01T10:00:00Z").replace("\"orders\"", "\"orders-v2\"") + "\n");

        Run run = replay("--input", input.toString(), "--config", config.toString(), "--until", "2026-04-01T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("line 1: unknown topic 'orders'");
        assertThat(run.on("claim-eligibility"))
                .extracting(r -> r.get("key").asText())
                .containsExactly("o-2");
    }

    @Test
    void anInvalidConfigIsAUsageError(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "deadline.chargeback-response=eleven days\n");

        Run run = replay("--input", example("not-received.jsonl"), "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("deadline.chargeback-response");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aMissingInputFileOrABadInstantIsAUsageError() {
        Run missing = replay("--input", "no-such-file.jsonl");
        Run badUntil = replay("--input", example("not-received.jsonl"), "--until", "next Tuesday");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("--input: cannot read no-such-file.jsonl: no such file");
        assertThat(badUntil.exitCode()).isEqualTo(2);
        assertThat(badUntil.stderr()).contains("'next Tuesday' is not an ISO-8601 instant");
        assertThat(missing.stdout()).isEmpty();
        assertThat(badUntil.stdout()).isEmpty();
    }

    @Test
    void theTestDriverEngineIsThereAsTheReferenceAndPrintsTheSame() {
        Run direct = replay("--input", example("claim-ignored.jsonl"), "--until", "2026-03-20T00:00:00Z");
        Run reference = replay(
                "--input",
                example("claim-ignored.jsonl"),
                "--until",
                "2026-03-20T00:00:00Z",
                "--engine",
                "test-driver");
        Run unknown = replay("--input", example("claim-ignored.jsonl"), "--engine", "rocket");

        assertThat(direct.records()).isNotEmpty();
        assertThat(reference.exitCode()).isZero();
        assertThat(reference.stdout()).isEqualTo(direct.stdout());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("'rocket' is not an engine: direct or test-driver");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String placedLine(String orderId, String at) {
        return "{\"topic\": \"orders\", \"key\": \"" + orderId + "\", \"value\": {\"eventId\": \"" + orderId
                + "-placed\", \"orderId\": \"" + orderId + "\", \"merchantId\": \"m-1\", \"buyerId\": \"b-1\", "
                + "\"marketplace\": \"US\", \"type\": \"PLACED\", \"occurredAt\": \"" + at
                + "\", \"currency\": \"USD\", "
                + "\"amountMinor\": 1000, \"maxDeliveryAt\": \"2026-03-06T10:00:00Z\"}}";
    }

    /** The value of the order's PLACED line in an example file. */
    private static JsonNode placedValue(String file, String orderId) throws IOException {
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.startsWith("{")) {
                JsonNode json = JSON.readTree(line);
                JsonNode v = json.get("value");
                if (json.get("topic").asText().equals("orders")
                        && v.get("orderId").asText().equals(orderId)
                        && v.get("type").asText().equals("PLACED")) {
                    return v;
                }
            }
        }
        throw new AssertionError("no PLACED for " + orderId + " in " + file);
    }

    /** The project's examples/ directory, wherever the tests are run from. */
    private static Path examplesDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/mixed-day.jsonl"))) {
                return dir.resolve("examples");
            }
        }
        throw new UncheckedIOException(
                new IOException("examples/ not found above " + Path.of("").toAbsolutePath()));
    }
}
