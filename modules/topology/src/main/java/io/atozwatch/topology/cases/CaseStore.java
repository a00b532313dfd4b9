package io.atozwatch.topology.cases;

import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.CasePart;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.SentNotification;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.stores.WritesOneByOne;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The order cases as their processor reads and writes them, whole, kept in the store below in parts, so that a
 * change of a case does not rewrite what it already holds. A case's events and the notices it sent are written
 * once each, as parts of their own: under the order id, a zero byte, {@code E} or {@code N}, and the part's number
 * (four bytes, big-endian). The rest, the case's head, is small and written at every change, under the order id.
 * A part is written again only when its event drops its record as received (see {@link OrderCase#getKeptRawParts});
 * nothing else in a part ever changes: an event, once in its case, stays as it is, and a notice is only ever added.
 *
 * <p>Events are numbered when first written, in the case's order (occurredAt, then arrival), so that the case read
 * back has them in the same order: by occurredAt, then by number. Notices are numbered in the order sent. A case
 * written before parts were kept (its lists in its record, no part counted) is read as it is, and moves its lists
 * to parts when next written.
 *
 * <p>Every part sorts right after its case's head, and before any other order id's (a zero byte is less than any
 * byte of an order id), so a scan reads each case's head and then its parts. A case written is written parts first,
 * head last: without a transaction, a head never counts a part not written.
 */
public final class CaseStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, String, OrderCase>
        implements WritesOneByOne<String, OrderCase> {

    private static final byte SEPARATOR = 0;
    private static final byte EVENT = 'E';
    private static final byte NOTICE = 'N';
    private static final int PART_SUFFIX = 6;
    private static final Comparator<CaseEvent> CASE_ORDER = Comparator.comparing(
                    (CaseEvent e) -> OrderView.occurredAt(e.getEvent()))
            .thenComparing(CaseEvent::getPart);

    /** The serdes of a case's head and of its parts (one schema for both kinds: registered with the first event). */
    public record Serdes(Serde<OrderCase> heads, Serde<CasePart> parts) {}

    private final Serdes serdes;
    /** The changelog's topic, as the serdes are told it (their schemas' subjects are named after it). */
    private String changelog;

    /** @param changelog the changelog's topic, as serdes are told it; null: the one Kafka Streams names, at init */
    public CaseStore(KeyValueStore<Bytes, byte[]> below, Serdes serdes, String changelog) {
        super(below);
        this.serdes = serdes;
        this.changelog = changelog;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        if (changelog == null) {
            changelog = context.applicationId() + "-" + name() + "-changelog";
        }
        super.init(context, root);
    }

    @Override
    public OrderCase get(String orderId) {
        byte[] head = wrapped().get(headKey(orderId));
        if (head == null) {
            return null;
        }
        OrderCase c = decodeHead(head);
        if (isWhole(c)) {
            return c;
        }
        List<CaseEvent> events = new ArrayList<>(c.getStoredEvents());
        List<SentNotification> notices = new ArrayList<>(c.getStoredNotices());
        for (int n = 0; n < c.getStoredEvents(); n++) {
            byte[] part = wrapped().get(partKey(orderId, EVENT, n));
            if (part == null) {
                return missingPart(orderId, "event", n);
            }
            events.add(decodeEvent(part));
        }
        for (int n = 0; n < c.getStoredNotices(); n++) {
            byte[] part = wrapped().get(partKey(orderId, NOTICE, n));
            if (part == null) {
                return missingPart(orderId, "notice", n);
            }
            notices.add(decodeNotice(part));
        }
        return assemble(c, events, notices);
    }

    /**
     * A part the head counts is not there: the case was deleted after its head was read (an interactive query reads
     * while the stream thread writes), so it is gone; or the store lost it, which nothing here can mend.
     */
    private OrderCase missingPart(String orderId, String kind, int number) {
        if (wrapped().get(headKey(orderId)) == null) {
            return null;
        }
        throw new IllegalStateException(
                "the store of order cases has the case of order " + orderId + " without its " + kind + " " + number);
    }

    /**
     * Writes the parts {@code c} has that the store has not, and its head. Numbers the events written, and counts
     * in {@code c} what is written: the case is the one its processor goes on with.
     */
    @Override
    public void put(String orderId, OrderCase c) {
        if (c == null) {
            delete(orderId);
            return;
        }
        List<Integer> keptRaw = c.getKeptRawParts(); // copied before its first change: the list may be shared
        boolean keptRawCopied = false;
        int stored = c.getStoredEvents();
        for (CaseEvent e : c.getEvents()) {
            if (e.getPart() == null) {
                e.setPart(stored++);
                writeEvent(orderId, e);
                if (e.getRaw() != null) {
                    keptRaw = keptRawCopied ? keptRaw : new ArrayList<>(keptRaw);
                    keptRawCopied = true;
                    keptRaw.add(e.getPart());
                }
            } else if (e.getRaw() == null && keptRaw.contains(e.getPart())) {
                keptRaw = keptRawCopied ? keptRaw : new ArrayList<>(keptRaw);
                keptRawCopied = true;
                keptRaw.remove(e.getPart());
                writeEvent(orderId, e); // without its record as received, now dropped
            }
        }
        List<SentNotification> notices = c.getNotifications();
        for (int n = c.getStoredNotices(); n < notices.size(); n++) {
            wrapped().put(partKey(orderId, NOTICE, n), encodePart(new CasePart(null, notices.get(n))));
        }
        c.setStoredEvents(stored);
        c.setStoredNotices(notices.size());
        c.setKeptRawParts(keptRaw);
        wrapped().put(headKey(orderId), encodeHead(c));
    }

    private void writeEvent(String orderId, CaseEvent e) {
        wrapped().put(partKey(orderId, EVENT, e.getPart()), encodePart(new CasePart(e, null)));
    }

    /** The case's head: the case without its events and notices, which the parts hold. */
    private byte[] encodeHead(OrderCase c) {
        List<CaseEvent> events = c.getEvents();
        List<SentNotification> notices = c.getNotifications();
        c.setEvents(List.of());
        c.setNotifications(List.of());
        try {
            return serdes.heads().serializer().serialize(changelog, c);
        } finally {
            c.setEvents(events);
            c.setNotifications(notices);
        }
    }

    /**
     * Deletes the case and its parts, head first: without a transaction, a head never counts a part deleted (a part
     * left behind is passed over, and overwritten if the order id comes back). Returns the case's head as it was
     * (without its events and notices).
     */
    @Override
    public OrderCase delete(String orderId) {
        byte[] head = wrapped().delete(headKey(orderId));
        if (head == null) {
            return null;
        }
        OrderCase c = decodeHead(head);
        for (int n = 0; n < c.getStoredEvents(); n++) {
            wrapped().put(partKey(orderId, EVENT, n), null); // delete() would read the part first
        }
        for (int n = 0; n < c.getStoredNotices(); n++) {
            wrapped().put(partKey(orderId, NOTICE, n), null);
        }
        return c;
    }

    @Override
    public KeyValueIterator<String, OrderCase> all() {
        return new Assembling(wrapped().all());
    }

    /**
     * The heads of every case in {@code store} (as a processor sees it, possibly wrapped): each case without its
     * events and notices, which a scan of heads does not decode; the whole cases from a store of another kind. For a
     * task that starts, before anything is written: a cache in front of this store is empty then.
     */
    @SuppressWarnings("unchecked")
    public static KeyValueIterator<String, OrderCase> heads(KeyValueStore<String, OrderCase> store) {
        StateStore s = store;
        while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
            if (s instanceof CaseStore cases) {
                return cases.new Heads(cases.wrapped().all());
            }
            s = wrapped.wrapped();
        }
        return store.all();
    }

    /** The cases from {@code from} to {@code to}, both included, in the byte order of their order ids. */
    @Override
    public KeyValueIterator<String, OrderCase> range(String from, String to) {
        Bytes upTo = to == null ? null : partKey(to, (byte) 0xFF, -1); // and the parts of the last case
        return new Assembling(wrapped().range(from == null ? null : headKey(from), upTo));
    }

    @Override
    public KeyValueIterator<String, OrderCase> reverseRange(String from, String to) {
        throw new UnsupportedOperationException("the order cases are read forwards only");
    }

    @Override
    public KeyValueIterator<String, OrderCase> reverseAll() {
        throw new UnsupportedOperationException("the order cases are read forwards only");
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, OrderCase> prefixScan(
            P prefix, PS prefixKeySerializer) {
        throw new UnsupportedOperationException("the order cases are read by order id");
    }

    /** How many entries the store below holds: the cases and their parts. */
    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this); // the store below would answer in its parts
    }

    /** What the parts' serde is told their topic is: their schema's subject is named after it, apart from the heads'. */
    private String partsTopic() {
        return changelog + "-parts";
    }

    private byte[] encodePart(CasePart part) {
        return serdes.parts().serializer().serialize(partsTopic(), part);
    }

    private OrderCase decodeHead(byte[] bytes) {
        return serdes.heads().deserializer().deserialize(changelog, bytes);
    }

    private CaseEvent decodeEvent(byte[] bytes) {
        return serdes.parts().deserializer().deserialize(partsTopic(), bytes).getEvent();
    }

    private SentNotification decodeNotice(byte[] bytes) {
        return serdes.parts().deserializer().deserialize(partsTopic(), bytes).getNotice();
    }

    /** Whether the head is the whole case: written before parts were kept, or never with a part. */
    private static boolean isWhole(OrderCase head) {
        return head.getStoredEvents() == 0 && head.getStoredNotices() == 0;
    }

    private static OrderCase assemble(OrderCase head, List<CaseEvent> events, List<SentNotification> notices) {
        for (CaseEvent e : events) {
            SharedStrings.share(e, head.getOrderId());
        }
        events.sort(CASE_ORDER);
        head.setEvents(events);
        head.setNotifications(notices);
        return head;
    }

    private static Bytes headKey(String orderId) {
        return Bytes.wrap(orderId.getBytes(StandardCharsets.UTF_8));
    }

    private static Bytes partKey(String orderId, byte kind, int number) {
        byte[] id = orderId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(id.length + PART_SUFFIX);
        key.put(id).put(SEPARATOR).put(kind).putInt(number);
        return Bytes.wrap(key.array());
    }

    /** Whether {@code key} is a part of the case whose head's key is {@code head}. */
    private static boolean isPartOf(byte[] key, byte[] head) {
        return key.length == head.length + PART_SUFFIX
                && key[head.length] == SEPARATOR
                && Arrays.equals(key, 0, head.length, head, 0, head.length);
    }

    private static boolean isPart(byte[] key) {
        return key.length >= PART_SUFFIX && key[key.length - PART_SUFFIX] == SEPARATOR;
    }

    /** Reads the heads in the store below, passing over the parts. */
    private final class Heads implements KeyValueIterator<String, OrderCase> {
        private final KeyValueIterator<Bytes, byte[]> below;
        private KeyValue<Bytes, byte[]> next;

        Heads(KeyValueIterator<Bytes, byte[]> below) {
            this.below = below;
        }

        @Override
        public boolean hasNext() {
            while (next == null && below.hasNext()) {
                KeyValue<Bytes, byte[]> kv = below.next();
                if (!isPart(kv.key.get())) {
                    next = kv;
                }
            }
            return next != null;
        }

        @Override
        public KeyValue<String, OrderCase> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> kv = next;
            next = null;
            return KeyValue.pair(new String(kv.key.get(), StandardCharsets.UTF_8), decodeHead(kv.value));
        }

        @Override
        public String peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return new String(next.key.get(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            below.close();
        }
    }

    /** Reads the store below in key order: each head, then its parts; a part without its head is passed over. */
    private final class Assembling implements KeyValueIterator<String, OrderCase> {
        private final KeyValueIterator<Bytes, byte[]> below;
        private KeyValue<String, OrderCase> next;

        Assembling(KeyValueIterator<Bytes, byte[]> below) {
            this.below = below;
        }

        @Override
        public boolean hasNext() {
            while (next == null && below.hasNext()) {
                KeyValue<Bytes, byte[]> kv = below.next();
                byte[] head = kv.key.get();
                if (isPart(head)) {
                    continue;
                }
                OrderCase c = decodeHead(kv.value);
                List<CaseEvent> events = new ArrayList<>(c.getStoredEvents());
                List<SentNotification> notices = new ArrayList<>(c.getStoredNotices());
                while (below.hasNext() && isPartOf(below.peekNextKey().get(), head)) {
                    KeyValue<Bytes, byte[]> part = below.next();
                    byte[] key = part.key.get();
                    int number = ByteBuffer.wrap(key, key.length - 4, 4).getInt();
                    if (key[head.length + 1] == EVENT && number < c.getStoredEvents()) {
                        events.add(decodeEvent(part.value));
                    } else if (key[head.length + 1] == NOTICE && number < c.getStoredNotices()) {
                        notices.add(decodeNotice(part.value));
                    }
                }
                String orderId = new String(head, StandardCharsets.UTF_8);
                next = KeyValue.pair(orderId, isWhole(c) ? c : assemble(c, events, notices));
            }
            return next != null;
        }

        @Override
        public KeyValue<String, OrderCase> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<String, OrderCase> kv = next;
            next = null;
            return kv;
        }

        @Override
        public String peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            below.close();
        }
    }
}
