package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.RefundEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Surefire sets org.apache.avro.SERIALIZABLE_PACKAGES=io.atozwatch for the test JVM, and Avro
 * reads it only once, so clearing it inside a test proves nothing. These tests instead replace
 * Avro's global predicate, and run a JVM that never had the property.
 */
class AvroTrustedPackagesTest {

    private final String scope = TestRecords.freshScope();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void configuringTheSerdeTrustsProjectClassesOnlyWhenAvroTrustsNothingOfOurs() {
        ClassSecurityPredicate original = ClassSecurityValidator.getGlobal();
        try {
            // what Avro's global predicate is when the system property is not set
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT_TRUSTED_CLASSES);
            assertThatThrownBy(() -> new SpecificData().getClass(RefundEvent.getClassSchema()))
                    .as("precondition: Avro refuses io.atozwatch classes")
                    .isInstanceOf(SecurityException.class);

            KafkaAvroSerializer serializer = new KafkaAvroSerializer();
            serializer.configure(TestRecords.configs(scope), false);
            KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
            deserializer.configure(
                    TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);

            Object back = deserializer.deserialize("refunds", serializer.serialize("refunds", TestRecords.refund()));

            assertThat(back).isInstanceOf(RefundEvent.class).isEqualTo(TestRecords.refund());
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(RefundEvent.class))
                    .isTrue();
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(String.class))
                    .as("defaults kept")
                    .isTrue();
            assertThat(ClassSecurityValidator.getGlobal().isTrusted(java.util.ArrayList.class))
                    .isFalse();
        } finally {
            ClassSecurityValidator.setGlobal(original);
        }
    }

    @Test
    void trustingTwiceInstallsOnce() {
        ClassSecurityPredicate original = ClassSecurityValidator.getGlobal();
        try {
            AvroTrustedPackages.trustProjectPackages();
            ClassSecurityPredicate installed = ClassSecurityValidator.getGlobal();
            AvroTrustedPackages.trustProjectPackages();

            assertThat(ClassSecurityValidator.getGlobal()).isSameAs(installed);
        } finally {
            ClassSecurityValidator.setGlobal(original);
        }
    }

    @Test
    void aJvmWithoutTheSystemPropertyReadsGeneratedClasses() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), TrustProbeMain.class.getName())
                .redirectErrorStream(true);
        // nothing may smuggle the property in
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process probe = builder.start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output)
                .contains("CONTROL plain Avro refuses RefundEvent")
                .contains(
                        "SERDE read io.atozwatch.state.OrderCase holding io.atozwatch.events.RefundEvent, equal: true");
        assertThat(probe.exitValue()).as(output).isZero();
    }
}
