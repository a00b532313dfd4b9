package io.atozwatch.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.http.ApiError;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The "merchants most at risk" list: parameters, order and cut. It works on the merchants' JSON
 * documents (not on Avro records) because the same code ranks this instance's local merchants and
 * merges the lists the other instances send back over HTTP; ranking the union of local top-Ns gives
 * the global top-N since every merchant lives on exactly one instance.
 */
final class MerchantRanking {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final String DEFAULT_SORT = "odr";

    /**
     * The figures a list can be sorted by, each a field of MerchantPerformance where more is worse
     * (so on-time delivery, where less is worse, is not one).
     */
    static final List<String> SORT_KEYS = List.of(
            "odr",
            "chargebackRatio",
            "lateDeliveryRate",
            "notReceivedRate",
            "merchantCancelRate",
            "returnRefusalRate",
            "unresolvedDisputeMinor",
            "reserveMinor",
            "chargebacks",
            "claimResponseBreaches",
            "refundAfterReturnBreaches",
            "lateShipmentRate",
            "preFulfilmentCancelRate",
            "returnDissatisfactionRate");

    /** Amounts in minor units of each merchant's own currency: never compared across currencies. */
    static final List<String> MONEY_KEYS = List.of("unresolvedDisputeMinor", "reserveMinor");

    private MerchantRanking() {}

    static String sortKey(String param) {
        String key = param == null || param.isBlank() ? DEFAULT_SORT : param.trim();
        if (!SORT_KEYS.contains(key)) {
            throw ApiError.badRequest("unknown sort key '" + key + "', expected one of " + SORT_KEYS);
        }
        return key;
    }

    static int limit(String param) {
        if (param == null || param.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(param.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("limit '" + param + "' is not a whole number (1.." + MAX_LIMIT + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("limit " + limit + " is out of range 1.." + MAX_LIMIT);
        }
        return limit;
    }

    /**
     * Descending by the figure, merchants without it (null: no denominator yet) last, ties by merchant
     * id so that every instance gives the same list. Amounts are ranked per currency (currencies in
     * alphabetical order, merchants without one last): 205,117.97 INR is not more than 124,411.73 USD.
     */
    static Comparator<JsonNode> order(String sortKey) {
        Comparator<JsonNode> byFigure = Comparator.comparing(
                (JsonNode m) -> figure(m, sortKey), Comparator.nullsLast(Comparator.reverseOrder()));
        if (MONEY_KEYS.contains(sortKey)) {
            byFigure = Comparator.comparing(
                            (JsonNode m) -> m.path("currency").isTextual()
                                    ? m.get("currency").asText()
                                    : null,
                            Comparator.nullsLast(Comparator.<String>naturalOrder()))
                    .thenComparing(byFigure);
        }
        return byFigure.thenComparing(m -> m.path("merchantId").asText());
    }

    static List<ObjectNode> top(Collection<ObjectNode> merchants, String sortKey, int limit) {
        return merchants.stream().sorted(order(sortKey)).limit(limit).collect(Collectors.toList());
    }

    private static Double figure(JsonNode merchant, String key) {
        JsonNode v = merchant.get(key);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }
}
