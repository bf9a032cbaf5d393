package org.kyso.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;

import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.utils.XMLUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.kyso.core.PasswordSource;
import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlSigner;

/**
 * The work each benchmark measures, one {@link Job} per case and variant, built once (keys opened,
 * signers and services configured: what an application does at start) and run many times.
 *
 * <ul>
 * <li>{@code kyso}: KySo's public API, as its README shows it.</li>
 * <li>{@code baseline}: the same job written directly on EU DSS 6.4 (PAdES with
 * {@link PdfBoxNativeObjectFactory}, XAdES, {@link SignedDocumentValidator}) or, for plain
 * XMLDSig, on Apache Santuario; the key is used through the JCA, as KySo's software key does.</li>
 * <li>{@code floor}: what no signer can avoid: SHA-256 over the document's bytes plus one RSA
 * signature per document (validation: one verification per signature).</li>
 * <li>options: {@code baseline_novisual} (DSS without the rendering page comparison) and
 * {@code kyso_nocache} (a new validator without revocation cache for every document).</li>
 * </ul>
 */
final class Jobs {

    interface Job extends AutoCloseable {
        void run() throws Exception;

        @Override
        default void close() {
        }
    }

    private Jobs() {
    }

    static Job create(String caseName, String variant) throws Exception {
        // benchmarks/run --smoke checks the machinery on a few documents per batch; it measures nothing.
        String smoke = System.getenv("KYSO_BENCH_SMOKE_BATCH");
        return create(caseName, variant, smoke == null ? Integer.MAX_VALUE : Integer.parseInt(smoke));
    }

    /** @param limit batches: only the first {@code limit} documents (to warm up, or to probe the heap) */
    static Job create(String caseName, String variant, int limit) throws Exception {
        Cases.Case c = Cases.get(caseName);
        Fixtures.Env env = Fixtures.Env.get();
        Path input = env.file(c.input());
        Path out = env.outFolder(caseName + "-" + variant + (limit < Integer.MAX_VALUE ? "-" + limit : ""));
        return switch (c.kind()) {
            case SIGN_PDF -> switch (variant) {
                case "kyso" -> kysoPdf(env, input, out.resolve("signed.pdf"), c.timestamped());
                case "kyso_inmemory" -> kysoPdfInMemory(env, List.of(input), out, c.timestamped());
                case "baseline" -> dssPdf(env, input, out.resolve("signed.pdf"), c.timestamped());
                case "floor" -> floor(env, List.of(input), 1, true);
                default -> unknown(caseName, variant);
            };
            case SIGN_XADES, SIGN_XMLDSIG -> switch (variant) {
                case "kyso" -> kysoXml(env, input, out.resolve("signed.xml"),
                        c.kind() == Cases.Kind.SIGN_XADES ? XmlFormat.XADES : XmlFormat.XMLDSIG);
                case "baseline" -> c.kind() == Cases.Kind.SIGN_XADES ? dssXades(env, input, out.resolve("signed.xml"))
                        : santuarioXmlDsig(env, input, out.resolve("signed.xml"));
                case "floor" -> floor(env, List.of(input), 1, true);
                default -> unknown(caseName, variant);
            };
            case VALIDATE -> switch (variant) {
                case "kyso" -> kysoValidate(env, List.of(input), true);
                case "baseline" -> dssValidate(env, List.of(input), Visual.ALL);
                case "baseline_novisual" -> dssValidate(env, List.of(input), Visual.NONE);
                case "baseline_skipsame" -> dssValidate(env, List.of(input), Visual.SKIP_SAME_REVISION);
                case "floor" -> floor(env, List.of(input), c.signatures(), false);
                default -> unknown(caseName, variant);
            };
            case BATCH_SIGN -> {
                List<Path> inputs = list(input);
                inputs = inputs.subList(0, Math.min(limit, inputs.size()));
                yield switch (variant) {
                    case "kyso" -> kysoBatch(env, inputs, out);
                    case "kyso_inmemory" -> kysoPdfInMemory(env, inputs, out, false);
                    case "baseline" -> batchDss(env, inputs, out);
                    case "floor" -> floor(env, inputs, 1, true);
                    default -> unknown(caseName, variant);
                };
            }
            case BATCH_VALIDATE -> {
                List<Path> inputs = list(input);
                inputs = inputs.subList(0, Math.min(limit, inputs.size()));
                yield switch (variant) {
                    case "kyso" -> kysoValidate(env, inputs, true);
                    case "kyso_nocache" -> kysoValidate(env, inputs, false);
                    case "baseline" -> dssValidate(env, inputs, Visual.ALL);
                    case "floor" -> floor(env, inputs, 1, false);
                    default -> unknown(caseName, variant);
                };
            }
        };
    }

