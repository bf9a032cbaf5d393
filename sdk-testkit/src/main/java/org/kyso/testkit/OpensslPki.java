package org.kyso.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.kyso.testkit.internal.PkiHttpServer;
import org.kyso.testkit.internal.PkiHttpServer.Reply;

/**
 * A PKI that KySo did not make, for interoperability tests: a root CA, a signer and a TSA
 * certificate made with the {@code openssl} command line, the signer's key exported with
 * {@code openssl pkcs12 -export}, RFC 3161 answers made by {@code openssl ts -reply} and a CRL made
 * by {@code openssl ca -gencrl}, both served over HTTP on 127.0.0.1.
 *
 * <pre>{@code
 * try (OpensslPki pki = OpensslPki.builder()
 *         .signerSubject("/C=VN/O=Công ty Thử nghiệm/CN=Trần Thị Bình")
 *         .signerKeyType(KeyType.RSA_2048)
 *         .start(dir)) {                                      // needs openssl on PATH
 *     Path p12 = pki.signerPkcs12();                           // alias "signer", chain included
 *     Path password = pki.passwordFile();                      // the password, one line
 *     Path root = pki.rootCertificate();                       // trust this one only
 *     URI tsa = pki.tsaUrl();                                  // http://127.0.0.1:PORT/tsa
 *     URI crl = pki.crlUrl();                                  // in the signer's and the TSA's CDP
 * }
 * }</pre>
 *
 * <p>Both the signer and the TSA certificate are issued directly by the root and name
 * {@link #crlUrl()} as their CRL distribution point; the TSA certificate has a critical
 * extendedKeyUsage holding only id-kp-timeStamping. The CRL is made afresh for every download
 * (thisUpdate now, nextUpdate in a day), so it reflects {@link #revokeSigner()} at once.
 *
 * <p>A missing {@code openssl} skips the test, or fails it in CI, as {@link ExternalTools#require}
 * does; like {@link ExternalTools} this class needs JUnit Jupiter on the class path. Files are
 * written to the directory given to {@link Builder#start(Path)} and left there. This class is
 * thread-safe: the openssl calls that share CA state run one at a time.
 */
