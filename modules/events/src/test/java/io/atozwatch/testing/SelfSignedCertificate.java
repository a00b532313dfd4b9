package io.atozwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and 127.0.0.1, made by the JDK's keytool for a test: a PKCS12 key
 * store holding it and its key, and a PKCS12 trust store holding the certificate alone, as a client's would. Shared
 * by the tests of every https endpoint (the registry client's, the query API's).
 *
 * @param keystore   the key store file (the server's)
 * @param truststore the trust store file (a client's)
 * @param keys       the key store, loaded
 * @param trusted    the trust store, loaded
 */
public record SelfSignedCertificate(Path keystore, Path truststore, KeyStore keys, KeyStore trusted) {

    /** Makes {@code <alias>.p12} and {@code <alias>-trust.p12} in {@code dir}, both with {@code password}. */
    public static SelfSignedCertificate make(Path dir, String alias, String password)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve(alias + ".p12");
        Path truststore = dir.resolve(alias + "-trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                password);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(alias, keys.getCertificate(alias));
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trusted.store(out, password.toCharArray());
        }
        return new SelfSignedCertificate(keystore, truststore, keys, trusted);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
