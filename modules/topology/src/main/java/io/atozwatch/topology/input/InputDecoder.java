package io.atozwatch.topology.input;

import io.atozwatch.serde.WireFormat;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.rules.OrderView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns an input topic's raw records into typed events. A record that cannot be read (bad bytes,
 * unknown schema, unknown enum symbol), is of another topic's type, is not valid (see
 * {@link EventValidator}), or claims to have occurred further ahead of the wall clock than the
 * tolerance (it would move every clock it reached) goes to the dead-letter sink with the reason, its
 * bytes as received and its source coordinates; processing goes on. Decoding here, rather than in the
 * source's deserializer, keeps this identical under the test driver, replay and production.
 */
public final class InputDecoder<V extends SpecificRecord> implements Processor<String, byte[], String, Object> {
    private final Topic<String, V> topic;
    private final String eventsChild;
    private final String deadLetterChild;
    private final PipelineListener listener;
    private final LongSupplier eventTimeNow;
    private final Duration futureTolerance;
    private final EventValidator validator;
    private ProcessorContext<String, Object> context;

    /**
     * @param eventTimeNow    the event time the wall clock stands for now
     * @param futureTolerance how far ahead of the wall clock an event may say it occurred
     */
    public InputDecoder(
            Topic<String, V> topic,
            String eventsChild,
            String deadLetterChild,
            PipelineListener listener,
            LongSupplier eventTimeNow,
            Duration futureTolerance,
            EventValidator validator) {
        this.topic = topic;
        this.eventsChild = eventsChild;
        this.deadLetterChild = deadLetterChild;
        this.listener = listener;
        this.eventTimeNow = eventTimeNow;
        this.futureTolerance = futureTolerance;
        this.validator = validator;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            reject(record, "empty value (tombstone) on an event topic");
            return;
        }
        Object event;
        try {
            event = topic.valueSerde().deserializer().deserialize(topic.name(), record.headers(), record.value());
        } catch (RuntimeException e) {
            reject(record, "cannot deserialize: " + rootMessage(e));
            return;
        }
        if (!topic.valueClass().isInstance(event)) {
            // Written with another topic's schema: read as that type, it would be taken for what it is not.
            reject(
                    record,
                    "topic " + topic.name() + " expects " + topic.valueClass().getSimpleName() + ", got "
                            + (event == null
                                    ? "null"
                                    : ((SpecificRecord) event).getSchema().getFullName())
                            + " (schema id " + WireFormat.schemaId(record.value()) + ")");
            return;
        }
        SpecificRecord typed = (SpecificRecord) event;
        Optional<String> problem = validator.problem(record.key(), typed);
        if (problem.isPresent()) {
            reject(record, "invalid " + typed.getSchema().getName() + ": " + problem.get());
            return;
        }
        Instant occurredAt = OrderView.occurredAt(typed);
        Instant wallClock = wallClock();
        if (occurredAt.isAfter(wallClock.plus(futureTolerance))) {
            reject(
                    record,
                    "occurredAt " + occurredAt + " is more than " + futureTolerance + " ahead of the wall clock ("
                            + wallClock
                            + "): a clock is wrong upstream; the event would move every deadline of its task");
            return;
        }
        context.forward(record.withValue(new InputEvent(typed, record.value())), eventsChild);
    }

    private Instant wallClock() {
        return Instant.ofEpochMilli(eventTimeNow.getAsLong());
    }

    private void reject(Record<String, byte[]> record, String reason) {
        DeadLetters.forward(context, deadLetterChild, listener, topic.name(), record, reason, wallClock());
    }

    static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            b.append(": ").append(cause.getMessage());
            cause = cause.getCause();
        }
        return b.toString();
    }
}
