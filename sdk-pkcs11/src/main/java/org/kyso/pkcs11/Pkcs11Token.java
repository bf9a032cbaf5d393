package org.kyso.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PasswordSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.pkcs11.internal.ModuleHandles;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Functions;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenInfo;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * A PKCS#11 token (USB token, smart card, HSM) opened with one login, from which keys are taken
 * as {@link SigningKey}s that {@code PdfSigner} and {@code XmlSigner} use unchanged. Signing hashes
 * in Java and asks the token for the raw operation (CKM_RSA_PKCS over the DigestInfo,
 * CKM_RSA_PKCS_PSS or CKM_ECDSA over the hash), so tokens without the combined hash-and-sign
 * mechanisms work (PKCS#11 v2.40, OASIS).
 *
 * <pre>{@code
 * try (Pkcs11Token token = Pkcs11Token.builder()
 *         .library(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
 *         .tokenLabel("kyso-test").pin(PasswordSource.env("KYSO_PIN")).open()) {
 *     PdfSigner.builder().key(token.key("signer")).build().sign(in, out);
 * }
 * }</pre>
 *
 * <p>The PIN is asked for once, at {@link Builder#open()}, used for one C_Login and wiped; a wrong
 * PIN is a {@link TokenPinException} and is never retried. This class is thread-safe: operations
 * on the token's one session are serialised.
 */
public final class Pkcs11Token implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();

    private final Path library;
    private final PKCS11Module module;
    private final long slotId;
    private final String label;
    private final Session session;
    private final boolean loggedIn;
    private final PasswordSource pin;
    private final Object lock = new Object();
    private boolean closed;
    /** Set when a token operation missed its deadline: the driver is blocked, nothing more is asked of it. */
    private volatile boolean stuck;
    private final java.util.concurrent.ExecutorService worker;

    /**
     * How long one signature may take on the token before the caller is told it stopped answering
     * (long enough for a PIN-pad prompt of a key that asks for its PIN at every signature).
     */
    static final java.time.Duration OPERATION_TIMEOUT = java.time.Duration.ofSeconds(60);

    private Pkcs11Token(Path library, PKCS11Module module, long slotId, String label, Session session,
            boolean loggedIn, PasswordSource pin) {
        this.library = library;
        this.module = module;
        this.slotId = slotId;
        this.label = label;
        this.session = session;
        this.loggedIn = loggedIn;
        this.pin = pin;
        this.worker = org.kyso.pkcs11.internal.Deadline.worker("kyso-pkcs11-" + label);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every token present in the module's slots with the certificates it shows without a login.
     */
    public static List<TokenDescription> list(Path library) throws KysoException {
        PKCS11Module module = ModuleHandles.acquire(library);
        try {
            List<TokenDescription> result = new ArrayList<>();
            for (Slot slot : module.getSlotList(true)) {
                Token token = slot.getToken();
                TokenInfo info = token.getTokenInfo();
                List<TokenKey> keys = List.of();
                if (info.isTokenInitialized()) {
                    Session session = token.openSession(false);
                    try {
                        keys = readKeys(session, false, info.getLabel().trim());
                    } finally {
                        closeQuietly(session);
                    }
                }
                result.add(describe(slot.getSlotID(), info, keys));
            }
            return result;
        } catch (PKCS11Exception e) {
            throw failure("Cannot list the tokens of " + library, e);
        } finally {
            ModuleHandles.release(library);
        }
    }

    /** The token's label. */
    public String label() {
        return label;
    }

    /** The slot the token is in. */
    public long slotId() {
        return slotId;
    }

    /**
     * The keys on the token, each a private key paired with its certificate by CKA_ID. Without a
     * login most tokens hide private keys: the list then describes the certificates.
     */
    public List<TokenKey> keys() throws KysoException {
        synchronized (lock) {
            checkOpen();
            try {
                return readKeys(session, loggedIn, label);
            } catch (PKCS11Exception e) {
                throw failure("Cannot read the objects on token '" + label + "'", e);
            }
        }
    }

    /** The key whose private key or certificate has this CKA_LABEL. */
    public SigningKey key(String keyLabel) throws KysoException {
        Objects.requireNonNull(keyLabel, "keyLabel");
        return select("label '" + keyLabel + "'", k -> keyLabel.equals(k.label()));
    }

    /** The key with this CKA_ID (hexadecimal, case and colons ignored). */
    public SigningKey keyById(String idHex) throws KysoException {
        String id = normaliseHex(idHex);
        return select("id " + id, k -> id.equals(k.idHex()));
    }

    /** The key whose certificate has this SHA-256 fingerprint (hexadecimal, case and colons ignored). */
    public SigningKey keyByCertificateSha256(String sha256Hex) throws KysoException {
        String fp = normaliseHex(sha256Hex);
        return select("certificate SHA-256 " + fp, k -> fp.equals(k.sha256()));
    }

    private SigningKey select(String what, Predicate<TokenKey> filter) throws KysoException {
        if (!loggedIn) {
            throw new IllegalStateException("Token '" + label + "' was opened without a PIN: give .pin(...) to sign");
        }
        List<TokenKey> all = keys();
        List<TokenKey> matches = all.stream().filter(filter).toList();
        if (matches.isEmpty()) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "No key with " + what + " on token '"
                    + label + "'; the token has: " + listing(all));
        }
        if (matches.size() > 1) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "Several keys with " + what
                    + " on token '" + label + "': " + listing(matches)
                    + "; choose one by id or certificate fingerprint");
        }
        TokenKey chosen = matches.get(0);
        synchronized (lock) {
            try {
                long handle = privateKeyHandle(chosen.idHex(), chosen.label());
                Boolean always = session.getAttrValues(handle, CKA_ALWAYS_AUTHENTICATE).alwaysAuthenticate();
                return new TokenSigningKey(chosen, chain(chosen.certificate()), handle, Boolean.TRUE.equals(always));
            } catch (PKCS11Exception e) {
                throw failure("Cannot use key " + chosen.describe() + " on token '" + label + "'", e);
            }
        }
    }

    private static String listing(List<TokenKey> keys) {
        if (keys.isEmpty()) {
            return "no keys with certificates";
        }
        return String.join("; ", keys.stream().map(TokenKey::describe).toList());
    }

    private long privateKeyHandle(String idHex, String keyLabel) throws PKCS11Exception, KeyAccessException {
        long[] handles = session.findAllObjectsSingle(
                new AttributeVector().class_(CKO_PRIVATE_KEY).id(HEX.parseHex(idHex)));
        if (handles.length != 1) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "Expected one private key with id "
                    + idHex + " ('" + keyLabel + "') on token '" + label + "', found " + handles.length);
        }
        return handles[0];
    }

    private List<X509Certificate> chain(X509Certificate leaf) throws KysoException {
        List<X509Certificate> all;
        synchronized (lock) {
            try {
                all = readCertificates(session).stream().map(c -> c.certificate).toList();
            } catch (PKCS11Exception e) {
                throw failure("Cannot read the certificates on token '" + label + "'", e);
            }
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal()) && chain.size() < 10) {
            X509Certificate c = current;
            X509Certificate issuer = all.stream()
                    .filter(x -> x.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                    .filter(x -> !chain.contains(x)).findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return List.copyOf(chain);
    }

    /** Logs out and closes the session. Idempotent. Keys taken from the token stop working. */
    @Override
    public void close() {
        worker.shutdownNow();
        if (stuck) {
            // The driver is blocked inside a call that holds the lock: leave the session to it.
            closed = true;
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (loggedIn) {
                try {
                    session.logout();
                } catch (PKCS11Exception | RuntimeException e) {
                    // token removed or already logged out: nothing left to release
                }
            }
            closeQuietly(session);
            ModuleHandles.release(library);
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Token['" + label + "' slot " + slotId + " via " + library + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Token '" + label + "' is closed");
        }
    }

    // ---------------------------------------------------------------- reading objects

    private record Cert(byte[] id, String label, X509Certificate certificate) {
    }

    private static List<Cert> readCertificates(Session session) throws PKCS11Exception {
        List<Cert> certs = new ArrayList<>();
        for (long h : session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE))) {
            AttributeVector a = session.getAttrValues(h, CKA_ID, CKA_LABEL, CKA_VALUE);
            byte[] value = a.value();
            if (value == null) {
                continue;
            }
            try {
                X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(value));
                certs.add(new Cert(a.id() == null ? new byte[0] : a.id(), a.label() == null ? "" : a.label(), c));
            } catch (CertificateException | ClassCastException e) {
                // not an X.509 certificate KySo can use; leave it out of the listing
            }
        }
        return certs;
    }

    private static List<TokenKey> readKeys(Session session, boolean loggedIn, String tokenLabel)
            throws PKCS11Exception {
        List<Cert> certs = readCertificates(session);
        List<TokenKey> keys = new ArrayList<>();
        if (loggedIn) {
            for (long h : session.findAllObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY))) {
                AttributeVector a = session.getAttrValues(h, CKA_ID, CKA_LABEL);
                byte[] id = a.id() == null ? new byte[0] : a.id();
                for (Cert c : certs) {
                    if (id.length > 0 && Arrays.equals(id, c.id)) {
                        keys.add(toKey(a.label() == null ? c.label : a.label(), id, c.certificate, true));
                    }
                }
            }
        } else {
            // Only leaf certificates stand for keys; CA certificates on the token have no key.
            for (Cert c : certs) {
                if (c.certificate.getBasicConstraints() < 0 && c.id.length > 0) {
                    keys.add(toKey(c.label, c.id, c.certificate, false));
                }
            }
        }
        return keys;
    }

    private static TokenKey toKey(String keyLabel, byte[] id, X509Certificate cert, boolean visible) {
        java.security.PublicKey pub = cert.getPublicKey();
        String type = pub instanceof ECKey ? "EC" : pub.getAlgorithm();
        int size = pub instanceof RSAKey rsa ? rsa.getModulus().bitLength()
                : pub instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 0;
        return new TokenKey(keyLabel, HEX.formatHex(id), type, size, cert, sha256(cert), visible);
    }

    private static String sha256(X509Certificate cert) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normaliseHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String s = hex.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !s.matches("[0-9a-f]*") || s.length() % 2 != 0) {
            throw new IllegalArgumentException("Not a hexadecimal value: '" + hex + "'");
        }
        return s;
    }

    private static TokenDescription describe(long slotId, TokenInfo info, List<TokenKey> keys) {
        return new TokenDescription(slotId, info.getLabel().trim(), info.getSerialNumber().trim(),
                info.getManufacturerID().trim(), info.getModel().trim(), info.isLoginRequired(),
                info.hasFlagBit(CKF_USER_PIN_COUNT_LOW), info.hasFlagBit(CKF_USER_PIN_FINAL_TRY),
                info.hasFlagBit(CKF_USER_PIN_LOCKED), keys);
    }

    private static void closeQuietly(Session session) {
        try {
            session.closeSession();
        } catch (PKCS11Exception | RuntimeException e) {
            // already closed, or the token was removed
        }
    }

    static KeyAccessException failure(String context, PKCS11Exception e) {
        long code = e.getErrorCode();
        String name = e.getErrorName();
        // A key handle that worked a moment ago and is now invalid means the token under it went
        // away (SoftHSM2 reports a deleted token folder this way; USB tokens say CKR_DEVICE_REMOVED).
        if (code == CKR_DEVICE_REMOVED || code == CKR_TOKEN_NOT_PRESENT || code == CKR_SESSION_HANDLE_INVALID
                || code == CKR_SESSION_CLOSED || code == CKR_DEVICE_ERROR || code == CKR_OBJECT_HANDLE_INVALID
                || code == CKR_KEY_HANDLE_INVALID || code == CKR_CRYPTOKI_NOT_INITIALIZED) {
            return new KeyAccessException(KeyAccessException.Reason.OTHER, context + ": the token was removed or "
                    + "stopped answering (" + name + "); plug it in again, open the token again and retry", e);
        }
        if (code == CKR_KEY_FUNCTION_NOT_PERMITTED || code == CKR_MECHANISM_INVALID
                || code == CKR_KEY_TYPE_INCONSISTENT || code == CKR_USER_NOT_LOGGED_IN) {
            return new KeyAccessException(KeyAccessException.Reason.NOT_PERMITTED, context
                    + ": the token refused the operation (" + name + ")", e);
        }
        return new KeyAccessException(KeyAccessException.Reason.OTHER, context + " (" + name + ")", e);
    }

    // ---------------------------------------------------------------- signing

    private static final byte[] SHA256_PREFIX = HEX.parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA384_PREFIX = HEX.parseHex("3041300d060960864801650304020205000430");
    private static final byte[] SHA512_PREFIX = HEX.parseHex("3051300d060960864801650304020305000440");

    private final class TokenSigningKey implements SigningKey {

        private final TokenKey key;
        private final List<X509Certificate> chain;
        private final long handle;
        private final boolean alwaysAuthenticate;

        TokenSigningKey(TokenKey key, List<X509Certificate> chain, long handle, boolean alwaysAuthenticate) {
            this.key = key;
            this.chain = chain;
            this.handle = handle;
            this.alwaysAuthenticate = alwaysAuthenticate;
        }

        @Override
        public List<X509Certificate> certificateChain() {
            return chain;
        }

        @Override
        public byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws KysoException {
            if (!algorithm.keyAlgorithm().equals(key.keyType())) {
                throw new IllegalArgumentException(algorithm + " needs an " + algorithm.keyAlgorithm()
                        + " key; key '" + key.label() + "' is " + key.keyType());
            }
            byte[] hash;
            try {
                hash = MessageDigest.getInstance(algorithm.digest().jcaName()).digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (stuck) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER, "Token '" + label
                        + "' stopped answering earlier: plug it in again, open the token again and retry");
            }
            return org.kyso.pkcs11.internal.Deadline.run(worker, OPERATION_TIMEOUT, () -> signOnToken(algorithm, hash),
                    () -> {
                        stuck = true;
                        return new KeyAccessException(KeyAccessException.Reason.OTHER, "Token '" + label
                                + "' did not answer within " + OPERATION_TIMEOUT.toSeconds() + " s while signing with key "
                                + key.describe() + ": it was removed or its driver hangs; plug it in again, open the"
                                + " token again and retry");
                    });
        }

        private byte[] signOnToken(SignatureAlgorithm algorithm, byte[] hash) throws KysoException {
            synchronized (lock) {
                checkOpen();
                try {
                    if (alwaysAuthenticate) {
                        contextLogin();
                    }
                    if (algorithm.keyAlgorithm().equals("EC")) {
                        byte[] raw = session.signSingle(new Mechanism(CKM_ECDSA), handle, hash);
                        return Functions.dsaSigPlainToX962(raw);
                    }
                    if (algorithm.isPss()) {
                        long[] codes = switch (algorithm.digest()) {
                            case SHA256 -> new long[] {CKM_SHA256, CKG_MGF1_SHA256};
                            case SHA384 -> new long[] {CKM_SHA384, CKG_MGF1_SHA384};
                            case SHA512 -> new long[] {CKM_SHA512, CKG_MGF1_SHA512};
                        };
                        Mechanism pss = new Mechanism(CKM_RSA_PKCS_PSS,
                                new RSA_PKCS_PSS_PARAMS(codes[0], codes[1], hash.length));
                        return session.signSingle(pss, handle, hash);
                    }
                    byte[] prefix = switch (algorithm.digest()) {
                        case SHA256 -> SHA256_PREFIX;
                        case SHA384 -> SHA384_PREFIX;
                        case SHA512 -> SHA512_PREFIX;
                    };
                    byte[] digestInfo = Arrays.copyOf(prefix, prefix.length + hash.length);
                    System.arraycopy(hash, 0, digestInfo, prefix.length, hash.length);
                    return session.signSingle(new Mechanism(CKM_RSA_PKCS), handle, digestInfo);
                } catch (PKCS11Exception e) {
                    throw failure("Signing with key " + key.describe() + " on token '" + label + "' failed", e);
                } catch (RuntimeException e) {
                    // The wrapper's own checks (a finalised module, a broken JNI call) surface as
                    // unchecked exceptions; the caller still deserves a KeyAccessException with context.
                    throw new KeyAccessException(KeyAccessException.Reason.OTHER, "Signing with key "
                            + key.describe() + " on token '" + label + "' failed: the token was removed or the "
                            + "driver failed (" + e + ")", e);
                }
            }
        }

        private void contextLogin() throws KysoException, PKCS11Exception {
            char[] secret = pin.password();
            try {
                session.login(CKU_CONTEXT_SPECIFIC, secret);
            } catch (PKCS11Exception e) {
                throw pinFailure(session.getToken(), label, e);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }

        /** The token owns the session: closing the token logs out. */
        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "key " + key.describe() + " on " + Pkcs11Token.this;
        }
    }

    static KysoException pinFailure(Token token, String tokenLabel, PKCS11Exception e) {
        long code = e.getErrorCode();
        boolean low = false;
        boolean finalTry = false;
        boolean locked = code == CKR_PIN_LOCKED;
        try {
            TokenInfo after = token.getTokenInfo();
            low = after.hasFlagBit(CKF_USER_PIN_COUNT_LOW);
            finalTry = after.hasFlagBit(CKF_USER_PIN_FINAL_TRY);
            locked |= after.hasFlagBit(CKF_USER_PIN_LOCKED);
        } catch (PKCS11Exception | RuntimeException ignored) {
            // the flags are a courtesy; the refusal itself is what matters
        }
        if (locked) {
            return new TokenPinException(KeyAccessException.Reason.LOCKED, "The PIN of token '" + tokenLabel
                    + "' is locked: only the security officer (or the CA's support) can unlock it", tokenLabel,
                    low, finalTry, true, e);
        }
        if (code == CKR_PIN_INCORRECT || code == CKR_PIN_INVALID || code == CKR_PIN_LEN_RANGE) {
            String warning = finalTry ? " The next wrong PIN locks the token."
                    : low ? " A wrong PIN has been entered before; tokens lock after a few wrong PINs." : "";
            return new TokenPinException(KeyAccessException.Reason.WRONG_PASSWORD, "Wrong PIN for token '"
                    + tokenLabel + "': the token refused it (not retried)." + warning, tokenLabel, low, finalTry,
                    false, e);
        }
        return failure("Login to token '" + tokenLabel + "' failed", e);
    }

    // ---------------------------------------------------------------- builder

    /** Chooses the module, the token and the PIN. Checks happen in {@link #open()}. */
    public static final class Builder {

        private Path library;
        private List<Path> candidates;
        private String tokenLabel;
        private String tokenSerial;
        private Long slot;
        private PasswordSource pin;

        private Builder() {
        }

        /** The PKCS#11 module (.so, .dll, .dylib). Without it, the first of {@link Pkcs11Modules#wellKnownPaths()}. */
        public Builder library(Path library) {
            this.library = Objects.requireNonNull(library, "library");
            return this;
        }

        /** Look for the module in these paths instead of the well-known ones. */
        public Builder libraryCandidates(List<Path> candidates) {
            this.candidates = List.copyOf(candidates);
            return this;
        }

        public Builder tokenLabel(String label) {
            this.tokenLabel = Objects.requireNonNull(label, "label");
            return this;
        }

        public Builder tokenSerial(String serial) {
            this.tokenSerial = Objects.requireNonNull(serial, "serial");
            return this;
        }

        /** The PKCS#11 slot ID (as {@code kyso token list} shows it). */
        public Builder slot(long slotId) {
            this.slot = slotId;
            return this;
        }

        /** Where the user PIN comes from; asked once at {@link #open()}. Without it, no login (listing only). */
        public Builder pin(PasswordSource pin) {
            this.pin = Objects.requireNonNull(pin, "pin");
            return this;
        }

        /** A fixed PIN; the array is copied, so the caller may wipe its copy at once. */
        public Builder pin(char[] pin) {
            return pin(PasswordSource.of(pin));
        }

        /**
         * Finds the token and logs in.
         *
         * @throws TokenPinException the PIN was refused or the token is locked (never retried)
         * @throws KeyAccessException no module, no matching token, or several matching tokens
         */
        public Pkcs11Token open() throws KysoException {
            int selectors = (tokenLabel != null ? 1 : 0) + (tokenSerial != null ? 1 : 0) + (slot != null ? 1 : 0);
            if (selectors > 1) {
                throw new IllegalArgumentException("Choose the token one way: tokenLabel, tokenSerial or slot");
            }
            Path lib = library != null ? library
                    : Pkcs11Modules.find(candidates != null ? candidates : Pkcs11Modules.wellKnownPaths());
            PKCS11Module module = ModuleHandles.acquire(lib);
            Session session = null;
            boolean opened = false;
            try {
                List<Slot> matches = new ArrayList<>();
                List<String> seen = new ArrayList<>();
                for (Slot s : module.getSlotList(true)) {
                    TokenInfo info = s.getToken().getTokenInfo();
                    if (!info.isTokenInitialized()) {
                        continue;
                    }
                    String l = info.getLabel().trim();
                    String serial = info.getSerialNumber().trim();
                    seen.add("slot " + s.getSlotID() + " '" + l + "' serial " + serial);
                    if ((tokenLabel == null || tokenLabel.equals(l)) && (tokenSerial == null || tokenSerial.equals(serial))
                            && (slot == null || slot == s.getSlotID())) {
                        matches.add(s);
                    }
                }
                String wanted = tokenLabel != null ? "label '" + tokenLabel + "'"
                        : tokenSerial != null ? "serial " + tokenSerial : slot != null ? "slot " + slot : "any label";
                if (matches.isEmpty()) {
                    throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "No token with " + wanted
                            + " in " + lib + (seen.isEmpty() ? ": no token is present; plug one in"
                                    : "; present: " + String.join(", ", seen)));
                }
                if (matches.size() > 1) {
                    throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "Several tokens with " + wanted
                            + " in " + lib + ": " + String.join(", ", seen)
                            + "; choose one by token label, serial or slot");
                }
                Token token = matches.get(0).getToken();
                TokenInfo info = token.getTokenInfo();
                String l = info.getLabel().trim();
                session = token.openSession(false);
                boolean loggedIn = false;
                if (pin != null) {
                    if (info.hasFlagBit(CKF_USER_PIN_LOCKED)) {
                        throw new TokenPinException(KeyAccessException.Reason.LOCKED, "The PIN of token '" + l
                                + "' is locked: only the security officer (or the CA's support) can unlock it", l,
                                true, true, true, null);
                    }
                    char[] secret = pin.password();
                    try {
                        session.login(CKU_USER, secret);
                        loggedIn = true;
                    } catch (PKCS11Exception e) {
                        if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN) {
                            loggedIn = true;
                        } else {
                            throw pinFailure(token, l, e);
                        }
                    } finally {
                        Arrays.fill(secret, '\0');
                    }
                }
                Pkcs11Token result = new Pkcs11Token(lib, module, matches.get(0).getSlotID(), l, session, loggedIn, pin);
                opened = true;
                return result;
            } catch (PKCS11Exception e) {
                throw failure("Cannot open a token in " + lib, e);
            } finally {
                if (!opened) {
                    if (session != null) {
                        closeQuietly(session);
                    }
                    ModuleHandles.release(lib);
                }
            }
        }
    }
}
