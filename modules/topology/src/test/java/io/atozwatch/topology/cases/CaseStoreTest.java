package io.atozwatch.topology.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.SentNotification;
import io.atozwatch.topology.Ev;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.TestStores;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.stores.ObjectCachingStore;
import io.atozwatch.topology.stores.RecordCopy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store of order cases keeps each case as a head and its parts: a case read back is the case written, and a
 * change of a case writes its head and what it added, not what it already held.
 */
class CaseStoreTest {
    private final Topics topics = new Topics(
            PipelineConfig.defaults().topics(), Map.of("schema.registry.url", "mock://" + UUID.randomUUID()));
    private final Recording below = new Recording(
            Stores.inMemoryKeyValueStore(PipelineTopology.CASES_STORE).get());
    private final CaseStore store = new CaseStore(below, topics.orderCaseSerdes, null);

    @BeforeEach
    void init() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void casesReadBackHoldTheirOrderIdAndTheirFewValuedFieldsOnce() {
        for (String orderId : List.of("o-1", "o-2")) {
            OrderCase c = CaseReconciler.newCase(orderId);
            add(c, Ev.placed(orderId, "2026-03-01T10:00:00Z", 5_000, null));
            add(c, Ev.shipped(orderId, "s-1", "2026-03-02T10:00:00Z"));
            store.put(orderId, c);
        }

        OrderCase first = store.get("o-1");
        OrderCase second = store.get("o-2");

        OrderEvent placed = (OrderEvent) first.getEvents().get(0).getEvent();
        OrderEvent otherPlaced = (OrderEvent) second.getEvents().get(0).getEvent();
        assertThat(placed.getOrderId()).isSameAs(first.getOrderId());
        assertThat(((ShipmentEvent) first.getEvents().get(1).getEvent()).getOrderId())
                .isSameAs(first.getOrderId());
        assertThat(placed.getMerchantId())
                .isEqualTo(otherPlaced.getMerchantId())
                .isSameAs(otherPlaced.getMerchantId());
        assertThat(first.getEvents().get(0).getSourceTopic())
                .isSameAs(second.getEvents().get(0).getSourceTopic());
    }

    @Test
    void aCaseReadBackHasItsEventsInTheirOrderAndItsNotices() {
        OrderCase c = CaseReconciler.newCase("o-1");
        add(c, Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, null));
        add(c, Ev.delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        add(c, Ev.shipped("o-1", "s-1", "2026-03-02T10:00:00Z")); // late: before the delivery
        add(c, Ev.shipped("o-1", "s-2", "2026-03-02T10:00:00Z")); // a tie: after the first, as it arrived
        notice(c, "n-1");
        store.put("o-1", c);
        add(c, Ev.shipped("o-1", "s-3", "2026-03-02T10:00:00Z")); // a tie with events already written
        add(c, Ev.charged("o-1", "2026-03-01T09:00:00Z", 5_000)); // before all of them
        notice(c, "n-2");
        store.put("o-1", c);

        OrderCase read = store.get("o-1");
        assertThat(read).isNotSameAs(c).isEqualTo(c);
        assertThat(ids(read))
                .containsExactly("charged", "placed", "s-1 shipped", "s-2 shipped", "s-3 shipped", "s-1 delivered");
        assertThat(read.getNotifications())
                .extracting(SentNotification::getNotificationId)
                .containsExactly("n-1", "n-2");
    }

