package io.atozwatch.serde;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro load this project's generated classes without the user setting
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.atozwatch}.
 *
 * <p>Avro 1.12.2 checks every class it loads by name (SpecificData.getClass, used when reading
 * and even by {@code new SpecificDatumWriter(schema)}) against a global predicate. That
 * predicate reads the system properties once, in a static initializer, so setting the property
 * from code afterwards has no effect; we widen the global predicate through Avro's API instead.
 * Only {@code io.atozwatch.*} is added: the writer schema's name comes from the registry, and
 * trusting every name it might carry would undo the protection.
 */
public final class AvroTrustedPackages {

    static final String TRUSTED_PREFIX = "io.atozwatch.";

    private static final ClassSecurityPredicate PROJECT_CLASSES =
            c -> c.getName().startsWith(TRUSTED_PREFIX);

    /** The predicate we installed last; if someone has replaced it since, we extend theirs again. */
    private static ClassSecurityPredicate installed;

    private AvroTrustedPackages() {}

    /** Idempotent; keeps whatever the global predicate already trusts. */
    public static synchronized void trustProjectPackages() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current != installed) {
            installed = ClassSecurityValidator.composite(current, PROJECT_CLASSES);
            ClassSecurityValidator.setGlobal(installed);
        }
    }
}
