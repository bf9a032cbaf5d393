package org.kyso.pkcs11.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ipkcs11wrapper's log (which otherwise prints to standard output, and would corrupt the
 * CLI's output) to SLF4J. Its INFO lines (every C_Initialize, C_OpenSession) are DEBUG here.
 */
final class WrapperLog implements org.xipki.pkcs11.wrapper.Logger {

    private static final Logger LOG = LoggerFactory.getLogger("org.kyso.pkcs11.wrapper");

    static void install() {
        org.xipki.pkcs11.wrapper.StaticLogger.setLogger(new WrapperLog());
    }

    @Override
    public void info(String format, Object... arguments) {
        LOG.debug(format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        LOG.warn(format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        LOG.error(format, arguments);
    }

    @Override
    public void debug(String format, Object... arguments) {
        LOG.trace(format, arguments);
    }

    @Override
    public void trace(String format, Object... arguments) {
        LOG.trace(format, arguments);
    }

    @Override
    public boolean isDebugEnabled() {
        return LOG.isTraceEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return LOG.isTraceEnabled();
    }
}
