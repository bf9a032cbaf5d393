package org.kyso.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.kyso.core.DigestAlgorithm;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureAlgorithm;

/**
 * The first half of a two-step (external) signature: the data a remote signer must sign, and an
 * opaque state from which {@link PdfSigner#complete} writes the same signed PDF later, possibly
 * in another process (a web server handling the two steps in two requests).
 *
 * <pre>{@code
 * // request 1: the browser plug-in sent the signer's certificate chain
 * PdfSigner signer = PdfSigner.builder().certificateChain(chain).timestamping(tsa).build();
 * PreparedSignature prepared = signer.prepare(Path.of("cong-van.pdf"));
 * store(prepared.state());                      // a few KB: a session, a database row
 * send(prepared.dataToSign());                  // or prepared.digest() to a hash-only signer
 *
 * // request 2: the plug-in sent the signature value
 * PreparedSignature again = PreparedSignature.fromState(load());
 * signer.complete(Path.of("cong-van.pdf"), again, signatureValue, Path.of("cong-van-signed.pdf"));
 * }</pre>
 *
 * <p>What to send to the remote signer: {@link #dataToSign()} (the DER-encoded CMS signed
 * attributes) to anything that hashes and signs, like {@code SigningKey.sign}, WebCrypto's
 * {@code sign}, Java's {@code Signature}, PKCS#11 {@code CKM_SHA256_RSA_PKCS}; {@link #digest()}
 * (its hash with {@link #digestAlgorithm()}) to a hash-only signer such as a CSC {@code signHash}
 * service or PKCS#11 {@code CKM_ECDSA}. For raw RSA PKCS#1 v1.5 ({@code CKM_RSA_PKCS}) the
 * digest must still be wrapped in a DigestInfo by the caller. ECDSA values may come back DER
 * encoded or as plain r||s (WebCrypto).
 *
 * <p>The state ({@link #state()}) is a compact, versioned binary encoding, not Java
 * serialization: the SHA-256 of the input PDF, the signing time and the zone it is written in, the
 * level and algorithm, the certificate chain, reason, location, contact, field name,
 * certification, field lock and appearance (image and custom font bytes included), the data to
 * sign, and a SHA-256 checksum. It holds no secret, but it is not protected either:
 * {@code complete} rebuilds the signature from it, refuses it unless it reproduces exactly the
 * data that was signed, and checks the signature value against the certificate before writing.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PreparedSignature {

    private static final byte[] MAGIC = {'K', 'y', 'S', 'o', '-', 'P', 'D', 'F', '2'};
    private static final int VERSION = 1;

    private final byte[] inputDigest;
    private final Instant signingTime;
    private final ZoneId signingZone;
    private final PadesLevel level;
    private final SignatureAlgorithm algorithm;
    private final List<X509Certificate> chain;
    private final String reason;
    private final String location;
    private final String contactInfo;
    private final String fieldName;
    private final Certification certification;
    private final FieldLock fieldLock;
    private final Appearance appearance;
    private final byte[] dataToSign;

    PreparedSignature(byte[] inputDigest, Instant signingTime, ZoneId signingZone, PdfSigner signer, byte[] dataToSign) {
        this(inputDigest, signingTime, signingZone, signer.level(), signer.algorithm(), signer.certificateChain(),
                signer.reason(), signer.location(), signer.contactInfo(), signer.fieldName(), signer.certification(),
                signer.fieldLock(), signer.appearance(), dataToSign);
    }

    private PreparedSignature(byte[] inputDigest, Instant signingTime, ZoneId signingZone, PadesLevel level,
                              SignatureAlgorithm algorithm, List<X509Certificate> chain, String reason, String location,
                              String contactInfo, String fieldName, Certification certification, FieldLock fieldLock,
                              Appearance appearance, byte[] dataToSign) {
        this.inputDigest = inputDigest.clone();
        this.signingTime = signingTime;
        this.signingZone = signingZone;
        this.level = level;
        this.algorithm = algorithm;
        this.chain = List.copyOf(chain);
        this.reason = reason;
        this.location = location;
        this.contactInfo = contactInfo;
        this.fieldName = fieldName;
        this.certification = certification;
        this.fieldLock = fieldLock;
        this.appearance = appearance;
        this.dataToSign = dataToSign.clone();
    }

    /** The bytes to sign with {@link #algorithm()}: DER-encoded CMS signed attributes. */
    public byte[] dataToSign() {
        return dataToSign.clone();
    }

    /** The hash of {@link #dataToSign()} with {@link #digestAlgorithm()}, for signers that take a hash. */
    public byte[] digest() {
        return algorithm.digest().digest(dataToSign);
    }

    /** The hash algorithm of {@link #digest()} (that of {@link #algorithm()}). */
    public DigestAlgorithm digestAlgorithm() {
        return algorithm.digest();
    }

    /** The algorithm the signature value must be made with. */
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The signing time written into the signature (millisecond precision). */
    public Instant signingTime() {
        return signingTime;
    }

    public PadesLevel level() {
        return level;
    }

    /** The signer's certificate first, then its issuers. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The certificate whose key must make the signature value. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The SHA-256 of the PDF that was prepared; {@code complete} accepts only that PDF. */
    public byte[] inputDigest() {
        return inputDigest.clone();
    }

    ZoneId signingZone() {
        return signingZone;
    }

    /** A signer with the settings recorded here and the services (TSA, trust, revocation) of {@code services}. */
    PdfSigner signer(PdfSigner services) {
        PdfSigner.Builder b = services.toBuilder()
                .certificateChain(chain)
                .level(level)
                .signatureAlgorithm(algorithm)
                .reason(reason)
                .location(location)
                .contactInfo(contactInfo)
                .fieldName(fieldName)
                .certify(certification)
                .lockFields(fieldLock)
                .appearance(appearance);
        return b.build();
    }

    /** The state to keep between the two steps; read it back with {@link #fromState(byte[])}. */
    public byte[] state() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096 + dataToSign.length);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            bytes(out, inputDigest);
            out.writeLong(signingTime.toEpochMilli());
            string(out, signingZone.getId());
            string(out, level.name());
            string(out, algorithm.name());
            out.writeByte(chain.size());
            for (X509Certificate c : chain) {
                bytes(out, c.getEncoded());
            }
            optional(out, reason);
            optional(out, location);
            optional(out, contactInfo);
            optional(out, fieldName);
            optional(out, certification == null ? null : certification.name());
            out.writeBoolean(fieldLock != null);
            if (fieldLock != null) {
                string(out, fieldLock.scope().name());
                out.writeInt(fieldLock.fields().size());
                for (String f : fieldLock.fields()) {
                    string(out, f);
                }
            }
            out.writeBoolean(appearance != null);
            if (appearance != null) {
                out.writeInt(appearance.page());
                out.writeFloat(appearance.x());
                out.writeFloat(appearance.y());
                out.writeFloat(appearance.width());
                out.writeFloat(appearance.height());
                optional(out, appearance.field());
                out.writeFloat(appearance.rightMargin());
                out.writeFloat(appearance.topMargin());
                optional(out, appearance.text());
                optional(out, appearance.title());
                optionalBytes(out, appearance.image());
                string(out, appearance.imagePosition().name());
                optionalBytes(out, appearance.font());
                out.writeFloat(appearance.fontSize());
                string(out, appearance.zone().getId());
                string(out, appearance.timeFormat());
                out.writeBoolean(appearance.overlapAllowed());
            }
            bytes(out, dataToSign);
            out.flush();
            out.write(sha256(buffer.toByteArray()));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("Cannot encode the prepared signature", e);
        }
        return buffer.toByteArray();
    }

    /**
     * Reads a state written by {@link #state()}.
     *
     * @throws MalformedDocumentException when {@code state} is not such a state, was damaged, or
     *         comes from a newer KySo version
     */
    public static PreparedSignature fromState(byte[] state) throws MalformedDocumentException {
        if (state == null || state.length < MAGIC.length + 1 + 32
                || !Arrays.equals(Arrays.copyOf(state, MAGIC.length), MAGIC)) {
            throw damaged("it is not a KySo prepared-signature state");
        }
        int version = state[MAGIC.length] & 0xFF;
        if (version != VERSION) {
            throw damaged("it has format version " + version + ", this KySo reads version " + VERSION
                    + ": complete the signature with the KySo version that prepared it");
        }
        byte[] body = Arrays.copyOf(state, state.length - 32);
        if (!MessageDigest.isEqual(sha256(body), Arrays.copyOfRange(state, state.length - 32, state.length))) {
            throw damaged("its checksum does not match (it was truncated or altered)");
        }
        ByteBuffer in = ByteBuffer.wrap(body, MAGIC.length + 1, body.length - MAGIC.length - 1);
        try {
            byte[] inputDigest = bytes(in);
            Instant signingTime = Instant.ofEpochMilli(in.getLong());
            ZoneId signingZone = ZoneId.of(string(in));
            PadesLevel level = PadesLevel.valueOf(string(in));
            SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(string(in));
            int count = in.get() & 0xFF;
            if (count == 0) {
                throw damaged("it holds no certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes(in))));
            }
            String reason = optional(in);
            String location = optional(in);
            String contactInfo = optional(in);
            String fieldName = optional(in);
            String certification = optional(in);
            FieldLock lock = null;
            if (in.get() != 0) {
                FieldLock.Scope scope = FieldLock.Scope.valueOf(string(in));
                int n = in.getInt();
                if (n < 0 || n > in.remaining()) {
                    throw damaged("its field lock is damaged");
                }
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    fields.add(string(in));
                }
                lock = FieldLock.of(scope, fields);
            }
            Appearance appearance = null;
            if (in.get() != 0) {
                appearance = appearance(in);
            }
            byte[] dataToSign = bytes(in);
            if (in.hasRemaining()) {
                throw damaged("it has " + in.remaining() + " unexpected bytes at the end");
            }
            return new PreparedSignature(inputDigest, signingTime, signingZone, level, algorithm, chain, reason, location,
                    contactInfo, fieldName, certification == null ? null : Certification.valueOf(certification), lock,
                    appearance, dataToSign);
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException | CertificateException
                 | ClassCastException e) {
            MalformedDocumentException failure = damaged("its content is not valid (" + e.getMessage() + ")");
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Reads an appearance in the order {@link #state()} wrote it. Placements replace each other in
     * {@link Appearance.Builder}, so the rectangle is set first, then a field or top-right anchor.
     */
    private static Appearance appearance(ByteBuffer in) {
        Appearance.Builder look = Appearance.builder().page(in.getInt());
        look.rect(in.getFloat(), in.getFloat(), in.getFloat(), in.getFloat());
        String field = optional(in);
        float right = in.getFloat();
        float top = in.getFloat();
        if (field != null) {
            look.field(field);
        } else if (!Float.isNaN(right)) {
            look.topRight(right, top);
        }
        look.text(optional(in));
        String title = optional(in);
        look.image(optionalBytes(in));
        look.imagePosition(Appearance.ImagePosition.valueOf(string(in)));
        look.title(title);
        look.font(optionalBytes(in));
        look.fontSize(in.getFloat());
        look.zone(ZoneId.of(string(in)));
        look.timeFormat(string(in));
        look.allowOverlap(in.get() != 0);
        return look.build();
    }

    private static MalformedDocumentException damaged(String why) {
        return new MalformedDocumentException(null, "Cannot use the prepared signature state: " + why, null);
    }

    private static byte[] sha256(byte[] data) {
        return DigestAlgorithm.SHA256.digest(data);
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static void optionalBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            bytes(out, value);
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        bytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void optional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            string(out, value);
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a length field says " + length + " bytes, " + in.remaining() + " remain");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static byte[] optionalBytes(ByteBuffer in) {
        return in.get() != 0 ? bytes(in) : null;
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static String optional(ByteBuffer in) {
        return in.get() != 0 ? string(in) : null;
    }

    @Override
    public String toString() {
        return "PreparedSignature[" + certificate().getSubjectX500Principal().getName() + " PAdES-" + level + " "
                + algorithm + " at " + signingTime + "]";
    }
}
