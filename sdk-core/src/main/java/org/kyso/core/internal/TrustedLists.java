package org.kyso.core.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.tsl.CertificateTrustTime;
import eu.europa.esig.dss.model.tsl.DownloadInfoRecord;
import eu.europa.esig.dss.model.tsl.LOTLInfo;
import eu.europa.esig.dss.model.tsl.ParsingInfoRecord;
import eu.europa.esig.dss.model.tsl.TLInfo;
import eu.europa.esig.dss.model.tsl.TLValidationJobSummary;
import eu.europa.esig.dss.model.tsl.TrustProperties;
import eu.europa.esig.dss.model.tsl.ValidationInfoRecord;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.client.http.DSSFileLoader;
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.tsl.job.TLValidationJob;
import eu.europa.esig.dss.tsl.source.LOTLSource;
import eu.europa.esig.dss.tsl.source.TLSource;
import eu.europa.esig.dss.tsl.sync.SynchronizationStrategy;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.ServiceException;
import org.kyso.core.TrustedListException;
import org.kyso.core.TrustedListInfo;
import org.kyso.core.TrustedListSource;

/**
 * Loads trusted lists with DSS's {@code TLValidationJob} (download, parse, check the XAdES
 * signature, synchronise the trusted certificates). KySo supplies the file loader (local files,
 * the cache folder, and its own HTTP client with timeouts and a size cap) and a strict
 * synchronisation rule: a list's certificates are trusted only if its signature verified
 * (TOTAL_PASSED) and its next update is still ahead. DSS's default rule would also take lists
 * whose signature could not be checked at all. Not part of KySo's API.
 */
public final class TrustedLists {

    /** Trusted lists are larger than CRLs of most CAs; the EU's largest are a few MiB. */
    private static final long MAX_LIST_BYTES = 64L << 20;
    private static final int MAX_STRUCTURE_MESSAGES = 3;

    /** The loaded DSS source and what was found for each list (a LOTL first). */
    public record Loaded(TrustedListsCertificateSource source, List<TrustedListInfo> lists) {
    }

    private TrustedLists() {
    }

    /**
     * Loads {@code source}.
     *
     * @throws KysoIOException (INPUT) when the list's file is missing, or offline when a list named by URL is not cached
     * @throws ServiceException online when the list could not be downloaded and is not cached either
     * @throws TrustedListException when the list is unusable (not a trusted list, bad signature, out of date),
     *         or a LOTL none of whose trusted lists is usable
     */
    public static Loaded load(TrustedListSource source) throws KysoException {
        Path file = source.file();
        if (file != null && !Files.isRegularFile(file)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, file,
                    "Cannot open the trusted list " + file + ": no such file; check the path", null);
        }
        Loader loader = new Loader(source);
        CommonCertificateSource signers = new CommonCertificateSource();
        for (X509Certificate c : source.signers().certificates()) {
            signers.addCertificate(new CertificateToken(c));
        }
        String url = source.location().toString();
        boolean lotl = source.kind() == TrustedListSource.Kind.LIST_OF_TRUSTED_LISTS;

        TLValidationJob job = new TLValidationJob();
        ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
        job.setExecutorService(executor); // also shuts down DSS's default (non-daemon) pool
        if (lotl) {
            LOTLSource lotlSource = new LOTLSource();
            lotlSource.setUrl(url);
            lotlSource.setCertificateSource(signers);
            job.setListOfTrustedListSources(lotlSource);
        } else {
            TLSource tlSource = new TLSource();
            tlSource.setUrl(url);
            tlSource.setCertificateSource(signers);
            job.setTrustedListSources(tlSource);
        }
        job.setSynchronizationStrategy(new Strict());
        TrustedListsCertificateSource certificates = new TrustedListsCertificateSource();
        job.setTrustedListCertificateSource(certificates);
        try {
            if (source.isOnline()) {
                job.setOnlineDataLoader(loader);
                job.onlineRefresh();
            } else {
                job.setOfflineDataLoader(loader);
                job.offlineRefresh();
            }
        } catch (DSSException e) {
            throw new TrustedListException(source.location(), file, "Cannot load " + describe(source) + ": " + e.getMessage(), List.of());
        } finally {
            executor.shutdownNow();
        }

