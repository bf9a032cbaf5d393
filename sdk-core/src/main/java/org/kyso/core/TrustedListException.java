package org.kyso.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A trusted list could not be used as a source of trust anchors: it is not a trusted list, its
 * signature does not verify with the certificates allowed to sign it, or it is past its next
 * update. Nothing from such a list is trusted. {@link #lists()} tells what was found for each list.
 */
public class TrustedListException extends MalformedDocumentException {

    private final URI location;
    private final List<TrustedListInfo> lists;

    public TrustedListException(URI location, Path file, String message, List<TrustedListInfo> lists) {
        super(file, message, null);
        this.location = location;
        this.lists = List.copyOf(lists);
    }

    /** The list (or list of trusted lists) that was asked for. */
    public URI location() {
        return location;
    }

    /** What loading found, one entry per list read (a LOTL first, then its trusted lists). */
    public List<TrustedListInfo> lists() {
        return lists;
    }
}
