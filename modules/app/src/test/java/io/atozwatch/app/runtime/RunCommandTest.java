package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.Main;
import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code run} checks its input topics before starting, and says exactly what is wrong. */
class RunCommandTest {
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.startInTempDir(Path.of("target"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void refusesInputsThatAreNotCoPartitioned() throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "run", ".properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "topic.orders=cp.orders",
                        "topic.shipments=cp.shipments",
                        "topic.returns=cp.returns",
                        "topic.refunds=cp.refunds",
                        "topic.disputes=cp.disputes",
                        "topic.merchant-policies=cp.policies"));
        broker.createTopic("cp.orders", 6);
        broker.createTopic("cp.shipments", 6);
        broker.createTopic("cp.returns", 3);
        broker.createTopic("cp.refunds", 6);
        broker.createTopic("cp.disputes", 6);
        broker.createTopic("cp.policies", 1);

        Result r = run(
                "run",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                "mock://run-test",
                "--config",
                config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("input topics are not co-partitioned: cp.orders has 6, cp.shipments has 6, "
                        + "cp.returns has 3, cp.refunds has 6, cp.disputes has 6 partitions");
    }

    @Test
    void refusesMissingInputsNamingThem() throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "run", ".properties");
        Files.writeString(config, "topic.orders=none.orders\ntopic.shipments=none.shipments\n");
        Result r = run(
                "run",
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                "mock://run-test",
                "--config",
                config.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("none.orders")
                .contains("none.shipments")
                .contains("do not exist")
                .contains("atoz-watch topics");
    }

    @Test
    void topicsCreatesEverythingAndThenTheCheckPasses() {
        String[] cluster = {
            "--bootstrap-servers", broker.bootstrapServers(), "--partitions", "2", "--replication-factor", "1"
        };
        Result created = run(concat(new String[] {"topics"}, cluster));
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).contains("Created: orders, shipments, returns, refunds, disputes, merchant-policies");
        Result checked = run(concat(new String[] {"topics", "--check"}, cluster));
        assertThat(checked.exitCode()).isZero();
        assertThat(checked.out()).contains("Topics OK");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
