package org.kyso.xml.internal;

import java.nio.file.Path;

import org.kyso.core.KysoException;

/** Creates one XML signature from immutable settings; implementations are thread-safe. */
public interface SignatureEngine {

    /**
     * Signs {@code content} and returns the signed document (or a detached signature).
     *
     * @param name the document's name: what messages call it, and a detached signature's reference
     * @param file the input file, or null for data from memory
     */
    byte[] sign(byte[] content, String name, Path file) throws KysoException;
}
