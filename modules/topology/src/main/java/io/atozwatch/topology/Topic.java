package io.atozwatch.topology;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values: the one place a topic's contract is stated. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Class<V> valueClass) {

    @Override
    public String toString() {
        return name;
    }
}
