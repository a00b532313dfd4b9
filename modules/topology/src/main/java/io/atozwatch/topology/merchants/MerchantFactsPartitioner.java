package io.atozwatch.topology.merchants;

import io.atozwatch.state.MerchantFacts;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Facts go to their merchant's partition (the default partitioning of their key, as interactive queries
 * expect); a heartbeat goes to every partition, as every merchant task must hear how far each order task
 * has got.
 */
public final class MerchantFactsPartitioner implements StreamPartitioner<String, MerchantFacts> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, MerchantFacts value, int numPartitions) {
        if (value != null && value.getMerchantId() == null) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.empty();
    }
}
