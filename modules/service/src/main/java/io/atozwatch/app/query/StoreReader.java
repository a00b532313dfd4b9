package io.atozwatch.app.query;

import io.atozwatch.app.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's side of interactive queries: whether the stores can be read now, which instance owns a
 * key, local reads of one partition (active, or stale from a standby) or of every local partition.
 * Every "cannot read now" case is a 503 {@link ApiError}, whatever Kafka Streams threw.
 */
final class StoreReader {

    /** One way to answer a keyed query, tried in the order {@link #plan} gives. */
    sealed interface Attempt permits Local, Remote {}

    /** Read this instance's store; {@code partition} null means every local partition (single-instance mode). */
    record Local(Integer partition, boolean stale) implements Attempt {}

    /** Ask another instance; {@code standby} when it is a standby replica (the request must allow stale reads). */
    record Remote(HostInfo host, boolean standby) implements Attempt {}

    private final HostInfo self;
    private volatile KafkaStreams streams;

    /** @param self this instance as Kafka Streams advertises it ({@code application.server}); null when not advertised */
    StoreReader(HostInfo self) {
        this.self = self;
    }

    void attach(KafkaStreams streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    HostInfo self() {
        return self;
    }

    String selfLabel() {
        return self == null ? "local" : self.host() + ":" + self.port();
    }

    /**
     * The running Kafka Streams, or a 503: stores are queryable when RUNNING; REBALANCING still serves
     * stale reads (from standbys or the tasks being revoked), so it is allowed when the request accepts them.
     */
    KafkaStreams queryable(boolean staleAllowed) {
        KafkaStreams s = streams;
        if (s == null) {
            throw ApiError.unavailable("the pipeline is starting (Kafka Streams not created yet)");
        }
        KafkaStreams.State state = s.state();
        if (state == KafkaStreams.State.RUNNING || staleAllowed && state == KafkaStreams.State.REBALANCING) {
            return s;
        }
        throw ApiError.unavailable("Kafka Streams is " + state + "; stores can be queried only while RUNNING");
    }

    /** Where {@code key} lives: its partition, active host and standby hosts. */
    KeyQueryMetadata metadata(KafkaStreams s, String store, String key) {
        KeyQueryMetadata md;
        try {
            md = s.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ApiError.unavailable("key metadata for store " + store + " not available: " + e.getMessage());
        }
        if (md == null) {
            // Kafka Streams answers null for a store its topology does not have (yet).
            throw ApiError.unavailable("store " + store + " is not in this instance's topology");
        }
        if (md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.partition() < 0) {
            throw ApiError.unavailable("key metadata for store " + store + " not available (rebalancing?)");
        }
        return md;
    }

    /**
     * The attempts that answer a keyed query, in order. A forwarded call is always answered here (never
     * forwarded twice); otherwise the active first, then (only if stale reads are allowed) the standbys,
     * this instance's own copy before others'. Without an advertised host there is one instance to ask.
     */
    static List<Attempt> plan(KeyQueryMetadata md, HostInfo self, boolean forwarded, boolean allowStandby) {
        if (self == null) {
            return List.of(new Local(null, false));
        }
        if (forwarded) {
            return List.of(new Local(md.partition(), allowStandby));
        }
        List<Attempt> attempts = new ArrayList<>();
        HostInfo active = md.activeHost();
        if (self.equals(active)) {
            attempts.add(new Local(md.partition(), false));
        } else if (reachableAddress(active)) {
            attempts.add(new Remote(active, false));
        }
        if (allowStandby) {
            List<HostInfo> standbys = md.standbyHosts().stream()
                    .filter(h -> !h.equals(active))
                    .sorted((a, b) -> (a.host() + ":" + a.port()).compareTo(b.host() + ":" + b.port()))
                    .toList();
            if (standbys.contains(self)) {
                attempts.add(new Local(md.partition(), true));
            }
            standbys.stream()
                    .filter(h -> !h.equals(self) && reachableAddress(h))
                    .forEach(h -> attempts.add(new Remote(h, true)));
        }
        return attempts;
    }

    /** Kafka Streams' placeholder for "no host" is ("unavailable", -1). */
    private static boolean reachableAddress(HostInfo h) {
        return h != null && h.port() > 0;
    }

    /** The value under {@code key} in this instance's copy of one partition (or every local one); null if absent. */
    Object get(KafkaStreams s, String store, String key, Integer partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Object>> params =
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore());
        if (partition != null) {
            params = params.withPartition(partition);
        }
        if (stale) {
            params = params.enableStaleStores();
        }
        try {
            return s.store(params).get(key);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ApiError.unavailable("store " + store + (partition == null ? "" : " partition " + partition)
                    + " cannot be read here now: " + e.getMessage());
        }
    }

    /** Every value of this instance's active partitions of {@code store}. */
    List<Object> localValues(KafkaStreams s, String store) {
        List<Object> values = new ArrayList<>();
        try (KeyValueIterator<String, Object> it = s.store(StoreQueryParameters.fromNameAndType(
                        store, QueryableStoreTypes.<String, Object>keyValueStore()))
                .all()) {
            it.forEachRemaining(kv -> values.add(kv.value));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ApiError.unavailable("store " + store + " cannot be read here now: " + e.getMessage());
        }
        return values;
    }

    /**
     * The instances that hold active partitions of {@code store} (together they hold every partition once),
     * sorted, so every instance gathers the same way; a 503 if none is known yet.
     */
    List<HostInfo> activeHosts(KafkaStreams s, String store) {
        List<HostInfo> hosts;
        try {
            hosts = s.streamsMetadataForStore(store).stream()
                    .filter(m -> m.stateStoreNames().contains(store))
                    .map(StreamsMetadata::hostInfo)
                    .distinct()
                    .sorted((a, b) -> (a.host() + ":" + a.port()).compareTo(b.host() + ":" + b.port()))
                    .toList();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ApiError.unavailable("metadata for store " + store + " not available: " + e.getMessage());
        }
        if (hosts.isEmpty()) {
            throw ApiError.unavailable("no instance hosts store " + store + " yet");
        }
        return hosts;
    }
}