        TLValidationJobSummary summary = job.getSummary();
        List<TrustedListInfo> infos = new ArrayList<>();
        TrustedListInfo main;
        if (lotl) {
            LOTLInfo lotlInfo = summary.getLOTLInfos().get(0);
            main = info(lotlInfo, true, loader);
            infos.add(main);
            for (TLInfo tl : lotlInfo.getTLInfos()) {
                infos.add(info(tl, false, loader));
            }
        } else {
            main = info(summary.getOtherTLInfos().get(0), false, loader);
            infos.add(main);
        }
        if (!main.used()) {
            Failure failure = loader.failures.get(url);
            if (failure != null && failure.service) {
                throw new ServiceException(source.location(), "Cannot load " + describe(source) + ": " + failure.message, null);
            }
            if (failure != null) {
                throw new KysoIOException(KysoIOException.Kind.INPUT, file, "Cannot load " + describe(source) + ": " + failure.message, null);
            }
            throw new TrustedListException(source.location(), file, "Cannot use " + describe(source)
                    + ", nothing from it is trusted: " + String.join("; ", main.problems()), infos);
        }
        if (lotl && infos.stream().skip(1).noneMatch(TrustedListInfo::used)) {
            List<String> why = new ArrayList<>();
            for (TrustedListInfo tl : infos.subList(1, infos.size())) {
                why.add(tl.location() + ": " + String.join(", ", tl.problems()));
            }
            throw new TrustedListException(source.location(), file, "Cannot use " + describe(source)
                    + ": none of the " + (infos.size() - 1) + " trusted lists it points to is usable"
                    + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"), infos);
        }
        return new Loaded(certificates, infos);
    }

    /** A separate DSS source with the same trust services and trust times, for {@code TrustAnchors.toDssSources()}. */
    public static TrustedListsCertificateSource copy(TrustedListsCertificateSource original) {
        Map<CertificateToken, List<TrustProperties>> properties = new HashMap<>();
        Map<CertificateToken, List<CertificateTrustTime>> times = new HashMap<>();
        for (CertificateToken token : original.getCertificates()) {
            properties.put(token, new ArrayList<>(original.getTrustServices(token)));
            times.put(token, List.of(original.getTrustTime(token)));
        }
        TrustedListsCertificateSource copy = new TrustedListsCertificateSource();
        copy.setTrustPropertiesByCertificates(properties);
        copy.setTrustTimeByCertificates(times);
        copy.setSummary(original.getSummary());
        return copy;
    }

    private static String describe(TrustedListSource source) {
        String what = source.kind() == TrustedListSource.Kind.TRUSTED_LIST ? "the trusted list " : "the list of trusted lists ";
        return what + (source.file() != null ? source.file().toString() : source.location().toString());
    }

