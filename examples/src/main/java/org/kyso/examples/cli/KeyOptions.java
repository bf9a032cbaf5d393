package org.kyso.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PasswordSource;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.pkcs11.Pkcs11Token;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code KEY} options of CONTRACT.md, shared by the signing commands. A password or PIN is
 * never an option value (it would show in the process list): it comes from an environment
 * variable, the first line of a file, standard input or, on a terminal, a prompt.
 */
final class KeyOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--p12", paramLabel = "FILE", order = 100,
            description = "Sign with the key in this PKCS#12 (.p12, .pfx) or JKS file.")
    Path p12;

    @Option(names = "--password-env", paramLabel = "VAR", order = 101,
            description = "Read the key store password from environment variable VAR.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", order = 102,
            description = "Read the key store password from the first line of FILE.")
    Path passwordFile;

    @Option(names = "--password-stdin", order = 103,
            description = "Read the key store password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--pkcs11", paramLabel = "MODULE", order = 110,
            description = "Sign with a key on a PKCS#11 token through this module (.so, .dll).")
    Path pkcs11;

    @Option(names = "--slot", paramLabel = "N", order = 111, description = "PKCS#11 slot ID (as kyso token list shows it).")
    Long slot;

    @Option(names = "--token-label", paramLabel = "LABEL", order = 112, description = "PKCS#11 token label.")
    String tokenLabel;

    @Option(names = "--token-serial", paramLabel = "SERIAL", order = 113, description = "PKCS#11 token serial number.")
    String tokenSerial;

    @Option(names = "--key-label", paramLabel = "LABEL", order = 114, description = "Label of the key on the token.")
    String keyLabel;

    @Option(names = "--key-id", paramLabel = "HEX", order = 115, description = "CKA_ID of the key on the token.")
    String keyId;

    @Option(names = "--cert-sha256", paramLabel = "HEX", order = 116,
            description = "SHA-256 fingerprint of the certificate whose key signs.")
    String certSha256;

    @Option(names = "--pin-env", paramLabel = "VAR", order = 117, description = "Read the token PIN from environment variable VAR.")
    String pinEnv;

    @Option(names = "--pin-file", paramLabel = "FILE", order = 118, description = "Read the token PIN from the first line of FILE.")
    Path pinFile;

    @Option(names = "--pin-stdin", order = 119, description = "Read the token PIN from the first line of standard input.")
    boolean pinStdin;

    /** True when any PKCS#11 option was given. */
    private boolean pkcs11Requested() {
        return pkcs11 != null || slot != null || tokenLabel != null || tokenSerial != null || keyLabel != null
                || keyId != null || certSha256 != null || pinEnv != null || pinFile != null || pinStdin;
    }

    /**
     * Checks the combination of options without touching any key, so that usage errors come before
     * any work.
     */
    void check() throws CliFailure {
        if (pkcs11Requested()) {
            if (p12 != null) {
                throw usage("--p12 and --pkcs11 exclude each other: sign with one key");
            }
            if (passwordEnv != null || passwordFile != null || passwordStdin) {
                throw usage("--password-* options go with --p12; a token's PIN is given with --pin-env, --pin-file "
                        + "or --pin-stdin");
            }
            if (pkcs11 == null) {
                throw usage("--slot, --token-*, --key-*, --cert-sha256 and --pin-* need --pkcs11 MODULE");
            }
            int tokens = (slot != null ? 1 : 0) + (tokenLabel != null ? 1 : 0) + (tokenSerial != null ? 1 : 0);
            if (tokens > 1) {
                throw usage("Choose the token one way: --slot, --token-label or --token-serial");
            }
            int keys = (keyLabel != null ? 1 : 0) + (keyId != null ? 1 : 0) + (certSha256 != null ? 1 : 0);
            if (keys != 1) {
                throw usage("Choose the key on the token one way: --key-label, --key-id or --cert-sha256 "
                        + "(kyso token list --module " + pkcs11 + " shows them)");
            }
            int pins = (pinEnv != null ? 1 : 0) + (pinFile != null ? 1 : 0) + (pinStdin ? 1 : 0);
            if (pins > 1) {
                throw usage("Give the PIN one way only: --pin-env, --pin-file or --pin-stdin");
            }
            if (pins == 0 && System.console() == null) {
                throw usage("--pkcs11 needs the token PIN: --pin-env VAR, --pin-file FILE or --pin-stdin "
                        + "(a PIN is never taken as an option value)");
            }
            return;
        }
        if (p12 == null) {
            throw usage("A key is required: --p12 FILE with --password-env VAR, --password-file FILE "
                    + "or --password-stdin");
        }
        int sources = (passwordEnv != null ? 1 : 0) + (passwordFile != null ? 1 : 0) + (passwordStdin ? 1 : 0);
        if (sources > 1) {
            throw usage("Give the password one way only: --password-env, --password-file or --password-stdin");
        }
        if (sources == 0 && System.console() == null) {
            throw usage("--p12 needs its password: --password-env VAR, --password-file FILE or --password-stdin "
                    + "(passwords are never taken as option values)");
        }
    }

    /** Opens the key; the caller closes it. */
    SigningKey open(InputStream stdin) throws KysoException, CliFailure {
        check();
        if (pkcs11 != null) {
            return openToken(stdin);
        }
        return SoftwareKey.open(p12, passwordSource(stdin));
    }

    private SigningKey openToken(InputStream stdin) throws KysoException {
        Pkcs11Token.Builder builder = Pkcs11Token.builder().library(pkcs11).pin(pinSource(stdin));
        if (slot != null) {
            builder.slot(slot);
        } else if (tokenLabel != null) {
            builder.tokenLabel(tokenLabel);
        } else if (tokenSerial != null) {
            builder.tokenSerial(tokenSerial);
        }
        Pkcs11Token token = builder.open();
        try {
            SigningKey key = keyLabel != null ? token.key(keyLabel)
                    : keyId != null ? token.keyById(keyId) : token.keyByCertificateSha256(certSha256);
            return new TokenOwningKey(token, key);
        } catch (KysoException | RuntimeException e) {
            token.close();
            throw e;
        }
    }

    private PasswordSource pinSource(InputStream stdin) {
        if (pinEnv != null) {
            return PasswordSource.env(pinEnv);
        }
        if (pinFile != null) {
            return PasswordSource.file(pinFile);
        }
        if (pinStdin) {
            return () -> readLine(stdin, "--pin-stdin");
        }
        return PasswordSource.console("PIN for the token" + (tokenLabel != null ? " '" + tokenLabel + "'" : "") + ": ");
    }

    /** A token key whose close() also logs out of and closes the token, so one try-with-resources suffices. */
    private record TokenOwningKey(Pkcs11Token token, SigningKey key) implements SigningKey {

        @Override
        public java.util.List<java.security.cert.X509Certificate> certificateChain() {
            return key.certificateChain();
        }

        @Override
        public byte[] sign(org.kyso.core.SignatureAlgorithm algorithm, byte[] data) throws KysoException {
            return key.sign(algorithm, data);
        }

        @Override
        public void close() {
            key.close();
            token.close();
        }
    }

    private PasswordSource passwordSource(InputStream stdin) {
        if (passwordEnv != null) {
            return PasswordSource.env(passwordEnv);
        }
        if (passwordFile != null) {
            return PasswordSource.file(passwordFile);
        }
        if (passwordStdin) {
            return () -> readLine(stdin, "--password-stdin");
        }
        return PasswordSource.console("Password for " + p12 + ": ");
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }

    /**
     * Reads the first line of {@code in} as UTF-8 into a char array, wiping every intermediate
     * buffer: the secret never becomes a String.
     */
    private static final int MAX_SECRET_BYTES = 4096;

    static char[] readLine(InputStream in, String option) throws KysoException {
        byte[] buffer = new byte[64];
        int length = 0;
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (length == MAX_SECRET_BYTES) {
                    Arrays.fill(buffer, (byte) 0);
                    throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                            option + ": the first line is longer than " + MAX_SECRET_BYTES
                                    + " bytes; that is not a password or PIN (wrong input piped in?)");
                }
                if (length == buffer.length) {
                    byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                buffer[length++] = (byte) b;
            }
            if (b == -1 && length == 0) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                        option + ": standard input is empty; pipe the secret in, e.g. from a secret file");
            }
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, 0, length));
            char[] secret = new char[chars.remaining()];
            chars.get(secret);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return secret;
        } catch (CharacterCodingException e) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                    option + ": the secret read from standard input is not UTF-8 text", e);
        } catch (IOException e) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                    option + ": cannot read standard input (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
