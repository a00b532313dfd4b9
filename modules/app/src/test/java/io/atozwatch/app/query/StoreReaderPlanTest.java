package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.query.StoreReader.Local;
import io.atozwatch.app.query.StoreReader.Remote;
import java.util.Set;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Who answers a keyed query: the owner, never a second forward, standbys only when stale reads are allowed. */
class StoreReaderPlanTest {
    private static final HostInfo A = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo B = new HostInfo("10.0.0.2", 8080);
    private static final HostInfo C = new HostInfo("10.0.0.3", 8080);

    private static KeyQueryMetadata md(HostInfo active, Set<HostInfo> standbys) {
        return new KeyQueryMetadata(active, standbys, 3);
    }

    @Test
    void theOwnerReadsItsOwnActivePartition() {
        assertThat(StoreReader.plan(md(A, Set.of(B)), A, false, false)).containsExactly(new Local(3, false));
    }

    @Test
    void anotherInstanceForwardsToTheOwner() {
        assertThat(StoreReader.plan(md(B, Set.of(A)), A, false, false)).containsExactly(new Remote(B, false));
    }

    @Test
    void withStandbysAllowedTheOwnerIsStillFirstThenThisInstancesStandbyCopyThenOthers() {
        assertThat(StoreReader.plan(md(B, Set.of(C, A)), A, false, true))
                .containsExactly(new Remote(B, false), new Local(3, true), new Remote(C, true));
        assertThat(StoreReader.plan(md(A, Set.of(C)), A, false, true))
                .containsExactly(new Local(3, false), new Remote(C, true));
    }

    @Test
    void aForwardedCallIsAnsweredHereEvenIfThisInstanceIsNotTheOwnerAnyMore() {
        assertThat(StoreReader.plan(md(B, Set.of()), A, true, false)).containsExactly(new Local(3, false));
        assertThat(StoreReader.plan(md(B, Set.of(A)), A, true, true)).containsExactly(new Local(3, true));
    }

    @Test
    void anUnknownActiveHostIsSkipped() {
        HostInfo unavailable = new HostInfo("unavailable", -1);
        assertThat(StoreReader.plan(md(unavailable, Set.of(C)), A, false, false))
                .isEmpty();
        assertThat(StoreReader.plan(md(unavailable, Set.of(C)), A, false, true)).containsExactly(new Remote(C, true));
    }

    @Test
    void withoutAnAdvertisedAddressTheOnlyInstanceReadsEveryLocalPartition() {
        assertThat(StoreReader.plan(md(B, Set.of()), null, false, true)).containsExactly(new Local(null, false));
    }
}
