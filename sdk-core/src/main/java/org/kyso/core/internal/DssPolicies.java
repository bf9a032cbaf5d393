package org.kyso.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;

/**
 * DSS validation policies loaded once per thread instead of once per validation: DSS's
 * {@code validateDocument()} and {@code validateDocument(File)} unmarshal the constraint XML (JAXB)
 * every time, about a tenth of the time of a small XML validation. Not part of KySo's API.
 *
 * <p><b>Why per thread, and why reuse is safe.</b> Checked in the DSS 6.4 sources: the validation
 * process only calls getters of {@code ValidationPolicy}; the one implementation DSS loads,
 * {@code EtsiValidationPolicy} (dss-policy-jaxb), has no setters, but its cryptographic getters
 * ({@code getSignatureCryptographicConstraint}, {@code getCertificateCryptographicConstraint},
 * evidence records) fill the empty fields of the JAXB {@code CryptographicConstraint} of a context
 * with those of the enclosing one ({@code initializeCryptographicSuite}). That write is
 * idempotent (it only copies values the policy already holds, and only into fields still null), so
 * a policy used for one validation gives the same answers to the next: reusing it within a thread
 * is safe. The writes are unsynchronised, though, so a policy object is never shared between
 * threads: each thread loads its own (a few hundred kilobytes of JAXB objects). {@code
 * ValidationPolicyLoader.create()} without a cryptographic suite returns the loaded policy itself.
 */
public final class DssPolicies {

    private static final ThreadLocal<ValidationPolicy> DSS_DEFAULT =
            ThreadLocal.withInitial(() -> ValidationPolicyLoader.fromDefaultValidationPolicy().create());

    /** A thread's custom policies by file, with the bytes each was loaded from; a few at most. */
    private static final ThreadLocal<Map<Path, Loaded>> CUSTOM = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
                    return size() > 4;
                }
            });

    private record Loaded(byte[] xml, ValidationPolicy policy) {
    }

    private DssPolicies() {
    }

    /** DSS's default policy ({@code policy/constraint.xml}), this thread's instance. */
    public static ValidationPolicy dssDefault() {
        return DSS_DEFAULT.get();
    }

    /**
     * A thread-local holder of a policy built by {@code loader} (KySo's variants of DSS's default),
     * loaded on a thread's first use.
     */
    public static ThreadLocal<ValidationPolicy> perThread(Supplier<ValidationPolicy> loader) {
        return ThreadLocal.withInitial(loader);
    }

    /**
     * The policy in {@code file}, this thread's instance: the file is read on every call, as DSS
     * would, and parsed again only when its bytes changed. Null when the file cannot be read (the
     * caller then lets DSS load it and report the failure as before).
     */
    public static ValidationPolicy custom(Path file) {
        byte[] xml;
        try {
            xml = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Map<Path, Loaded> cache = CUSTOM.get();
        Path key = file.toAbsolutePath().normalize();
        Loaded loaded = cache.get(key);
        if (loaded == null || !Arrays.equals(loaded.xml(), xml)) {
            InMemoryDocument document = new InMemoryDocument(xml, file.getFileName() == null ? null : file.getFileName().toString());
            loaded = new Loaded(xml, ValidationPolicyLoader.fromValidationPolicy(document).create());
            cache.put(key, loaded);
        }
        return loaded.policy();
    }
}
