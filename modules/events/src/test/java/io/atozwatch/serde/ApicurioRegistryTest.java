package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link ApicurioRegistry} finds a Java 21+ to run the registry with, on made-up JDK directories. */
class ApicurioRegistryTest {

    @TempDir
    Path jvms;

    @Test
    void takesTheFirstJdkWhoseReleaseFileSays21OrNewer() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("java-8-openjdk-amd64", "1.8.0_452");
        Path temurin = jdk("temurin-25-jdk-amd64", "25.0.3");
        jdk("zulu-21", "21.0.7");
        Path thisJvm = jdk("current", "17.0.15");

        assertThat(ApicurioRegistry.findJava(null, 17, thisJvm, jvms)).isEqualTo(temurin.resolve("bin/java"));
    }

    @Test
    void prefersApicurioJavaHomeThenThisJvmIfNewEnough() throws IOException {
        Path explicit = jdk("somewhere-21", "21.0.1");
        Path current = jdk("current", "25");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        assertThat(ApicurioRegistry.findJava(explicit.toString(), 17, current, jvms))
                .isEqualTo(explicit.resolve("bin/java"));
        assertThat(ApicurioRegistry.findJava(null, 25, current, jvms)).isEqualTo(current.resolve("bin/java"));
    }

    @Test
    void failsClearlyWhenThereIsNoJava21() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        Path old = jdk("old", "17.0.2");

        assertThatThrownBy(() -> ApicurioRegistry.findJava(null, 17, old, jvms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Java 21+ to run Apicurio Registry")
                .hasMessageContaining("java-17-openjdk-amd64 (Java 17)")
                .hasMessageContaining("Install a JDK 21 or newer")
                .hasMessageContaining("APICURIO_JAVA_HOME");
        assertThatThrownBy(() -> ApicurioRegistry.findJava(old.toString(), 17, old, jvms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("APICURIO_JAVA_HOME=" + old + " is Java 17");
        assertThatThrownBy(
                        () -> ApicurioRegistry.findJava(jvms.resolve("missing").toString(), 17, old, jvms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no executable bin/java");
    }

    @Test
    void readsFeatureVersionsFromReleaseFiles() throws IOException {
        assertThat(ApicurioRegistry.releaseFeature(jdk("a", "25.0.3"))).contains(25);
        assertThat(ApicurioRegistry.releaseFeature(jdk("b", "1.8.0_452"))).contains(8);
        assertThat(ApicurioRegistry.releaseFeature(jdk("c", "21"))).contains(21);
        assertThat(ApicurioRegistry.releaseFeature(jvms)).isEqualTo(Optional.empty());
    }

    private Path jdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
