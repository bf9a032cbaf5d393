package org.kyso.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a trusted list (ETSI TS 119 612) comes from, who may sign it, and whether KySo may fetch
 * it: the input of {@link TrustAnchors#trustedList(TrustedListSource)}. Either one trusted list
 * (a Member State's TL, or any list in that format) or a list of trusted lists (the EU LOTL),
 * whose trusted lists are then followed.
 *
 * <pre>{@code
 * // A local copy of one trusted list, checked against its operator's signing certificate:
 * TrustAnchors anchors = TrustAnchors.trustedList(TrustedListSource.trustedList(Path.of("tl-vn.xml"))
 *         .signedBy(TrustAnchors.from(Path.of("tl-signer.pem")))
 *         .build());
 *
 * // The EU list of trusted lists, refreshed over the network into a cache folder:
 * TrustAnchors eu = TrustAnchors.trustedList(TrustedListSource.listOfTrustedLists(URI.create(lotlUrl))
 *         .signedBy(TrustAnchors.from(Path.of("lotl-signers/")))   // as published in the Official Journal
 *         .cacheFolder(Path.of("/var/cache/kyso/tl"))
 *         .online(Duration.ofSeconds(10), Duration.ofSeconds(60))
 *         .build());
 * }</pre>
 *
 * <p><b>Offline</b> (the default) nothing touches the network: a list given as a file is read
 * from that file, a list given as a URL (and every trusted list a LOTL points to) from the copy
 * an earlier online refresh left in the {@linkplain Builder#cacheFolder(Path) cache folder}.
 * <b>Online</b> lists named by http or https URLs are downloaded with the given timeouts, and
 * the copies are kept in the cache folder; a list that cannot be downloaded falls back to its
 * cached copy, and the load result says so. KySo has no built-in URL: nothing is fetched unless
 * you name it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrustedListSource {

    /** One trusted list, or a list of trusted lists. */
    public enum Kind {
        /** A trusted list: its trust services' certificates become trust anchors. */
        TRUSTED_LIST,
        /** A list of trusted lists (LOTL): the trusted lists it points to are loaded and checked in turn. */
        LIST_OF_TRUSTED_LISTS
    }

    private final Kind kind;
    private final URI location;
    private final Path file;
    private final TrustAnchors signers;
    private final Path cacheFolder;
    private final boolean online;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private TrustedListSource(Builder b) {
        this.kind = b.kind;
        this.location = b.location;
        this.file = b.file;
        this.signers = b.signers;
        this.cacheFolder = b.cacheFolder;
        this.online = b.online;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    /** One trusted list at {@code url} (http, https or file). */
    public static Builder trustedList(URI url) {
        return new Builder(Kind.TRUSTED_LIST, url, null);
    }

    /** One trusted list in a local file. */
    public static Builder trustedList(Path file) {
        return new Builder(Kind.TRUSTED_LIST, null, file);
    }

    /** A list of trusted lists (LOTL) at {@code url} (http, https or file). */
    public static Builder listOfTrustedLists(URI url) {
        return new Builder(Kind.LIST_OF_TRUSTED_LISTS, url, null);
    }

    /** A list of trusted lists (LOTL) in a local file. */
    public static Builder listOfTrustedLists(Path file) {
        return new Builder(Kind.LIST_OF_TRUSTED_LISTS, null, file);
    }

    public Kind kind() {
        return kind;
    }

    /** The list's location as DSS names it: the URL, or the file's {@code file:} URI. */
    public URI location() {
        return file != null ? file.toAbsolutePath().normalize().toUri() : location;
    }

    /** The local file, or null when the list is named by a URL. */
    public Path file() {
        return file;
    }

    /** The certificates allowed to sign the list (for a LOTL: the LOTL itself). */
    public TrustAnchors signers() {
        return signers;
    }

    /** Where downloaded copies are kept and, offline, read from. */
    public Path cacheFolder() {
        return cacheFolder;
    }

    /** True when lists named by http(s) URLs are downloaded; false: files and cached copies only. */
    public boolean isOnline() {
        return online;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public String toString() {
        return (kind == Kind.TRUSTED_LIST ? "trusted list " : "list of trusted lists ") + location()
                + (online ? " (online)" : " (offline)");
    }

    /** Configures a {@link TrustedListSource}. Not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private final URI location;
        private final Path file;
        private TrustAnchors signers;
        private Path cacheFolder;
        private boolean online;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder(Kind kind, URI location, Path file) {
            this.kind = kind;
            this.location = location;
            this.file = file;
            if (location == null && file == null) {
                throw new IllegalArgumentException("A trusted list needs a URL or a file");
            }
        }

        /**
         * The certificates allowed to sign the list, required: the list's XAdES signature must verify
         * with one of them or nothing from the list is trusted. For a LOTL these are the LOTL signing
         * certificates (published in the EU Official Journal); the trusted lists it points to are
         * checked against the certificates the LOTL announces for them.
         */
        public Builder signedBy(TrustAnchors certificates) {
            this.signers = Objects.requireNonNull(certificates, "certificates");
            return this;
        }

        /**
         * Where downloaded lists are kept, and where offline loading reads lists named by URL.
         * Default: {@code kyso-trusted-lists} in the system temporary folder. Every list read from
         * here is checked again (signature, next update), but someone who can write the folder can
         * put back an older list that is still current: on shared machines choose a folder only the
         * application can write.
         */
        public Builder cacheFolder(Path folder) {
            this.cacheFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** Download lists named by http(s) URLs, with a 10 s connect and a 60 s read timeout. */
        public Builder online() {
            this.online = true;
            return this;
        }

        /** Download lists named by http(s) URLs with these timeouts. */
        public Builder online(Duration connectTimeout, Duration readTimeout) {
            this.online = true;
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
            return this;
        }

        /** Never download: files and cached copies only (the default). */
        public Builder offline() {
            this.online = false;
            return this;
        }

        /**
         * @throws IllegalArgumentException without {@link #signedBy}, with an empty set of signing
         *         certificates, a non-positive timeout, or a URL that is not http, https or file
         */
        public TrustedListSource build() {
            if (signers == null || signers.certificates().isEmpty()) {
                throw new IllegalArgumentException("A trusted list needs the certificates allowed to sign it (signedBy):"
                        + " without them its signature cannot be checked");
            }
            if (location != null) {
                String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                    throw new IllegalArgumentException("A trusted list URL must be http, https or file: " + location);
                }
            }
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (cacheFolder == null) {
                cacheFolder = Path.of(System.getProperty("java.io.tmpdir"), "kyso-trusted-lists");
            }
            return new TrustedListSource(this);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