    @Test
    void aChangeWritesTheHeadAndOnlyWhatTheCaseAdded() {
        OrderCase c = shippedWithANotice("o-1");
        store.put("o-1", c);
        assertThat(below.written).containsExactly(event("o-1", 0), event("o-1", 1), notice("o-1", 0), head("o-1"));

        below.written.clear();
        add(c, Ev.delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        c.setJudgedUpTo(Ev.t("2026-03-04T10:00:00Z"));
        store.put("o-1", c);
        assertThat(below.written).containsExactly(event("o-1", 2), head("o-1"));

        below.written.clear();
        c.setJudgedUpTo(Ev.t("2026-03-05T10:00:00Z"));
        store.put("o-1", c);
        assertThat(below.written).as("nothing added: the head only").containsExactly(head("o-1"));
        assertThat(below.get(head("o-1")).length)
                .as("the head is smaller than the case whole")
                .isLessThan(topics.orderCaseSerdes.heads().serializer().serialize("t", c).length / 2);
    }

    @Test
    void anEventThatDropsItsRecordAsReceivedIsWrittenAgain() {
        OrderCase c = CaseReconciler.newCase("o-1");
        CaseEvent shipped = add(c, Ev.shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
        shipped.setRaw(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        add(c, Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, null));
        store.put("o-1", c);
        assertThat(store.get("o-1").getEvents().get(1).getRaw()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        below.written.clear();
        c.getEvents().set(1, RecordCopy.of(shipped));
        c.getEvents().get(1).setRaw(null);
        store.put("o-1", c);
        assertThat(below.written).containsExactly(event("o-1", 1), head("o-1"));
        assertThat(store.get("o-1").getEvents().get(1).getRaw()).isNull();

        below.written.clear();
        store.put("o-1", c);
        assertThat(below.written).as("written again once").containsExactly(head("o-1"));
    }

    @Test
    void aDeletedCaseLeavesNoPartBehind() {
        OrderCase c = shippedWithANotice("o-1");
        store.put("o-1", c);
        store.put("o-2", case2());

        store.delete("o-1");

        assertThat(below.deleted)
                .as("the head first: a head never counts a part deleted")
                .containsExactly(head("o-1"), event("o-1", 0), event("o-1", 1), notice("o-1", 0));
        assertThat(below.readingDeletes)
                .as("only the head is read, to count the parts")
                .isEqualTo(1);
        assertThat(store.get("o-1")).isNull();
        try (KeyValueIterator<Bytes, byte[]> it = below.all()) {
            List<String> keys = new ArrayList<>();
            it.forEachRemaining(kv -> keys.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
            assertThat(keys).allMatch(k -> k.startsWith("o-2")).hasSize(2);
        }
    }

    @Test
    void aCaseWhosePartIsLostIsAnErrorThatSaysSo() {
        store.put("o-1", shippedWithANotice("o-1"));
        below.delete(event("o-1", 1));

        assertThatThrownBy(() -> store.get("o-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the store of order cases has the case of order o-1 without its event 1");
    }

    @Test
    void aCaseWrittenWholeBeforeIsReadAsItIsAndMovedToPartsAtItsNextWrite() {
        OrderCase c = shippedWithANotice("o-1");
        // As the store was built before: Kafka Streams' typed store of whole cases, over the same bytes.
        KeyValueStore<String, OrderCase> before = Stores.keyValueStoreBuilder(
                        new KeyValueBytesStoreSupplier() {
                            @Override
                            public String name() {
                                return PipelineTopology.CASES_STORE;
                            }

                            @Override
                            public KeyValueStore<Bytes, byte[]> get() {
                                return below;
                            }

                            @Override
                            public String metricsScope() {
                                return "in-memory";
                            }
                        },
                        org.apache.kafka.common.serialization.Serdes.String(),
                        topics.orderCaseSerdes.heads())
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
        before.init(new MockProcessorContext<>().getStateStoreContext(), before);
        before.put("o-1", c);
        byte[] whole = below.get(head("o-1"));

        OrderCase read = store.get("o-1");
        assertThat(read).isEqualTo(c);
        assertThat(store.get("o-1").getEvents()).extracting(CaseEvent::getPart).containsOnlyNulls();

        below.written.clear();
        add(read, Ev.delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        store.put("o-1", read);
        assertThat(below.written)
                .containsExactly(event("o-1", 0), event("o-1", 1), event("o-1", 2), notice("o-1", 0), head("o-1"));
        assertThat(below.get(head("o-1")).length).isLessThan(whole.length);
        assertThat(store.get("o-1")).isEqualTo(read);
        assertThat(ids(store.get("o-1"))).containsExactly("placed", "s-1 shipped", "s-1 delivered");
    }

    @Test
    void aScanReadsEachCaseWholeInTheOrderOfItsId() {
        for (String id : List.of("o-2", "o-10", "o-1")) {
            store.put(id, shippedWithANotice(id));
        }
        below.put(event("o-3", 0), new byte[] {0}); // a part whose head was never written (a crash between them)

        try (KeyValueIterator<String, OrderCase> it = store.all()) {
            List<KeyValue<String, OrderCase>> all = new ArrayList<>();
            it.forEachRemaining(all::add);
            assertThat(all).extracting(kv -> kv.key).containsExactly("o-1", "o-10", "o-2");
            assertThat(all).allSatisfy(kv -> {
                assertThat(kv.value).isEqualTo(store.get(kv.key));
                assertThat(kv.value.getEvents()).hasSize(2);
                assertThat(kv.value.getNotifications()).hasSize(1);
            });
        }
        try (KeyValueIterator<String, OrderCase> it = store.range("o-1", "o-10")) {
            List<KeyValue<String, OrderCase>> some = new ArrayList<>();
            it.forEachRemaining(some::add);
            assertThat(some).extracting(kv -> kv.key).containsExactly("o-1", "o-10");
            assertThat(some.get(1).value.getEvents()).hasSize(2);
        }
    }

    @Test
    void aScanOfHeadsReadsEachCaseWithoutItsEventsAndNotices() {
        for (String id : List.of("o-2", "o-1")) {
            OrderCase c = shippedWithANotice(id);
            c.setNextWakeAt(Instant.parse("2026-03-04T10:00:00Z"));
            store.put(id, c);
        }
        below.put(event("o-3", 0), new byte[] {0}); // a part whose head was never written (a crash between them)
        ObjectCachingStore<String, OrderCase> asProcessorsSeeIt = new ObjectCachingStore<>(store, 10);

        try (KeyValueIterator<String, OrderCase> it = CaseStore.heads(asProcessorsSeeIt)) {
            List<KeyValue<String, OrderCase>> heads = new ArrayList<>();
            it.forEachRemaining(heads::add);
            assertThat(heads).extracting(kv -> kv.key).containsExactly("o-1", "o-2");
            assertThat(heads).allSatisfy(kv -> {
                assertThat(kv.value.getNextWakeAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
                assertThat(kv.value.getStoredEvents()).isEqualTo(2);
                assertThat(kv.value.getEvents()).isEmpty();
                assertThat(kv.value.getNotifications()).isEmpty();
            });
        }
    }

    @Test
    void aScanOfHeadsInAStoreOfWholeCasesReadsTheWholeCases() {
        KeyValueStore<String, OrderCase> whole = TestStores.inMemory("whole", topics.orderCaseSerdes.heads());
        whole.init(new MockProcessorContext<>().getStateStoreContext(), whole);
        whole.put("o-1", shippedWithANotice("o-1"));

        try (KeyValueIterator<String, OrderCase> it = CaseStore.heads(whole)) {
            assertThat(it.next().value.getEvents()).hasSize(2);
            assertThat(it.hasNext()).isFalse();
        }
    }

    /** A case placed, shipped (shipment s-1) and with a notice sent (n-1). */
    private static OrderCase shippedWithANotice(String orderId) {
        OrderCase c = CaseReconciler.newCase(orderId);
        add(c, Ev.placed(orderId, "2026-03-01T10:00:00Z", 5_000, null));
        add(c, Ev.shipped(orderId, "s-1", "2026-03-02T10:00:00Z"));
        notice(c, "n-1");
        return c;
    }

    private static OrderCase case2() {
        OrderCase c = CaseReconciler.newCase("o-2");
        add(c, Ev.placed("o-2", "2026-03-01T10:00:00Z", 5_000, null));
        return c;
    }

    private static CaseEvent add(OrderCase c, SpecificRecord event) {
        CaseEvent e = CaseEvent.newBuilder()
                .setSourceTopic("t")
                .setSourcePartition(0)
                .setSourceOffset((long) c.getEvents().size())
                .setEvent(event)
                .build();
        CaseReconciler.insert(c, e);
        return e;
    }

    private static void notice(OrderCase c, String id) {
        c.getNotifications()
                .add(new SentNotification(id, NotificationKind.values()[0], Instant.parse("2026-03-03T00:00:00Z"), id));
    }

    /** Each event as "placed", "charged", or its shipment and type. */
    private static List<String> ids(OrderCase c) {
        return c.getEvents().stream()
                .map(e -> e.getEvent() instanceof io.atozwatch.events.ShipmentEvent s
                        ? s.getShipmentId() + " " + s.getType().name().toLowerCase()
                        : ((io.atozwatch.events.OrderEvent) e.getEvent())
                                .getType()
                                .name()
                                .toLowerCase())
                .toList();
    }

    private static Bytes head(String orderId) {
        return Bytes.wrap(orderId.getBytes(StandardCharsets.UTF_8));
    }

    private static Bytes event(String orderId, int n) {
        return part(orderId, 'E', n);
    }

    private static Bytes notice(String orderId, int n) {
        return part(orderId, 'N', n);
    }

    private static Bytes part(String orderId, char kind, int n) {
        byte[] id = orderId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 6)
                .put(id)
                .put((byte) 0)
                .put((byte) kind)
                .putInt(n)
                .array());
    }

    /** The store below, noting the keys written to it, in order. */
    private static final class Recording extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
            implements KeyValueStore<Bytes, byte[]> {
        final List<Bytes> written = new ArrayList<>();

        Recording(KeyValueStore<Bytes, byte[]> inner) {
            super(inner);
        }

        /** What was deleted: by delete(), or by a put of null (a deletion that does not read the value first). */
        final List<Bytes> deleted = new ArrayList<>();
        /** How many of the deletions read the value they deleted (delete() does, a put of null does not). */
        int readingDeletes;

        @Override
        public void put(Bytes key, byte[] value) {
            if (value == null) {
                deleted.add(key);
            } else {
                written.add(key);
            }
            wrapped().put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] delete(Bytes key) {
            deleted.add(key);
            readingDeletes++;
            return wrapped().delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return wrapped().get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return wrapped().range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return wrapped().all();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS serializer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return wrapped().approximateNumEntries();
        }
    }
}