public final class OpensslPki implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TSA_POLICY = "1.3.6.1.4.1.99999.1.1";

    private static final String OPENSSL_CNF = """
            # Written by org.kyso.testkit.OpensslPki
            string_mask = utf8only

            [ ca ]
            default_ca = root_ca

            [ root_ca ]
            database = %1$s/index.txt
            crlnumber = %1$s/crlnumber
            certificate = %1$s/root.pem
            private_key = %1$s/root.key
            default_md = sha256
            default_crl_days = 1
            crl_extensions = crl_ext

            [ crl_ext ]
            authorityKeyIdentifier = keyid:always

            [ req ]
            distinguished_name = dn
            utf8 = yes
            prompt = no

            [ dn ]
            CN = unused

            [ v3_root ]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash

            [ v3_signer ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            crlDistributionPoints = URI:%2$s

            [ v3_tsa ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = critical, timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            crlDistributionPoints = URI:%2$s
            """;

    private static final String TS_CNF = """
            # Written by org.kyso.testkit.OpensslPki
            [ tsa ]
            default_tsa = interop_tsa

            [ interop_tsa ]
            serial = %s/tsaserial
            crypto_device = builtin
            signer_digest = sha256
            default_policy = %s
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """;

    private final Path dir;
    private final PkiHttpServer server;
    private final Object caLock = new Object();
    private final Object tsaLock = new Object();
    private final AtomicLong requests = new AtomicLong();
    private final char[] password;

    private OpensslPki(Builder b, Path dir) {
        ExternalTools.require("openssl");
        this.dir = dir;
        this.password = b.password.clone();
        this.server = new PkiHttpServer();
        boolean started = false;
        try {
            Path cnf = write("openssl.cnf", OPENSSL_CNF.formatted(dir, crlUrl()));
            write("index.txt", "");
            write("crlnumber", "01\n");
            write("tsaserial", "01\n");
            write("ts.cnf", TS_CNF.formatted(dir, TSA_POLICY));
            openssl(concat(List.of("req", "-x509", "-new"), newKey(b.caKeyType), List.of("-nodes", "-sha256",
                    "-days", "3650", "-utf8", "-config", cnf.toString(), "-extensions", "v3_root",
                    "-subj", b.rootSubject, "-keyout", path("root.key"), "-out", path("root.pem"))));
            issue(cnf, "signer", b.signerSubject, b.signerKeyType, "v3_signer");
            issue(cnf, "tsa", b.tsaSubject, b.caKeyType, "v3_tsa");
            // -passout file: reads only the first line, so the file holds the password and a newline.
            Path passwordFile = dir.resolve("password.txt");
            writeSecret(passwordFile, password);
            openssl("pkcs12", "-export", "-inkey", path("signer.key"), "-in", path("signer.pem"),
                    "-certfile", path("root.pem"), "-name", "signer", "-passout", "file:" + passwordFile,
                    "-out", path("signer.p12"));
            server.route("/tsa", Endpoint.TSA, Set.of("POST"), false, request -> timestamp(request.body()));
            server.route("/crl/root.crl", Endpoint.CRL, Set.of("GET"), false, request -> crl());
            server.start();
            started = true;
        } finally {
            if (!started) {
                server.close();
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The folder holding every key, certificate, configuration and request file. */
    public Path directory() {
        return dir;
    }

    /** {@code root.pem}: the self-signed root CA, the one certificate to trust. */
    public Path rootCertificate() {
        return dir.resolve("root.pem");
    }

    /** {@code signer.pem}: the signer's certificate. */
    public Path signerCertificate() {
        return dir.resolve("signer.pem");
    }

    /** {@code signer.key}: the signer's private key, unencrypted PEM. */
    public Path signerKey() {
        return dir.resolve("signer.key");
    }

    /** {@code signer.p12}: key and chain (signer, root) under alias {@code signer}, protected by {@link #password()}. */
    public Path signerPkcs12() {
        return dir.resolve("signer.p12");
    }

    /** {@code tsa.pem}: the TSA certificate. */
    public Path tsaCertificate() {
        return dir.resolve("tsa.pem");
    }

    /** {@code password.txt}: the PKCS#12 password followed by a newline. */
    public Path passwordFile() {
        return dir.resolve("password.txt");
    }

    /** A copy of the PKCS#12 password; wipe it after use. */
    public char[] password() {
        return password.clone();
    }

    /** {@code http://127.0.0.1:PORT/tsa}: RFC 3161 over HTTP, each answer made by {@code openssl ts -reply}. */
    public URI tsaUrl() {
        return server.url("/tsa");
    }

    /** {@code http://127.0.0.1:PORT/crl/root.crl}: the root's CRL (DER), made by {@code openssl ca -gencrl} per download. */
    public URI crlUrl() {
        return server.url("/crl/root.crl");
    }

    /** The TSA policy OID {@code openssl ts -reply} puts in its tokens. */
    public String tsaPolicy() {
        return TSA_POLICY;
    }

    /** Requests to an endpoint ({@link Endpoint#TSA} or {@link Endpoint#CRL}) so far, failed ones included. */
    public int requestCount(Endpoint endpoint) {
        return server.requestCount(endpoint);
    }

    /** Makes an endpoint fail from the next request on, as {@link TestPki#failures} does. */
    public void failures(Endpoint endpoint, Failure failure) {
        server.failures(endpoint, failure);
    }

    /** Revokes the signer's certificate ({@code openssl ca -revoke}, keyCompromise, now); the next CRL lists it. */
    public void revokeSigner() {
        synchronized (caLock) {
            openssl("ca", "-config", path("openssl.cnf"), "-revoke", path("signer.pem"), "-crl_reason", "keyCompromise");
        }
    }

    /** Stops the HTTP server; the files stay. Idempotent. */
    @Override
    public void close() {
        server.close();
        Arrays.fill(password, '\0');
    }

    private Reply timestamp(byte[] query) {
        long n = requests.incrementAndGet();
        Path queryFile = dir.resolve("tsa-" + n + ".tsq");
        Path replyFile = dir.resolve("tsa-" + n + ".tsr");
        try {
            Files.write(queryFile, query);
            ExternalTools.Result result;
            // openssl ts -reply reads and rewrites the serial file.
            synchronized (tsaLock) {
                result = ExternalTools.run(TIMEOUT, "openssl", "ts", "-reply", "-config", path("ts.cnf"),
                        "-queryfile", queryFile.toString(), "-inkey", path("tsa.key"), "-signer", path("tsa.pem"),
                        "-out", replyFile.toString());
            }
            if (result.exitCode() != 0) {
                return new Reply(500, "text/plain; charset=utf-8", result.stderr().getBytes(StandardCharsets.UTF_8),
                        Duration.ZERO);
            }
            return Reply.ok("application/timestamp-reply", Files.readAllBytes(replyFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply crl() {
        long n = requests.incrementAndGet();
        Path pem = dir.resolve("crl-" + n + ".pem");
        Path der = dir.resolve("crl-" + n + ".crl");
        synchronized (caLock) {
            openssl("ca", "-gencrl", "-config", path("openssl.cnf"), "-out", pem.toString());
        }
        openssl("crl", "-in", pem.toString(), "-outform", "DER", "-out", der.toString());
        try {
            return Reply.ok("application/pkix-crl", Files.readAllBytes(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void issue(Path cnf, String name, String subject, KeyType keyType, String extensions) {
        openssl(concat(List.of("req", "-new"), newKey(keyType), List.of("-nodes", "-sha256", "-utf8",
                "-config", cnf.toString(), "-subj", subject, "-keyout", path(name + ".key"), "-out", path(name + ".csr"))));
        openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path("root.pem"), "-CAkey", path("root.key"),
                "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "730", "-sha256",
                "-extfile", cnf.toString(), "-extensions", extensions, "-out", path(name + ".pem"));
    }

    private static List<String> newKey(KeyType type) {
        return switch (type) {
            case RSA_2048 -> List.of("-newkey", "rsa:2048");
            case RSA_3072 -> List.of("-newkey", "rsa:3072");
            case RSA_4096 -> List.of("-newkey", "rsa:4096");
            case ECDSA_P256 -> List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
            case ECDSA_P384 -> List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384");
        };
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all.toArray(String[]::new);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private Path write(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(name), e);
        }
    }

    private static void writeSecret(Path file, char[] secret) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(secret));
        byte[] line = new byte[encoded.remaining() + 1];
        encoded.get(line, 0, line.length - 1);
        line[line.length - 1] = '\n';
        try {
            Files.write(file, line);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        } finally {
            Arrays.fill(encoded.array(), (byte) 0);
            Arrays.fill(line, (byte) 0);
        }
    }

    private static void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        ExternalTools.Result result = ExternalTools.run(TIMEOUT, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed (exit " + result.exitCode()
                    + "): " + result.stderr());
        }
    }

    /** Configures an {@link OpensslPki}; every setting has a default. */
    public static final class Builder {
        private String rootSubject = "/C=VN/O=KySo Interop/CN=Interop Root CA";
        private String signerSubject = "/C=VN/O=Công ty Thử nghiệm/CN=Trần Thị Bình";
        private String tsaSubject = "/C=VN/O=KySo Interop/CN=Interop TSA";
        private KeyType signerKeyType = KeyType.RSA_2048;
        private KeyType caKeyType = KeyType.RSA_2048;
        private char[] password = "interop-secret".toCharArray();

        private Builder() {
        }

        /** The root's subject in openssl's {@code /C=VN/O=.../CN=...} form (UTF-8 allowed). */
        public Builder rootSubject(String subject) {
            this.rootSubject = requireSubject(subject);
            return this;
        }

        /** The signer's subject in openssl's {@code /C=VN/O=.../CN=...} form (UTF-8 allowed). */
        public Builder signerSubject(String subject) {
            this.signerSubject = requireSubject(subject);
            return this;
        }

        /** The TSA's subject in openssl's {@code /C=VN/O=.../CN=...} form. */
        public Builder tsaSubject(String subject) {
            this.tsaSubject = requireSubject(subject);
            return this;
        }

        /** The signer's key. Default {@link KeyType#RSA_2048}. */
        public Builder signerKeyType(KeyType type) {
            this.signerKeyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The root's and the TSA's keys. Default {@link KeyType#RSA_2048}. */
        public Builder caKeyType(KeyType type) {
            this.caKeyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** The PKCS#12 password (one line, no NUL). Default {@code interop-secret}. */
        public Builder password(char[] password) {
            Objects.requireNonNull(password, "password");
            for (char c : password) {
                if (c == '\n' || c == '\r' || c == '\0') {
                    throw new IllegalArgumentException("The password must be a single line without NUL characters");
                }
            }
            this.password = password.clone();
            return this;
        }

        /**
         * Makes the keys and certificates in {@code directory} (which must exist) and starts the
         * TSA and CRL server on 127.0.0.1.
         *
         * @throws IllegalStateException if an openssl command fails (the message holds its stderr)
         */
        public OpensslPki start(Path directory) {
            Objects.requireNonNull(directory, "directory");
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException(directory + " is not a directory");
            }
            return new OpensslPki(this, directory.toAbsolutePath());
        }

        private static String requireSubject(String subject) {
            if (subject == null || !subject.startsWith("/")) {
                throw new IllegalArgumentException("Give the subject in openssl's form, e.g. /C=VN/O=Org/CN=Name: " + subject);
            }
            return subject;
        }
    }
}
