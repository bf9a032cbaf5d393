package org.kyso.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The documents mutants are made from: corpus files, documents KySo signed itself, and past crashers. */
final class Seeds {

    /** One seed document. */
    record Seed(String name, Mutator.Kind kind, byte[] data) {
    }

    private Seeds() {
    }

    /** KySo's own seed documents (made once with a testkit key; stored so that a seed reproduces its inputs). */
    private static final String[] KYSO = {"unsigned.pdf", "signed-b.pdf", "signed-twice.pdf", "unsigned.xml", "xades-b.xml",
            "xmldsig.xml"};

    /** The inputs that once hung or crashed KySo (see crashers/README.md): mutating them again is cheap insurance. */
    private static final String[] CRASHERS = {"pdf-nested-arrays.pdf", "pdf-nested-arrays-in-signature.pdf", "pdf-sig-without-subfilter.pdf",
            "pdf-xref-stream-negative-size.pdf", "pdf-page-tree-loop.pdf", "xml-xpath-walk.xml"};

    /**
     * The corpus's PDF and XML files up to {@code maxBytes} (sorted by path), then KySo's own (an
     * unsigned PDF and XML, and the same signed by KySo: PAdES B once and twice, XAdES B, XMLDSig),
     * then the crashers.
     */
    static List<Seed> all(Path corpus, long maxBytes) {
        List<Seed> seeds = new ArrayList<>();
        for (Path p : Corpus.documents(corpus, maxBytes)) {
            String rel = corpus.relativize(p).toString().replace('\\', '/');
            seeds.add(new Seed(rel, rel.endsWith(".pdf") ? Mutator.Kind.PDF : Mutator.Kind.XML, read(p)));
        }
        seeds.addAll(kyso());
        for (String name : CRASHERS) {
            seeds.add(new Seed("crashers/" + name, kind(name), resource("crashers/" + name)));
        }
        return seeds;
    }

    /** KySo's own seeds, named {@code kyso/...}. */
    static List<Seed> kyso() {
        List<Seed> seeds = new ArrayList<>();
        for (String name : KYSO) {
            seeds.add(new Seed("kyso/" + name, kind(name), resource("seeds/" + name)));
        }
        return seeds;
    }

    private static Mutator.Kind kind(String name) {
        return name.endsWith(".pdf") ? Mutator.Kind.PDF : Mutator.Kind.XML;
    }

    private static byte[] resource(String name) {
        try (InputStream in = Seeds.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
