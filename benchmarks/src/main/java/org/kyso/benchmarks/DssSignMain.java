package org.kyso.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;

/**
 * The whole-process baseline for {@code kyso sign pdf IN -o OUT --p12 P12 --password-file FILE}:
 * the same PAdES B-B signature written directly on DSS, as its documentation shows, in a fresh JVM.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.DssSignMain IN OUT P12 PASSWORD_FILE
 * </pre>
 */
public final class DssSignMain {

    private DssSignMain() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        char[] password = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[2]))) {
            store.load(in, password);
        }
        String alias = store.aliases().nextElement();
        PrivateKey key = (PrivateKey) store.getKey(alias, password);
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }

        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(chain.get(0)));
        parameters.setCertificateChain(Jobs.tokens(chain));
        parameters.bLevel().setSigningDate(new Date());

        DSSDocument document = new FileDocument(input.toFile());
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        SignatureValue value = new SignatureValue(parameters.getSignatureAlgorithm(), Jobs.rsa(key, toBeSigned.getBytes()));
        DSSDocument signed = service.signDocument(document, parameters, value);
        signed.save(output.toString());
    }
}
