package org.kyso.core;

/**
 * Root of every checked failure KySo reports: something outside the caller's code went wrong
 * (a key, a service, a document, a file) and the caller has to decide what to do.
 *
 * <p>Messages are written for a person: they name the file, slot or URL involved and say what to
 * try. They never contain a PIN or a password. Misuse of the API (a missing builder field, a
 * closed key) is reported with {@link IllegalArgumentException} or {@link IllegalStateException}
 * instead.
 *
 * <pre>{@code
 * try {
 *     signer.sign(in, out);
 * } catch (TimestampException e) {
 *     // the TSA at e.url() failed: retry later or sign at level B
 * } catch (KysoException e) {
 *     System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public class KysoException extends Exception {

    public KysoException(String message) {
        super(message);
    }

    public KysoException(String message, Throwable cause) {
        super(message, cause);
    }
}
