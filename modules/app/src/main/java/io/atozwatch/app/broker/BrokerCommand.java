package io.atozwatch.app.broker;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code broker}: a single-node Kafka broker in a process of its own, on fixed ports and a data directory that
 * outlives it. The {@code chaos} command needs exactly that: a broker it can SIGKILL and start again where it
 * was, so that the restarted broker recovers its logs, offsets and transactions as a real one would.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a single-node Kafka broker (KRaft, PLAINTEXT on 127.0.0.1) until stopped (SIGTERM, Ctrl-C) or killed.",
            "The data directory is kept: started again on it, the broker recovers its topics, offsets and "
                    + "transactions. For local experiments and the chaos verifier, not for production.",
        })
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Client (PLAINTEXT) port.")
    int port;

    @Option(
            names = "--controller-port",
            defaultValue = "0",
            paramLabel = "PORT",
            description = "KRaft controller port; 0 picks a free one (default: ${DEFAULT-VALUE}). Fix it to restart "
                    + "the broker exactly as it was.")
    int controllerPort;

    @Option(
            names = "--data-dir",
            required = true,
            paramLabel = "DIR",
            description = "Where the logs live; created if missing, reused (cluster id and all) if already formatted.")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDir(dataDir)
                .port(port)
                .controllerPort(controllerPort)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Broker ready on %s (cluster %s, controller port %d, started in %d ms, data in %s)%n",
                broker.bootstrapServers(),
                broker.clusterId(),
                broker.controllerPort(),
                broker.startupMillis(),
                broker.dataDir());
        out.flush();
        stopped.await();
        return 0;
    }
}
