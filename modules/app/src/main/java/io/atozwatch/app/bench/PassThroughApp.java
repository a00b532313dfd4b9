package io.atozwatch.app.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a Kafka Streams app that copies each input topic to an output topic as bytes, with no
 * decoding, no state and the pipeline's processing guarantee. What it costs is what Kafka Streams and the
 * broker cost on this machine; the pipeline's time over it is the pipeline's own work.
 */
final class PassThroughApp {
    private PassThroughApp() {}

    /** @param outputs one output per input, same order (created by the caller, partitioned as the inputs) */
    static KafkaStreams create(
            String bootstrap,
            String appId,
            String guarantee,
            Path stateDir,
            List<String> inputs,
            List<String> outputs) {
        StreamsBuilder builder = new StreamsBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            builder.stream(inputs.get(i), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(outputs.get(i), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        BenchCluster.commitInterval(guarantee).ifPresent(ms -> p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ms));
        return new KafkaStreams(builder.build(), p);
    }
}