    private static TrustedListInfo info(TLInfo tl, boolean listOfLists, Loader loader) {
        List<String> problems = new ArrayList<>();
        Failure failure = loader.failures.get(tl.getUrl());
        DownloadInfoRecord download = tl.getDownloadCacheInfo();
        boolean read = download != null && download.isResultExist() && !download.isError();
        if (!read) {
            problems.add("cannot be read: " + (failure != null ? failure.message
                    : download == null || download.getExceptionMessage() == null ? "no content" : download.getExceptionMessage()));
        }
        String note = loader.notes.get(tl.getUrl());
        if (note != null) {
            problems.add(note);
        }
        ParsingInfoRecord parsing = tl.getParsingCacheInfo();
        boolean parsed = parsing != null && parsing.isResultExist();
        if (read && !parsed) {
            problems.add("is not a trusted list KySo can read (ETSI TS 119 612)"
                    + (parsing != null && parsing.getExceptionMessage() != null ? ": " + parsing.getExceptionMessage() : ""));
        }
        if (parsed && parsing.getStructureValidationMessages() != null && !parsing.getStructureValidationMessages().isEmpty()) {
            List<String> messages = parsing.getStructureValidationMessages();
            String shown = String.join(" / ", messages.subList(0, Math.min(MAX_STRUCTURE_MESSAGES, messages.size())));
            problems.add("does not follow the TS 119 612 schema (" + shown
                    + (messages.size() > MAX_STRUCTURE_MESSAGES ? " and " + (messages.size() - MAX_STRUCTURE_MESSAGES) + " more" : "")
                    + ")");
        }
        ValidationInfoRecord validation = tl.getValidationCacheInfo();
        boolean checked = validation != null && validation.isResultExist();
        boolean valid = checked && validation.isValid();
        String indication = null;
        X509Certificate signer = null;
        if (checked) {
            indication = name(validation.getIndication()) + (validation.getSubIndication() == null ? "" : "/" + validation.getSubIndication().name());
            CertificateToken token = validation.getSigningCertificate();
            signer = token == null ? null : token.getCertificate();
            if (!valid) {
                problems.add(signatureProblem(validation.getIndication(), validation.getSubIndication(), signer));
            }
        } else if (parsed) {
            String why = validation == null ? null : validation.getExceptionMessage();
            problems.add(why != null && why.contains("Number of signatures")
                    ? "it is not signed (a trusted list carries exactly one XAdES signature)"
                    : "its signature could not be checked" + (why == null ? "" : ": " + why));
        }
        Instant nextUpdate = parsed ? instant(parsing.getNextUpdateDate()) : null;
        boolean current = parsed && nextUpdate != null && Instant.now().isBefore(nextUpdate);
        if (parsed && nextUpdate == null) {
            problems.add("it has no next update: the list is closed");
        } else if (parsed && !current) {
            problems.add("its next update (" + nextUpdate + ") has passed: the list is out of date; get the current one");
        }
        boolean used = read && parsed && valid && current;
        return new TrustedListInfo(tl.getUrl(), listOfLists, parsed ? parsing.getTerritory() : null,
                parsed ? parsing.getSequenceNumber() : null, parsed ? instant(parsing.getIssueDate()) : null, nextUpdate,
                indication, signer, parsed && !listOfLists ? parsing.getTSNumber() : 0, used, problems);
    }

    private static String signatureProblem(Indication indication, SubIndication sub, X509Certificate signer) {
        String by = signer == null ? "" : " (signed by " + signer.getSubjectX500Principal().getName() + ")";
        if (sub == SubIndication.NO_CERTIFICATE_CHAIN_FOUND || sub == SubIndication.NO_SIGNING_CERTIFICATE_FOUND) {
            return "its signature was not made with any of the certificates allowed to sign it" + by
                    + "; check the signing certificates you gave";
        }
        if (sub == SubIndication.HASH_FAILURE || sub == SubIndication.SIG_CRYPTO_FAILURE) {
            return "its signature does not verify: the list was changed after it was signed (DSS: "
                    + name(indication) + "/" + sub.name() + ")";
        }
        return "its signature is not valid (DSS: " + name(indication) + (sub == null ? "" : "/" + sub.name()) + ")" + by;
    }

