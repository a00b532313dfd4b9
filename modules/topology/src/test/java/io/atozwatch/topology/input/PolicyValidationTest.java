package io.atozwatch.topology.input;

import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.policy;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.PipelineFixture;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Merchant policies are validated like every input; what no policy can say goes to the dead-letter topic. */
class PolicyValidationTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private PolicySnapshot policyOfOrder(String orderId) {
        return p.caseOf(orderId).getPolicy();
    }

    @Test
    void aValidPolicyGovernsTheMerchantsNextOrders() {
        p.policy(policy("m-1", true, 10, 5, "2026-02-01T00:00:00Z"));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(policyOfOrder("o-1")).isEqualTo(new PolicySnapshot(true, 10, 5, true));
        assertThat(p.deadLetters()).isEmpty();
    }

    @Test
    void aNegativeWindowIsDeadLetteredAsReceivedAndTheDefaultPolicyApplies() {
        MerchantPolicy bad = policy("m-1", true, -5, 14, "2026-02-01T00:00:00Z");
        byte[] bytes = p.topics.merchantPolicies.valueSerde().serializer().serialize("merchant-policies", bad);
        p.pipeBytes("merchant-policies", "m-1", bytes, t("2026-02-01T00:00:00Z"));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));

        TestRecord<String, DeadLetter> r = p.deadLetters().get(0);
        assertThat(p.deadLetters()).hasSize(1);
        assertThat(r.value().getReason()).isEqualTo("invalid MerchantPolicy: negative returnWindowDays -5");
        assertThat(r.value().getSourceTopic()).isEqualTo("merchant-policies");
        assertThat(r.value().getPayload().array()).isEqualTo(bytes);
        assertThat(policyOfOrder("o-1").getPublished()).isFalse();
    }

    @Test
    void anInvalidUpdateKeepsTheLastValidPolicy() {
        p.policy(policy("m-1", true, 10, 5, "2026-02-01T00:00:00Z"));
        p.policy(policy("m-1", true, 10, -1, "2026-02-02T00:00:00Z"));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(p.deadLetters())
                .extracting(d -> d.value().getReason())
                .containsExactly("invalid MerchantPolicy: negative refundWithinDays -1");
        assertThat(policyOfOrder("o-1")).isEqualTo(new PolicySnapshot(true, 10, 5, true));
    }

    @Test
    void aPolicyKeyedByAnotherMerchantOrUnreadableIsDeadLettered() {
        p.pipeTo(
                p.topics.merchantPolicies,
                "m-2",
                policy("m-1", true, 10, 5, "2026-02-01T00:00:00Z"),
                t("2026-02-01T00:00:00Z"));
        p.pipeBytes(
                "merchant-policies",
                "m-3",
                "{\"acceptsReturns\":true}".getBytes(StandardCharsets.UTF_8),
                t("2026-02-01T00:00:00Z"));
        assertThat(p.deadLetters())
                .extracting(d -> d.value().getReason())
                .satisfiesExactly(
                        r -> assertThat(r)
                                .isEqualTo("invalid MerchantPolicy: record key 'm-2' is not its merchantId 'm-1'"),
                        r -> assertThat(r).startsWith("cannot deserialize"));
    }

    @Test
    void aTombstoneWithdrawsThePolicy() {
        p.policy(policy("m-1", true, 10, 5, "2026-02-01T00:00:00Z"));
        p.pipeBytes("merchant-policies", "m-1", null, t("2026-02-02T00:00:00Z"));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(policyOfOrder("o-1").getPublished()).isFalse();
        assertThat(p.deadLetters()).isEmpty();
    }
}
