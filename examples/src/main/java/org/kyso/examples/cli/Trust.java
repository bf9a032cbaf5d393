package org.kyso.examples.cli;

import java.nio.file.Path;
import java.util.List;

import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;

/** Reads the certificates of repeated {@code --trust PATH} options. */
final class Trust {

    private Trust() {
    }

    /** Every certificate of every path (file, folder or password-less store); none for an empty list. */
    static TrustAnchors load(List<Path> paths) throws KysoException {
        TrustAnchors all = TrustAnchors.none();
        for (Path path : paths) {
            all = all.plus(TrustAnchors.from(path));
        }
        return all;
    }
}
