package io.atozwatch.topology.merchants;

import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Messages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reserve decided on a merchant's basis, with its reasons written out in English and in the merchant's
 * language, remembered until the merchant's next evaluation. The basis covers whole days, so within a day it
 * changes only when a dispute opens or closes, while the merchant is evaluated at every fact; writing the
 * reasons out is most of an evaluation's work. A memo of a pure function: what it answers is what
 * {@link ReservePolicy#decide} and the rendering answer. It keeps the most recently evaluated merchants, up to
 * a bound. Not thread-safe: one per task.
 */
final class ReserveMemo {
    /** A decision with its reasons written out. */
    record Worked(ReservePolicy.Decision decision, List<String> englishReasons, List<String> reasons) {}

    private record Entry(ReserveBasis basis, Messages language, Worked worked) {}

    /** How many merchants' decisions it keeps when no number is set for the caches of decoded values. */
    static final int MERCHANTS = 10_000;

    private final PipelineConfig.Reserve policy;
    private final Map<String, Entry> entries;

    ReserveMemo(PipelineConfig.Reserve policy, int maxMerchants) {
        this.policy = policy;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxMerchants;
            }
        };
    }

    /** The reserve of {@code merchantId} on {@code basis}, its reasons in English and in {@code language}. */
    Worked decide(String merchantId, ReserveBasis basis, Messages language) {
        Entry e = entries.get(merchantId);
        if (e != null && e.basis().equals(basis) && e.language().locale().equals(language.locale())) {
            return e.worked();
        }
        ReservePolicy.Decision d = ReservePolicy.decide(basis, policy);
        List<String> english = List.copyOf(d.reasons());
        List<String> local = language.english() ? english : List.copyOf(d.reasons(language));
        Worked w = new Worked(d, english, local);
        entries.put(merchantId, new Entry(basis, language, w));
        return w;
    }
}