    private static Job unknown(String caseName, String variant) {
        throw new IllegalArgumentException("Case " + caseName + " has no variant " + variant);
    }

    static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pdf")).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- KySo

    private static PdfSigner kysoPdfSigner(Fixtures.Env env, boolean timestamped) throws Exception {
        SoftwareKey key = SoftwareKey.open(env.p12, PasswordSource.file(env.passwordFile));
        PdfSigner.Builder builder = PdfSigner.builder().key(key);
        if (timestamped) {
            builder.level(PadesLevel.T).timestamping(Tsa.rfc3161(env.tsa));
        }
        return builder.build();
    }

    private static Job kysoPdf(Fixtures.Env env, Path input, Path output, boolean timestamped) throws Exception {
        PdfSigner signer = kysoPdfSigner(env, timestamped);
        return () -> signer.sign(input, output);
    }

    /**
     * KySo's in-memory path, {@code PdfSigner.sign(byte[])}, with the file read and the result
     * written by the caller: no temporary files and no atomic rename, but the whole PDF in the heap.
     */
    private static Job kysoPdfInMemory(Fixtures.Env env, List<Path> inputs, Path out, boolean timestamped)
            throws Exception {
        PdfSigner signer = kysoPdfSigner(env, timestamped);
        return () -> {
            for (Path in : inputs) {
                Files.write(out.resolve(in.getFileName()), signer.sign(Files.readAllBytes(in)));
            }
        };
    }

    /** KySo batch signing: one signer (one key) for every document. */
    private static Job kysoBatch(Fixtures.Env env, List<Path> inputs, Path out) throws Exception {
        PdfSigner signer = kysoPdfSigner(env, false);
        return () -> {
            for (Path in : inputs) {
                signer.sign(in, out.resolve(in.getFileName()));
            }
        };
    }

    private static Job kysoXml(Fixtures.Env env, Path input, Path output, XmlFormat format) throws Exception {
        SoftwareKey key = SoftwareKey.open(env.p12, PasswordSource.file(env.passwordFile));
        XmlSigner signer = XmlSigner.builder().key(key).format(format).build();
        return () -> signer.sign(input, output);
    }

    /**
     * A validator is built at the start of each run, as the baseline builds its verifier: every run
     * starts with an empty revocation cache, so both fetch OCSP and CRL answers for each document
     * of a single-document case.
     *
     * @param sharedCache one validator, so one revocation cache, for all the documents of the run;
     *        otherwise a new validator with {@code Revocation.online().cacheSize(0)} for each document
     */
    private static Job kysoValidate(Fixtures.Env env, List<Path> inputs, boolean sharedCache) {
        TrustAnchors trust = TrustAnchors.of(env.root);
        return () -> {
            Validator shared = Validator.builder().trust(trust).revocation(Revocation.online().build()).build();
            for (Path in : inputs) {
                Validator v = sharedCache ? shared
                        : Validator.builder().trust(trust).revocation(Revocation.online().cacheSize(0).build()).build();
                ValidationReport report = v.validate(in);
                if (report.verdict() != Verdict.VALID) {
                    throw new IllegalStateException(in + ": " + report.summary(Locale.ENGLISH));
                }
            }
        };
    }

    // ---------------------------------------------------------------- DSS and Santuario directly

    private static PAdESService padesService(Fixtures.Env env, boolean timestamped) {
        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
        if (timestamped) {
            service.setTspSource(new OnlineTSPSource(env.tsa.toString()));
        }
        return service;
    }

