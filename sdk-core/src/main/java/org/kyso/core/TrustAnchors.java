package org.kyso.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.x509.CertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;

import org.kyso.core.internal.TrustedLists;

/**
 * The certificates a validator trusts as the ends of chains. Nothing is trusted unless given here:
 * without anchors, chains end INDETERMINATE, which is the honest answer.
 *
 * <p>Chains are built by key identifiers and signatures (by DSS), never by names, so a look-alike
 * certificate with the same name and another key does not inherit trust.
 *
 * <p>Anchors may also come from trusted lists (ETSI TS 119 612, such as the EU Member States'
 * lists and the EU list of trusted lists): {@link #trustedList(TrustedListSource)} loads one,
 * checks its signature, and trusts the certificates of its trust services as DSS does, with their
 * status history (a service withdrawn at some date is not trusted for later signatures).
 *
 * <pre>{@code
 * TrustAnchors anchors = TrustAnchors.from(Path.of("/etc/kyso/roots"))          // a folder of PEM/DER files
 *         .plus(TrustAnchors.fromKeyStore(Path.of("trust.p12"), PasswordSource.env("TRUST_PW")));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrustAnchors {

    private static final TrustAnchors NONE = new TrustAnchors(Set.of(), List.of(), List.of());
    private static final List<String> CERTIFICATE_EXTENSIONS = List.of(".pem", ".crt", ".cer", ".der", ".p7b", ".p7c");

    private static final List<String> VIETNAM_ROOTS = List.of(
            "mic-national-root-ca-2008.pem",
            "co-quan-chung-thuc-so-chuyen-dung-chinh-phu-rootca.pem",
            "rootca-chuyen-dung-chinh-phu-g2.pem");

    private final Set<X509Certificate> certificates;
    private final List<TrustedListInfo> trustedLists;
    private final List<TrustedListsCertificateSource> dssTrustedLists;

    private TrustAnchors(Set<X509Certificate> certificates, List<TrustedListInfo> trustedLists,
                         List<TrustedListsCertificateSource> dssTrustedLists) {
        this.certificates = certificates;
        this.trustedLists = List.copyOf(trustedLists);
        this.dssTrustedLists = List.copyOf(dssTrustedLists);
    }

    /**
     * Trusts the trust services of a trusted list (or of every usable trusted list a list of
     * trusted lists points to), through EU DSS's trusted-list job: the list is read (from a file,
     * the cache folder, or online, as {@code source} says), its XAdES signature is checked against
     * the certificates allowed to sign it, and its next update must still be ahead. What was found
     * for each list is in {@link #trustedLists()}.
     *
     * <p>The result is a snapshot: to pick up a new version of the list, call this again and build
     * a new {@link Validator} (cheap; the cache folder keeps downloads).
     *
     * <pre>{@code
     * TrustAnchors anchors = TrustAnchors.trustedList(TrustedListSource.trustedList(Path.of("tl.xml"))
     *         .signedBy(TrustAnchors.from(Path.of("tl-signer.pem"))).build());
     * Validator validator = Validator.builder().trust(anchors).build();
     * }</pre>
     *
     * @throws TrustedListException when the list cannot be used: not a trusted list, a signature that
     *         does not verify with the allowed certificates (a changed list, a wrong signing
     *         certificate), or out of date; for a LOTL, also when none of its trusted lists is usable
     * @throws KysoIOException when the list's file is missing, or (offline) a list named by URL is not cached
     * @throws ServiceException when (online) the list cannot be downloaded and no cached copy exists
     */
    public static TrustAnchors trustedList(TrustedListSource source) throws KysoException {
        TrustedLists.Loaded loaded = TrustedLists.load(source);
        return new TrustAnchors(Set.of(), loaded.lists(), List.of(loaded.source()));
    }

    /**
     * The Vietnamese national root (MIC National Root CA, 2008) and the Government CA roots of
     * Ban Cơ yếu Chính phủ (RootCA 2010 and G2), bundled with KySo as data. Their SHA-256
     * fingerprints and where each came from are in {@code org/kyso/core/trust/vn/SOURCES.md}.
     *
     * <p>Opt-in: KySo never uses these unless you pass them. Whether to trust them is your
     * decision; compare the fingerprints with your own source before relying on them. A look-alike
     * "MIC National Root CA" (same name, another key) is deliberately not included.
     *
     * <pre>{@code
     * Validator validator = Validator.builder().trust(TrustAnchors.vietnam()).build();
     * }</pre>
     */
    public static TrustAnchors vietnam() {
        List<X509Certificate> all = new ArrayList<>();
        for (String name : VIETNAM_ROOTS) {
            try (InputStream in = TrustAnchors.class.getResourceAsStream("trust/vn/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("KySo is missing its bundled root org/kyso/core/trust/vn/" + name);
                }
                all.addAll(parseCertificates(in.readAllBytes()));
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("Cannot read KySo's bundled root org/kyso/core/trust/vn/" + name, e);
            }
        }
        return of(all);
    }

    /** Trusts nothing. */
    public static TrustAnchors none() {
        return NONE;
    }

    public static TrustAnchors of(X509Certificate... certificates) {
        return of(Arrays.asList(certificates));
    }

    public static TrustAnchors of(Collection<X509Certificate> certificates) {
        return new TrustAnchors(Collections.unmodifiableSet(new LinkedHashSet<>(certificates)), List.of(), List.of());
    }

    /**
     * Reads a certificate file (PEM with one or more certificates, DER, PKCS#7 bundle), every
     * certificate file of a folder, or a JKS/PKCS#12 store whose certificates are readable
     * without a password. Use {@link #fromKeyStore} for stores that need one.
     */
    public static TrustAnchors from(Path path) throws KysoException {
        if (Files.isDirectory(path)) {
            return fromFolder(path);
        }
        return fromFile(path);
    }

    /** Reads every file of the folder named *.pem, *.crt, *.cer, *.der, *.p7b or *.p7c (not recursive). */
    public static TrustAnchors fromFolder(Path folder) throws KysoException {
        if (!Files.isDirectory(folder)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, folder, "Trust folder " + folder + " does not exist", null);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile)
                    .filter(p -> CERTIFICATE_EXTENSIONS.stream().anyMatch(
                            ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, folder, "Cannot list trust folder " + folder, e);
        }
        Set<X509Certificate> all = new LinkedHashSet<>();
        for (Path file : files) {
            all.addAll(fromFile(file).certificates);
        }
        if (all.isEmpty()) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, folder, "Trust folder " + folder
                    + " holds no certificate file (*.pem, *.crt, *.cer, *.der)", null);
        }
        return of(all);
    }

    /** Reads certificates from one file: PEM (several allowed), DER, PKCS#7, or a password-less trust store. */
    public static TrustAnchors fromFile(Path file) throws KysoException {
        byte[] bytes = read(file);
        try {
            return of(parseCertificates(bytes));
        } catch (CertificateException e) {
            try {
                KeyStore store = KeyStore.getInstance(file.toFile(), (char[]) null);
                return of(certificatesOf(store));
            } catch (IOException | GeneralSecurityException | IllegalArgumentException notAStore) {
                throw new MalformedDocumentException(file, "Cannot read trusted certificates from " + file
                        + ": expected PEM or DER certificates, or a JKS/PKCS#12 trust store readable without a password", e);
            }
        }
    }

    /** Reads every certificate of a JKS or PKCS#12 store opened with {@code password}. */
    public static TrustAnchors fromKeyStore(Path store, PasswordSource password) throws KysoException {
        read(store);
        char[] secret = password.password();
        try {
            return of(certificatesOf(KeyStore.getInstance(store.toFile(), secret)));
        } catch (IOException e) {
            throw new KeyAccessException(KeyAccessException.Reason.WRONG_PASSWORD,
                    "Cannot open trust store " + store + ": wrong password, or not a JKS/PKCS#12 file", e);
        } catch (GeneralSecurityException e) {
            throw new MalformedDocumentException(store, "Cannot read trust store " + store, e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static byte[] read(Path file) throws KysoIOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, file, "Cannot read " + file + ": check the path", e);
        }
    }

    private static List<X509Certificate> parseCertificates(byte[] bytes) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> parsed;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            parsed = factory.generateCertificates(in);
        } catch (IOException e) {
            throw new CertificateException(e);
        }
        if (parsed.isEmpty()) {
            throw new CertificateException("no certificate found");
        }
        List<X509Certificate> result = new ArrayList<>();
        for (Certificate c : parsed) {
            result.add((X509Certificate) c);
        }
        return result;
    }

    private static List<X509Certificate> certificatesOf(KeyStore store) throws GeneralSecurityException {
        List<X509Certificate> result = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate c) {
                result.add(c);
            }
        }
        if (result.isEmpty()) {
            throw new GeneralSecurityException("no certificate in store");
        }
        return result;
    }

    /** Anchors from both (certificates and trusted lists). */
    public TrustAnchors plus(TrustAnchors other) {
        Set<X509Certificate> all = new LinkedHashSet<>(certificates);
        all.addAll(other.certificates);
        List<TrustedListInfo> lists = new ArrayList<>(trustedLists);
        lists.addAll(other.trustedLists);
        List<TrustedListsCertificateSource> sources = new ArrayList<>(dssTrustedLists);
        sources.addAll(other.dssTrustedLists);
        return new TrustAnchors(Collections.unmodifiableSet(all), lists, sources);
    }

    /**
     * The certificates trusted directly, unmodifiable. Certificates trusted through a trusted list
     * are not listed here (their trust depends on the service's status over time): see
     * {@link #trustedLists()}.
     */
    public Set<X509Certificate> certificates() {
        return certificates;
    }

    /** What loading each trusted list found (empty without trusted lists); a LOTL comes before its lists. */
    public List<TrustedListInfo> trustedLists() {
        return trustedLists;
    }

    /** True when nothing is trusted: no certificate and no trusted list. */
    public boolean isEmpty() {
        return certificates.isEmpty() && dssTrustedLists.isEmpty();
    }

    /**
     * Escape hatch for code that drives EU DSS itself: new DSS certificate sources holding these
     * anchors (a {@code CommonTrustedCertificateSource} with the certificates, then one
     * {@code TrustedListsCertificateSource} per trusted list, with its trust services and their
     * status history). They are copies: changing them changes nothing in KySo. Their types are
     * DSS's, and follow DSS's releases.
     */
    public List<CertificateSource> toDssSources() {
        List<CertificateSource> sources = new ArrayList<>();
        CommonTrustedCertificateSource direct = new CommonTrustedCertificateSource();
        for (X509Certificate c : certificates) {
            direct.addCertificate(new CertificateToken(c));
        }
        sources.add(direct);
        for (TrustedListsCertificateSource original : dssTrustedLists) {
            sources.add(TrustedLists.copy(original));
        }
        return sources;
    }

    /** The loaded DSS sources of the trusted lists (shared, not copied): for {@code CoreAccess} only. */
    List<TrustedListsCertificateSource> dssTrustedLists() {
        return dssTrustedLists;
    }

    @Override
    public String toString() {
        return "TrustAnchors" + certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList()
                + (trustedLists.isEmpty() ? "" : trustedLists.stream().map(TrustedListInfo::location).toList());
    }
}
