package org.kyso.core;

import java.io.Console;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a password or PIN comes from. KySo asks for it only when it is needed, uses it once and
 * wipes the returned array; a secret is never a {@code String}, never logged, never part of an
 * exception message.
 *
 * <pre>{@code
 * PasswordSource fromEnv = PasswordSource.env("KYSO_PASSWORD");
 * PasswordSource fromFile = PasswordSource.file(Path.of("/run/secrets/p12-password"));
 * PasswordSource fromUi = () -> dialog.askPassword();   // any callback
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), fromEnv)) { ... }
 * }</pre>
 */
@FunctionalInterface
public interface PasswordSource {

    /** Password files larger than this are refused (a wrong path must not read a disk image into memory). */
    int MAX_FILE_BYTES = 64 * 1024;

    /**
     * Returns a fresh array holding the secret. The caller owns it and wipes it after use.
     *
     * @throws KysoException when the secret cannot be obtained (variable unset, file unreadable)
     */
    char[] password() throws KysoException;

    /** A fixed secret. The array is copied, so the caller may wipe its own copy at once. */
    static PasswordSource of(char[] secret) {
        char[] copy = secret.clone();
        return copy::clone;
    }

    /** Reads the secret from an environment variable each time it is needed. */
    static PasswordSource env(String variable) {
        return () -> {
            String value = System.getenv(variable);
            if (value == null) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                        "Environment variable " + variable + " is not set: export it with the password, "
                                + "or give the password another way (file, standard input)");
            }
            return value.toCharArray();
        };
    }

    /**
     * Reads the secret from the first line of a UTF-8 file (the trailing line break is not part of
     * it), as container secrets are usually mounted.
     */
    static PasswordSource file(Path file) {
        return () -> {
            byte[] bytes;
            try {
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    // Bounded read: a wrong path (a disk image, /dev/zero) must not fill the heap.
                    bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                }
                if (bytes.length > MAX_FILE_BYTES) {
                    Arrays.fill(bytes, (byte) 0);
                    throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The password file " + file
                            + " is larger than " + MAX_FILE_BYTES + " bytes: that is not a password file; check the path");
                }
            } catch (IOException e) {
                throw new KysoIOException(KysoIOException.Kind.INPUT, file,
                        "Cannot read the password file " + file + ": check that it exists and is readable", e);
            }
            try {
                CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes));
                // Windows editors and PowerShell 5 (Out-File -Encoding utf8) start the file with a BOM.
                int start = chars.limit() > 0 && chars.get(0) == '\uFEFF' ? 1 : 0;
                int end = start;
                while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                    end++;
                }
                char[] secret = new char[end - start];
                chars.get(start, secret, 0, end - start);
                Arrays.fill(chars.array(), '\0');
                return secret;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        };
    }

    /** Asks on the terminal without echo; fails when there is no terminal (a script, a service). */
    static PasswordSource console(String prompt) {
        return () -> {
            Console console = System.console();
            if (console == null) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                        "No terminal to ask for the password on: give it through an environment variable or a file");
            }
            char[] secret = console.readPassword("%s", prompt);
            if (secret == null) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER, "No password was entered");
            }
            return secret;
        };
    }
}
