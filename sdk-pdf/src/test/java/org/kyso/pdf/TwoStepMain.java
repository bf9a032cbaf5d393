package org.kyso.pdf;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.kyso.core.KysoException;
import org.kyso.core.Tsa;

/**
 * One step of a two-step signature in its own JVM, as two requests to a web server would run:
 * <pre>
 * prepare  IN STATE_OUT CHAIN.pem TSA_URL
 * complete IN STATE SIGNATURE_VALUE OUT TSA_URL
 * </pre>
 * Exit 0 on success, 2 with the message on standard error when KySo refuses.
 */
public final class TwoStepMain {

    private TwoStepMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "prepare" -> {
                    PdfSigner signer = PdfSigner.builder()
                            .certificateChain(readChain(Path.of(args[3])))
                            .timestamping(Tsa.rfc3161(URI.create(args[4])))
                            .appearance(Appearance.builder().page(1).rect(300, 60, 250, 80)
                                    .zone(ZoneId.of("Asia/Ho_Chi_Minh")).build())
                            .reason("Phê duyệt").location("Hà Nội")
                            .build();
                    PreparedSignature prepared = signer.prepare(Path.of(args[1]));
                    Files.write(Path.of(args[2]), prepared.state());
                }
                case "complete" -> {
                    PreparedSignature prepared = PreparedSignature.fromState(Files.readAllBytes(Path.of(args[2])));
                    PdfSigner services = PdfSigner.builder()
                            .certificateChain(prepared.certificateChain())
                            .timestamping(Tsa.rfc3161(URI.create(args[5])))
                            .build();
                    services.complete(Path.of(args[1]), prepared, Files.readAllBytes(Path.of(args[3])), Path.of(args[4]));
                }
                default -> throw new IllegalArgumentException("unknown step " + args[0]);
            }
        } catch (KysoException e) {
            System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static List<X509Certificate> readChain(Path pem) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (var c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
            chain.add((X509Certificate) c);
        }
        return chain;
    }
}
