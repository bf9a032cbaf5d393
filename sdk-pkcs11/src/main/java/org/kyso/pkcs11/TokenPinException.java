package org.kyso.pkcs11;

import org.kyso.core.KeyAccessException;

/**
 * The token refused the PIN, or is locked. Carries the token's PIN flags as read right after the
 * refusal, so a caller can warn "one try left" before asking again. KySo never retries a PIN by
 * itself: each wrong try brings a token closer to locking.
 *
 * <pre>{@code
 * try (Pkcs11Token token = Pkcs11Token.builder().library(module).tokenLabel("kyso-test").pin(pin).open()) {
 *     ...
 * } catch (TokenPinException e) {
 *     if (e.finalTry()) { warn("The next wrong PIN locks the token"); }
 * }
 * }</pre>
 */
public final class TokenPinException extends KeyAccessException {

    private static final long serialVersionUID = 1L;

    private final String tokenLabel;
    private final boolean countLow;
    private final boolean finalTry;
    private final boolean locked;

    public TokenPinException(Reason reason, String message, String tokenLabel, boolean countLow, boolean finalTry,
            boolean locked, Throwable cause) {
        super(reason, message, cause);
        this.tokenLabel = tokenLabel;
        this.countLow = countLow;
        this.finalTry = finalTry;
        this.locked = locked;
    }

    /** Label of the token that refused the PIN. */
    public String tokenLabel() {
        return tokenLabel;
    }

    /** CKF_USER_PIN_COUNT_LOW: a wrong PIN has been entered since the last right one. */
    public boolean pinCountLow() {
        return countLow;
    }

    /** CKF_USER_PIN_FINAL_TRY: the next wrong PIN locks the token. */
    public boolean finalTry() {
        return finalTry;
    }

    /** CKF_USER_PIN_LOCKED: the user PIN is locked; only the security officer can unlock it. */
    public boolean locked() {
        return locked;
    }
}
