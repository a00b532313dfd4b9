package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerchantRankingTest {

    private static ObjectNode merchant(String id, Double odr, long reserve) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("merchantId", id);
        if (odr == null) {
            m.putNull("odr");
        } else {
            m.put("odr", odr);
        }
        m.put("reserveMinor", reserve);
        return m;
    }

    private static List<String> ids(List<ObjectNode> merchants) {
        return merchants.stream().map(m -> m.get("merchantId").asText()).toList();
    }

    @Test
    void sortsDescendingWithNullsLastAndTiesByMerchantId() {
        List<ObjectNode> ms = List.of(
                merchant("m-1", 0.01, 0),
                merchant("m-2", null, 500),
                merchant("m-3", 0.05, 100),
                merchant("m-4", 0.01, 900),
                merchant("m-0", 0.0, 0));

        assertThat(ids(MerchantRanking.top(ms, "odr", 10))).containsExactly("m-3", "m-1", "m-4", "m-0", "m-2");
        assertThat(ids(MerchantRanking.top(ms, "reserveMinor", 2))).containsExactly("m-4", "m-2");
    }

    /** Issue 10, defect 5: minor units of two currencies are not comparable. */
    @Test
    void amountsAreRankedPerCurrency() {
        ObjectNode rupees = merchant("m-in", 0.0, 20_511_797);
        rupees.put("currency", "INR");
        ObjectNode dollars = merchant("m-us", 0.0, 12_441_173);
        dollars.put("currency", "USD");
        ObjectNode moreDollars = merchant("m-us2", 0.0, 12_441_174);
        moreDollars.put("currency", "USD");
        ObjectNode none = merchant("m-none", null, 99_999_999);

        assertThat(ids(MerchantRanking.top(List.of(dollars, none, rupees, moreDollars), "reserveMinor", 10)))
                .containsExactly("m-in", "m-us2", "m-us", "m-none");
        assertThat(ids(MerchantRanking.top(List.of(dollars, none, rupees, moreDollars), "odr", 10)))
                .containsExactly("m-in", "m-us", "m-us2", "m-none");
    }

    @Test
    void theMergeOfEachInstancesTopNIsTheGlobalTopN() {
        List<ObjectNode> a = new ArrayList<>();
        List<ObjectNode> b = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ObjectNode m = merchant(String.format("m-%03d", i), i % 7 == 0 ? null : (i * 37 % 41) / 100.0, i);
            (i % 3 == 0 ? a : b).add(m);
        }
        List<ObjectNode> all = new ArrayList<>(a);
        all.addAll(b);
        List<ObjectNode> merged = new ArrayList<>(MerchantRanking.top(a, "odr", 5));
        merged.addAll(MerchantRanking.top(b, "odr", 5));

        assertThat(ids(MerchantRanking.top(merged, "odr", 5)))
                .isEqualTo(ids(MerchantRanking.top(all, "odr", 5)))
                .hasSize(5);
    }

    @Test
    void sortKeyDefaultsToOdrAndRejectsUnknownOnes() {
        assertThat(MerchantRanking.sortKey(null)).isEqualTo("odr");
        assertThat(MerchantRanking.sortKey("")).isEqualTo("odr");
        for (String key : List.of(
                "odr",
                "chargebackRatio",
                "lateDeliveryRate",
                "notReceivedRate",
                "unresolvedDisputeMinor",
                "reserveMinor")) {
            assertThat(MerchantRanking.sortKey(key)).isEqualTo(key);
        }
        assertThatThrownBy(() -> MerchantRanking.sortKey("onTimeDeliveryRate"))
                .isInstanceOfSatisfying(
                        ApiError.class, p -> assertThat(p.status).isEqualTo(400));
        assertThatThrownBy(() -> MerchantRanking.sortKey("merchantId"))
                .isInstanceOfSatisfying(
                        ApiError.class,
                        p -> assertThat(p.getMessage())
                                .contains("unknown sort key 'merchantId'")
                                .contains("chargebackRatio"));
    }

    @Test
    void limitDefaultsTo50AndMustBeWithin1To1000() {
        assertThat(MerchantRanking.limit(null)).isEqualTo(50);
        assertThat(MerchantRanking.limit("1")).isEqualTo(1);
        assertThat(MerchantRanking.limit("1000")).isEqualTo(1000);
        for (String bad : List.of("0", "-3", "1001", "ten", "5.5", "99999999999")) {
            assertThatThrownBy(() -> MerchantRanking.limit(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ApiError.class, p -> assertThat(p.status).isEqualTo(400));
        }
    }
}
