package org.kyso.core;

import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * An RFC 3161 time-stamp token obtained from a {@link Tsa} and already checked: the TSA granted
 * the request, echoed the nonce, stamped exactly the digest sent, used the requested policy, and
 * signed the token with a certificate valid for time-stamping at {@link #time()}.
 *
 * <pre>{@code
 * Timestamp ts = Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")).timestamp(data);
 * Files.write(Path.of("data.tsr"), ts.encoded());   // openssl ts -reply -token_in -in data.tsr -text
 * System.out.println(ts.time() + " by " + ts.tsaCertificate().getSubjectX500Principal());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Timestamp {

    private final byte[] encoded;
    private final Instant time;
    private final X509Certificate tsaCertificate;
    private final BigInteger serialNumber;
    private final String policy;
    private final DigestAlgorithm digestAlgorithm;
    private final byte[] messageImprint;
    private final URI tsaUrl;

    Timestamp(byte[] encoded, Instant time, X509Certificate tsaCertificate, BigInteger serialNumber, String policy,
              DigestAlgorithm digestAlgorithm, byte[] messageImprint, URI tsaUrl) {
        this.encoded = encoded.clone();
        this.time = Objects.requireNonNull(time, "time");
        this.tsaCertificate = Objects.requireNonNull(tsaCertificate, "tsaCertificate");
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.digestAlgorithm = Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        this.messageImprint = messageImprint.clone();
        this.tsaUrl = tsaUrl;
    }

    /** The DER-encoded TimeStampToken (a CMS ContentInfo holding SignedData), RFC 3161 §2.4.2. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The TSA's genTime: when the TSA asserts the data existed. */
    public Instant time() {
        return time;
    }

    /** The certificate that signed the token (checked: id-kp-timeStamping, valid at {@link #time()}). */
    public X509Certificate tsaCertificate() {
        return tsaCertificate;
    }

    /** The token's serial number, unique per TSA. */
    public BigInteger serialNumber() {
        return serialNumber;
    }

    /** The TSA policy OID under which the token was issued. */
    public String policy() {
        return policy;
    }

    /** The hash algorithm of the message imprint. */
    public DigestAlgorithm digestAlgorithm() {
        return digestAlgorithm;
    }

    /** The stamped digest (the message imprint's hashedMessage). */
    public byte[] messageImprint() {
        return messageImprint.clone();
    }

    /** The TSA that issued the token. */
    public URI tsaUrl() {
        return tsaUrl;
    }

    @Override
    public String toString() {
        return "Timestamp[" + time + ", serial " + serialNumber + ", policy " + policy + ", by "
                + tsaCertificate.getSubjectX500Principal().getName() + "]";
    }
}