    private static PAdESSignatureParameters padesParameters(Fixtures.Env env, boolean timestamped) {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(timestamped ? SignatureLevel.PAdES_BASELINE_T : SignatureLevel.PAdES_BASELINE_B);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(env.chain.get(0)));
        parameters.setCertificateChain(tokens(env.chain));
        parameters.bLevel().setSigningDate(new Date());
        return parameters;
    }

    static void dssSignPdf(PAdESService service, PAdESSignatureParameters parameters, PrivateKey key, Path input,
                           Path output) throws Exception {
        DSSDocument document = new FileDocument(input.toFile());
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        SignatureValue value = new SignatureValue(parameters.getSignatureAlgorithm(), rsa(key, toBeSigned.getBytes()));
        DSSDocument signed = service.signDocument(document, parameters, value);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            signed.writeTo(out);
        }
    }

    private static Job dssPdf(Fixtures.Env env, Path input, Path output, boolean timestamped) {
        PAdESService service = padesService(env, timestamped);
        return () -> dssSignPdf(service, padesParameters(env, timestamped), env.privateKey, input, output);
    }

    private static Job batchDss(Fixtures.Env env, List<Path> inputs, Path out) {
        PAdESService service = padesService(env, false);
        return () -> {
            for (Path in : inputs) {
                dssSignPdf(service, padesParameters(env, false), env.privateKey, in, out.resolve(in.getFileName()));
            }
        };
    }

    private static Job dssXades(Fixtures.Env env, Path input, Path output) {
        XAdESService service = new XAdESService(new CommonCertificateVerifier());
        return () -> {
            XAdESSignatureParameters parameters = new XAdESSignatureParameters();
            parameters.setSignatureLevel(SignatureLevel.XAdES_BASELINE_B);
            parameters.setSignaturePackaging(SignaturePackaging.ENVELOPED);
            parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
            parameters.setSigningCertificate(new CertificateToken(env.chain.get(0)));
            parameters.setCertificateChain(tokens(env.chain));
            parameters.bLevel().setSigningDate(new Date());
            DSSDocument document = new FileDocument(input.toFile());
            ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
            SignatureValue value = new SignatureValue(parameters.getSignatureAlgorithm(),
                    rsa(env.privateKey, toBeSigned.getBytes()));
            DSSDocument signed = service.signDocument(document, parameters, value);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                signed.writeTo(out);
            }
        };
    }

    /** Enveloped XMLDSig of the whole document, inclusive C14N, RSA-SHA256, the chain in X509Data. */
    private static Job santuarioXmlDsig(Fixtures.Env env, Path input, Path output) {
        org.apache.xml.security.Init.init();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return () -> {
            Document document = factory.newDocumentBuilder().parse(input.toFile());
            Element root = document.getDocumentElement();
            XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315");
            root.appendChild(signature.getElement());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            signature.addDocument("", transforms, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            org.apache.xml.security.keys.content.X509Data x509 = new org.apache.xml.security.keys.content.X509Data(document);
            x509.addSubjectName(env.chain.get(0));
            for (X509Certificate c : env.chain) {
                if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    x509.addCertificate(c);
                }
            }
            signature.getKeyInfo().add(x509);
            signature.sign(env.privateKey);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                XMLUtils.outputDOM(document, out);
            }
        };
    }

    /** How much of DSS's visual (rendering) comparison of a signed revision with the final document runs. */
    enum Visual {
        /** DSS's default: up to 10 pages of each signed revision rendered and compared with the final document. */
        ALL,
        /** None: {@code DefaultPdfDifferencesFinder.setMaximalPagesAmountForVisualComparison(0)}. */
        NONE,
        /**
         * All, except where the signed revision is the final document itself (the last signature covers
         * the whole file): rendering a document to compare it with itself cannot find a difference.
         */
        SKIP_SAME_REVISION
    }

    /** DSS's page comparison that skips comparing a revision with itself; see {@link Visual#SKIP_SAME_REVISION}. */
    static final class SkipSameRevision extends DefaultPdfDifferencesFinder {
        @Override
        public List<eu.europa.esig.dss.pdf.modifications.PdfModification> getVisualDifferences(
                eu.europa.esig.dss.pdf.PdfDocumentReader signed, eu.europa.esig.dss.pdf.PdfDocumentReader last) {
            if (signed instanceof eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader s
                    && last instanceof eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader f
                    && s.getPDDocument().getDocument().getStartXref() == f.getPDDocument().getDocument().getStartXref()) {
                return List.of();
            }
            return super.getVisualDifferences(signed, last);
        }
    }

    /**
     * DSS validation, trusting the testkit root, with DSS's online OCSP and CRL sources (no cache:
     * DSS has none by default) and its default AIA source. A verifier is built at the start of each
     * run, as KySo's validator is.
     */
    private static Job dssValidate(Fixtures.Env env, List<Path> inputs, Visual visual) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(env.root));
        return () -> {
            CommonCertificateVerifier verifier = new CommonCertificateVerifier();
            verifier.setTrustedCertSources(trusted);
            verifier.setOcspSource(new OnlineOCSPSource());
            verifier.setCrlSource(new OnlineCRLSource());
            for (Path in : inputs) {
                DSSDocument document = new FileDocument(in.toFile());
                SignedDocumentValidator validator;
                if (visual != Visual.ALL) {
                    PDFDocumentValidator pdf = new PDFDocumentValidator(document);
                    PdfBoxNativeObjectFactory objects = new PdfBoxNativeObjectFactory();
                    DefaultPdfDifferencesFinder differences = visual == Visual.NONE ? new DefaultPdfDifferencesFinder()
                            : new SkipSameRevision();
                    if (visual == Visual.NONE) {
                        differences.setMaximalPagesAmountForVisualComparison(0);
                    }
                    objects.setPdfDifferencesFinder(differences);
                    pdf.setPdfObjFactory(objects);
                    validator = pdf;
                } else {
                    validator = SignedDocumentValidator.fromDocument(document);
                }
                validator.setCertificateVerifier(verifier);
                SimpleReport report = validator.validateDocument().getSimpleReport();
                for (String id : report.getSignatureIdList()) {
                    if (report.getIndication(id) != Indication.TOTAL_PASSED) {
                        throw new IllegalStateException(in + ": DSS says " + report.getIndication(id) + " "
                                + report.getSubIndication(id) + " " + report.getAdESValidationErrors(id));
                    }
                }
                if (report.getSignatureIdList().isEmpty()) {
                    throw new IllegalStateException(in + ": DSS finds no signature");
                }
            }
        };
    }

    // ---------------------------------------------------------------- the floor

    /**
     * SHA-256 over each file's bytes, then per file either one RSA signature ({@code sign}) or
     * {@code signatures} RSA verifications.
     */
    private static Job floor(Fixtures.Env env, List<Path> inputs, int signatures, boolean sign) throws Exception {
        PrivateKey key = env.privateKey;
        PublicKey publicKey = env.chain.get(0).getPublicKey();
        byte[] someSignature = rsa(key, new byte[32]);
        byte[] buffer = new byte[1 << 20];
        return () -> {
            for (Path in : inputs) {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                try (InputStream stream = Files.newInputStream(in)) {
                    for (int n; (n = stream.read(buffer)) > 0; ) {
                        sha256.update(buffer, 0, n);
                    }
                }
                byte[] digest = sha256.digest();
                if (sign) {
                    rsa(key, digest);
                } else {
                    for (int i = 0; i < signatures; i++) {
                        Signature verifier = Signature.getInstance("SHA256withRSA");
                        verifier.initVerify(publicKey);
                        verifier.update(new byte[32]);
                        if (!verifier.verify(someSignature)) {
                            throw new IllegalStateException("floor: the signature does not verify");
                        }
                    }
                }
            }
        };
    }

    static byte[] rsa(PrivateKey key, byte[] data) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    static List<CertificateToken> tokens(List<X509Certificate> chain) {
        List<CertificateToken> tokens = new ArrayList<>();
        for (X509Certificate c : chain) {
            tokens.add(new CertificateToken(c));
        }
        return tokens;
    }
}