    private static String name(Enum<?> e) {
        return e == null ? "?" : e.name();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "kyso-trusted-list-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Certificates of a list are trusted only when its signature verified and it is not out of date. */
    static final class Strict implements SynchronizationStrategy {
        @Override
        public boolean canBeSynchronized(TLInfo trustedList) {
            return usable(trustedList);
        }

        @Override
        public boolean canBeSynchronized(LOTLInfo listOfTrustedList) {
            return usable(listOfTrustedList);
        }

        private static boolean usable(TLInfo list) {
            ParsingInfoRecord parsing = list.getParsingCacheInfo();
            ValidationInfoRecord validation = list.getValidationCacheInfo();
            if (parsing == null || !parsing.isResultExist() || validation == null || !validation.isResultExist()) {
                return false;
            }
            Date nextUpdate = parsing.getNextUpdateDate();
            return validation.isValid() && nextUpdate != null && new Date().before(nextUpdate);
        }
    }

    /** Why a list could not be read; {@code service}: a download failed (rather than a missing file or cache entry). */
    private record Failure(String message, boolean service) {
    }

    /**
     * Reads lists for DSS: {@code file:} URLs from the file system; http(s) URLs online from the
     * network (the copy is then kept in the cache folder, and used if a later download fails),
     * offline from the cache folder only. Other schemes are refused.
     */
    @SuppressWarnings("serial") // DSS loaders are Serializable by declaration only; KySo never serializes them.
    static final class Loader implements DSSFileLoader {
        private final transient TrustedListSource source;
        private final transient ServiceHttp http;
        final transient Map<String, Failure> failures = new ConcurrentHashMap<>();
        final transient Map<String, String> notes = new ConcurrentHashMap<>();

        Loader(TrustedListSource source) {
            this.source = source;
            this.http = source.isOnline() ? new ServiceHttp(source.connectTimeout(), source.readTimeout(), true) : null;
        }

        @Override
        public DSSDocument getDocument(String url) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw fail(url, "is not a valid URL", false);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("file")) {
                Path path = Path.of(uri);
                try {
                    return new InMemoryDocument(Files.readAllBytes(path), path.getFileName().toString());
                } catch (IOException e) {
                    throw fail(url, "cannot read the file " + path + " (" + e.getMessage() + ")", false);
                }
            }
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw fail(url, "KySo reads trusted lists only from http, https and file URLs", false);
            }
            Path cached = cacheFile(url);
            if (http == null) {
                if (Files.isRegularFile(cached)) {
                    return read(url, cached);
                }
                throw fail(url, "not in the cache folder " + source.cacheFolder()
                        + " and loading is offline: load it once online, or give a local copy", false);
            }
            String problem;
            try {
                ServiceHttp.Response response = http.get(uri, MAX_LIST_BYTES);
                if (response.status() == 200 && response.body().length > 0) {
                    store(cached, response.body());
                    return new InMemoryDocument(response.body(), cached.getFileName().toString());
                }
                problem = "answered HTTP " + response.status();
            } catch (IOException e) {
                problem = http.why(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "was interrupted";
            }
            if (Files.isRegularFile(cached)) {
                notes.put(url, "could not be downloaded (" + problem + "); the copy cached on "
                        + lastModified(cached) + " was used");
                return read(url, cached);
            }
            throw fail(url, url + " " + problem, true);
        }

        private DSSDocument read(String url, Path cached) {
            try {
                return new InMemoryDocument(Files.readAllBytes(cached), cached.getFileName().toString());
            } catch (IOException e) {
                throw fail(url, "cannot read the cached copy " + cached + " (" + e.getMessage() + ")", false);
            }
        }

        private DSSException fail(String url, String message, boolean service) {
            failures.put(url, new Failure(message, service));
            return new DSSException(message);
        }

        private void store(Path cached, byte[] body) throws IOException {
            Files.createDirectories(cached.getParent());
            Path temp = Files.createTempFile(cached.getParent(), ".download-", ".tmp");
            try {
                Files.write(temp, body);
                Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        private static String lastModified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toInstant().toString();
            } catch (IOException e) {
                return "an earlier day";
            }
        }

        /** {@code host_path-HASH.xml}: readable, and distinct for distinct URLs. */
        Path cacheFile(String url) {
            String readable = url.replaceFirst("^[a-zA-Z]+://", "").replaceAll("[^A-Za-z0-9.-]+", "_");
            if (readable.length() > 80) {
                readable = readable.substring(0, 80);
            }
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
                return source.cacheFolder().resolve(readable + "-" + HexFormat.of().formatHex(hash, 0, 8) + ".xml");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
