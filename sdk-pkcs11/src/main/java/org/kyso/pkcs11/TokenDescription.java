package org.kyso.pkcs11;

import java.util.List;

/**
 * A token present in a slot, as {@link Pkcs11Token#list(java.nio.file.Path)} finds it without a
 * login.
 *
 * @param slotId        the PKCS#11 slot ID (what {@code --slot} takes)
 * @param pinCountLow   CKF_USER_PIN_COUNT_LOW
 * @param pinFinalTry   CKF_USER_PIN_FINAL_TRY
 * @param pinLocked     CKF_USER_PIN_LOCKED
 * @param keys          certificates (and keys where visible) on the token
 */
public record TokenDescription(long slotId, String label, String serial, String manufacturer, String model,
        boolean loginRequired, boolean pinCountLow, boolean pinFinalTry, boolean pinLocked, List<TokenKey> keys) {

    public TokenDescription {
        keys = List.copyOf(keys);
    }

    /** One line for a person, without the keys. */
    public String describe() {
        StringBuilder s = new StringBuilder("slot ").append(slotId).append(": '").append(label).append("' serial ")
                .append(serial).append(", ").append(manufacturer).append(" ").append(model);
        if (pinLocked) {
            s.append(", PIN LOCKED");
        } else if (pinFinalTry) {
            s.append(", PIN final try");
        } else if (pinCountLow) {
            s.append(", PIN count low");
        }
        return s.toString();
    }
}
