package org.kyso.pdf.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;

import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSMessageDigest;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESCommonParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.validation.PdfRevision;
import eu.europa.esig.dss.pades.validation.PdfValidationDataContainer;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.PdfMemoryUsageSetting;
import eu.europa.esig.dss.pdf.PdfPermissionsChecker;
import eu.europa.esig.dss.pdf.PdfSignatureFieldPositionChecker;
import eu.europa.esig.dss.pdf.modifications.PdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModificationsFinder;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.signature.resources.DSSResourcesHandlerBuilder;
import eu.europa.esig.dss.spi.x509.tsp.TimestampToken;
import eu.europa.esig.dss.utils.Utils;

/**
 * Writes a CMS signature (or document timestamp) into its prepared PDF revision in place.
 *
 * <p>DSS prepares the signed document once, when it computes the digest to sign: the input's
 * bytes, then an incremental update whose {@code /Contents <00…>} is an empty gap. To finish, it
 * copies the whole prepared document a byte at a time and pastes the hex CMS into the gap on the
 * way ({@code PAdESUtils.replaceSignature}): on a 200 MB PDF that is most of the signing time, and
 * with DSS's default (in-memory) resources a second full copy in the heap. Here the hex CMS is
 * written straight into the gap of the prepared temporary file (or byte array), which then is the
 * signed document. The bytes are exactly the ones DSS would write; when the gap cannot be found
 * unambiguously, or the CMS does not fit, DSS's own way runs and reports the problem.
 *
 * <p>Implemented as a wrapper around whatever {@link PDFSignatureService} a factory makes, so that
 * KySo's own signing service ({@link KysoPdfObjectFactory}) keeps all its behaviour.
 */
final class InPlaceSigning {

    private static final int BUFFER = 64 * 1024;

    private InPlaceSigning() {
    }

    /** A factory whose services all finish signatures in place; the rest is {@code delegate}'s. */
    static IPdfObjFactory factory(IPdfObjFactory delegate) {
        return new Factory(delegate);
    }

