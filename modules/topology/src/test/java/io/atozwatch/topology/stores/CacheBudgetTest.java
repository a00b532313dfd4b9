package io.atozwatch.topology.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.topology.TestStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class CacheBudgetTest {

    @Test
    void aShareOfTheHeapIsCountedInValuesOfThreeKilobytes() {
        assertThat(CacheBudget.ofHeap(0.3, 4L << 30).limit()).isEqualTo(419_430);
        assertThat(CacheBudget.ofHeap(0.5, 100).limit()).as("at least one").isEqualTo(1);
        assertThatThrownBy(() -> CacheBudget.ofHeap(0, 1L << 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheBudget.ofHeap(1.5, 1L << 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cachesDrawingOnOneBudgetHoldNoMoreThanItBetweenThemEachLettingGoOfItsOwnLeastRecentlyUsed() {
        CacheBudget budget = CacheBudget.ofHeap(1.0, 4 * CacheBudget.BYTES_PER_VALUE); // four values
        ObjectCachingStore<String, String> busy = open("busy", budget);
        ObjectCachingStore<String, String> quiet = open("quiet", budget);

        quiet.put("q1", "quiet 1");
        for (int i = 1; i <= 10; i++) {
            busy.put("b" + i, "busy " + i);
        }

        assertThat(budget.held())
                .as("the limit, and one taken in before the next lets one go")
                .isEqualTo(5);
        assertThat(quiet.approximateNumEntries()).isEqualTo(1);
        assertThat(busy.get("b10")).isEqualTo("busy 10");
        assertThat(busy.get("b1"))
                .as("let go, and handed down first: read back from below")
                .isEqualTo("busy 1");
        assertThat(budget.held()).isEqualTo(5);

        busy.close();
        assertThat(budget.held()).as("a closed cache gives back what it held").isEqualTo(1);
        quiet.put("q2", "quiet 2");
        quiet.put("q3", "quiet 3");
        assertThat(budget.held())
                .as("the room given back is there for the others")
                .isEqualTo(3);
        quiet.clearCache();
        assertThat(budget.held()).isZero();
        quiet.close();
    }

    @Test
    void aCacheWithoutABudgetKeepsToItsOwnNumber() {
        ObjectCachingStore<String, String> alone =
                new ObjectCachingStore<>(TestStores.inMemory("alone", Serdes.String()), 3);
        init(alone);
        for (int i = 1; i <= 10; i++) {
            alone.put("k" + i, "v" + i);
        }
        assertThat(CacheBudget.NONE.held()).isZero();
        assertThat(alone.get("k1")).isEqualTo("v1");
        alone.close();
    }

    private static ObjectCachingStore<String, String> open(String name, CacheBudget budget) {
        ObjectCachingStore<String, String> s =
                new ObjectCachingStore<>(TestStores.inMemory(name, Serdes.String()), Integer.MAX_VALUE, budget);
        init(s);
        return s;
    }

    private static void init(KeyValueStore<String, String> s) {
        s.init(new MockProcessorContext<>().getStateStoreContext(), s);
    }
}
