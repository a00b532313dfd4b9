package io.atozwatch.app.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;

/**
 * An admin client the commands can trust to be connected: it has heard from the cluster within a few
 * seconds, or the command stops with one clear sentence (a {@link UserError}) rather than Kafka's default
 * minute of retries and a stack trace.
 */
public final class KafkaAdmin {
    /** How long a command waits for the cluster to answer before saying it cannot reach it. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private KafkaAdmin() {}

    /** An admin client on the cluster {@code clientSettings} name, once the cluster has answered. */
    public static Admin connect(Map<String, Object> clientSettings, Duration timeout) {
        Object servers = clientSettings.get(Settings.BOOTSTRAP_SERVERS);
        if (servers == null || servers.toString().isBlank()) {
            throw new UserError(
                    "missing setting " + Settings.BOOTSTRAP_SERVERS + " (--bootstrap-servers, settings file, "
                            + "or environment variable " + Settings.envOf(Settings.BOOTSTRAP_SERVERS) + ")");
        }
        Admin admin;
        try {
            admin = Admin.create(clientSettings);
        } catch (KafkaException e) {
            throw new UserError("cannot create a Kafka client for " + servers + ": " + rootMessage(e));
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(Duration.ZERO);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof org.apache.kafka.common.errors.TimeoutException
                            || cause instanceof TimeoutException
                    ? "no broker answered within " + timeout.toSeconds() + " s"
                    : rootMessage(cause);
            throw new UserError(
                    "cannot reach the Kafka cluster at " + servers + ": " + why + "; check "
                            + Settings.BOOTSTRAP_SERVERS
                            + " (--bootstrap-servers), the client security settings, and that the "
                            + "brokers are up",
                    1);
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while connecting to " + servers, 1);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() != null ? root.getMessage() : t.getMessage();
        return m != null ? m : root.getClass().getSimpleName();
    }
}