    /**
     * Writes {@code cms} as hex into the single gap of exactly {@code 2 * contentSize} zeros that
     * starts at or after {@code from}: the end of the original document, since the gap is in the
     * incremental update.
     *
     * @return false, with nothing written, when there is not exactly one such gap or the CMS does not fit
     */
    static boolean fill(DSSDocument prepared, long from, int contentSize, byte[] cms) throws IOException {
        long zeros = 2L * contentSize;
        if (contentSize <= 0 || 2L * cms.length > zeros) {
            return false;
        }
        byte[] hex = Utils.toHex(cms).getBytes(StandardCharsets.US_ASCII);
        Gap gap = new Gap(zeros);
        if (prepared instanceof InMemoryDocument memory && memory.getBytes() != null) {
            byte[] bytes = memory.getBytes();
            gap.scan(bytes, (int) Math.min(from, bytes.length), bytes.length, 0);
            if (gap.found != 1) {
                return false;
            }
            System.arraycopy(hex, 0, bytes, (int) gap.start + 1, hex.length);
            return true;
        }
        if (!(prepared instanceof FileDocument file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file.getFile().toPath(), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            for (long position = Math.min(from, channel.size()); ; ) {
                buffer.clear();
                int read = channel.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                gap.scan(buffer.array(), 0, read, position);
                position += read;
            }
            if (gap.found != 1) {
                return false;
            }
            ByteBuffer content = ByteBuffer.wrap(hex);
            for (long at = gap.start + 1; content.hasRemaining(); ) {
                at += channel.write(content, at);
            }
            return true;
        }
    }

    private static long sizeOf(DSSDocument document) throws IOException {
        if (document instanceof FileDocument file) {
            return Files.size(file.getFile().toPath());
        }
        if (document instanceof InMemoryDocument memory && memory.getBytes() != null) {
            return memory.getBytes().length;
        }
        return 0;
    }

    /** Finds {@code '<'}, exactly {@code zeros} {@code '0'}s, {@code '>'}, across chunks of a document. */
    private static final class Gap {
        private final long zeros;
        private long candidate = -1;
        private long run;
        long start = -1;
        int found;

        Gap(long zeros) {
            this.zeros = zeros;
        }

        /** Scans {@code bytes[from, to)}; {@code base} is the position in the document of {@code bytes[0]}. */
        void scan(byte[] bytes, int from, int to, long base) {
            for (int i = from; i < to; i++) {
                byte b = bytes[i];
                if (candidate >= 0) {
                    if (b == '0') {
                        run++;
                        continue;
                    }
                    if (b == '>' && run == zeros) {
                        start = candidate;
                        found++;
                    }
                    candidate = -1;
                }
                if (b == '<') {
                    candidate = base + i;
                    run = 0;
                }
            }
        }
    }

    private static final class Factory implements IPdfObjFactory {
        private final IPdfObjFactory delegate;

        Factory(IPdfObjFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public PDFSignatureService newPAdESSignatureService() {
            return new Service(delegate.newPAdESSignatureService());
        }

        @Override
        public PDFSignatureService newContentTimestampService() {
            return new Service(delegate.newContentTimestampService());
        }

        @Override
        public PDFSignatureService newSignatureTimestampService() {
            return new Service(delegate.newSignatureTimestampService());
        }

        @Override
        public PDFSignatureService newArchiveTimestampService() {
            return new Service(delegate.newArchiveTimestampService());
        }

        @Override
        public void setResourcesHandlerBuilder(DSSResourcesHandlerBuilder builder) {
            delegate.setResourcesHandlerBuilder(builder);
        }

        @Override
        public void setPdfDifferencesFinder(PdfDifferencesFinder finder) {
            delegate.setPdfDifferencesFinder(finder);
        }

        @Override
        public void setPdfObjectModificationsFinder(PdfObjectModificationsFinder finder) {
            delegate.setPdfObjectModificationsFinder(finder);
        }

        @Override
        public void setPdfPermissionsChecker(PdfPermissionsChecker checker) {
            delegate.setPdfPermissionsChecker(checker);
        }

        @Override
        public void setPdfSignatureFieldPositionChecker(PdfSignatureFieldPositionChecker checker) {
            delegate.setPdfSignatureFieldPositionChecker(checker);
        }

        @Override
        public void setPdfMemoryUsageSetting(PdfMemoryUsageSetting setting) {
            delegate.setPdfMemoryUsageSetting(setting);
        }
    }

    /** {@code delegate}, except that {@link #sign} fills the prepared revision in place. */
    private static final class Service implements PDFSignatureService {
        private final PDFSignatureService delegate;

        Service(PDFSignatureService delegate) {
            this.delegate = delegate;
        }

        @Override
        public DSSDocument sign(DSSDocument toSignDocument, byte[] cmsSignedData, PAdESCommonParameters parameters) {
            DSSDocument prepared = parameters.getPdfSignatureCache().getToBeSignedDocument();
            if (prepared != null) {
                try {
                    if (fill(prepared, sizeOf(toSignDocument), parameters.getContentSize(), cmsSignedData)) {
                        parameters.reinit();
                        prepared.setMimeType(MimeTypeEnum.PDF);
                        return prepared;
                    }
                } catch (IOException e) {
                    // DSS's own way below rebuilds the document and reports what goes wrong
                }
            }
            return delegate.sign(toSignDocument, cmsSignedData, parameters);
        }

        @Override
        public DSSMessageDigest messageDigest(DSSDocument toSignDocument, PAdESCommonParameters parameters) {
            return delegate.messageDigest(toSignDocument, parameters);
        }

        @Override
        public List<PdfRevision> getRevisions(DSSDocument document, char[] pwd) {
            return delegate.getRevisions(document, pwd);
        }

        @Override
        public DSSDocument addDssDictionary(DSSDocument document, PdfValidationDataContainer data) {
            return delegate.addDssDictionary(document, data);
        }

        @Override
        public DSSDocument addDssDictionary(DSSDocument document, PdfValidationDataContainer data, char[] pwd) {
            return delegate.addDssDictionary(document, data, pwd);
        }

        @Override
        public DSSDocument addDssDictionary(DSSDocument document, PdfValidationDataContainer data, char[] pwd,
                                            boolean includeVRIDict) {
            return delegate.addDssDictionary(document, data, pwd, includeVRIDict);
        }

        @Override
        public List<String> getAvailableSignatureFields(DSSDocument document) {
            return delegate.getAvailableSignatureFields(document);
        }

        @Override
        public List<String> getAvailableSignatureFields(DSSDocument document, char[] pwd) {
            return delegate.getAvailableSignatureFields(document, pwd);
        }

        @Override
        public DSSDocument addNewSignatureField(DSSDocument document, SignatureFieldParameters parameters) {
            return delegate.addNewSignatureField(document, parameters);
        }

        @Override
        public DSSDocument addNewSignatureField(DSSDocument document, SignatureFieldParameters parameters, char[] pwd) {
            return delegate.addNewSignatureField(document, parameters, pwd);
        }

        @Override
        public void analyzePdfModifications(DSSDocument document, List<AdvancedSignature> signatures, char[] pwd) {
            delegate.analyzePdfModifications(document, signatures, pwd);
        }

        @Override
        public void analyzeTimestampPdfModifications(DSSDocument document, List<TimestampToken> timestamps, char[] pwd) {
            delegate.analyzeTimestampPdfModifications(document, timestamps, pwd);
        }

        @Override
        public DSSDocument previewPageWithVisualSignature(DSSDocument toSignDocument, PAdESCommonParameters parameters) {
            return delegate.previewPageWithVisualSignature(toSignDocument, parameters);
        }

        @Override
        public DSSDocument previewSignatureField(DSSDocument toSignDocument, PAdESCommonParameters parameters) {
            return delegate.previewSignatureField(toSignDocument, parameters);
        }

        @Override
        public void setResourcesHandlerBuilder(DSSResourcesHandlerBuilder builder) {
            delegate.setResourcesHandlerBuilder(builder);
        }

        @Override
        public void setPdfDifferencesFinder(PdfDifferencesFinder finder) {
            delegate.setPdfDifferencesFinder(finder);
        }

        @Override
        public void setPdfObjectModificationsFinder(PdfObjectModificationsFinder finder) {
            delegate.setPdfObjectModificationsFinder(finder);
        }

        @Override
        public void setPdfPermissionsChecker(PdfPermissionsChecker checker) {
            delegate.setPdfPermissionsChecker(checker);
        }

        @Override
        public void setPdfSignatureFieldPositionChecker(PdfSignatureFieldPositionChecker checker) {
            delegate.setPdfSignatureFieldPositionChecker(checker);
        }

        @Override
        public void setPdfMemoryUsageSetting(PdfMemoryUsageSetting setting) {
            delegate.setPdfMemoryUsageSetting(setting);
        }
    }
}
