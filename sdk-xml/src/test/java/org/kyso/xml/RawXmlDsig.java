package org.kyso.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.xml.security.Init;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Plain XMLDSig signatures made directly with Santuario, as the Vietnamese e-invoice platforms make
 * them, for validation tests: KySo's own signer never makes the weak or broken signatures these
 * tests need (RSA-SHA1, 1024-bit keys, wrapped references).
 */
final class RawXmlDsig {

    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    /** A small e-invoice in the shape of Circular 78 (fictitious data): seller MST 0101234567, buyer 0309876543. */
    static final String INVOICE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><HDon><DLHDon Id=\"_100001\"><TTChung><PBan>2.1.0</PBan>"
            + "<THDon>Hóa đơn giá trị gia tăng</THDon><KHHDon>C26TKS</KHHDon><SHDon>1</SHDon><NLap>2026-03-02</NLap></TTChung>"
            + "<NDHDon><NBan><Ten>CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM</Ten><MST>0101234567</MST></NBan>"
            + "<NMua><Ten>CÔNG TY CỔ PHẦN KHÁCH HÀNG MẪU</Ten><MST>0309876543</MST></NMua>"
            + "<TToan><TgTTTBSo>1100000</TgTTTBSo><TgTTTBChu>Một triệu một trăm nghìn đồng</TgTTTBChu></TToan></NDHDon></DLHDon>"
            + "<MCCQT Id=\"Id-mccqt-100001\">00A1B2C3D4E5F60718293A4B5C6D7E8F90</MCCQT>"
            + "<DSCKS><NBan/><NMua/><CQT/></DSCKS></HDon>";

    static {
        Init.init();
    }

    private RawXmlDsig() {
    }

    static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList all = document.getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (e.hasAttributeNS(null, "Id")) {
                    e.setIdAttributeNS(null, "Id", true);
                }
            }
            return document;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Document parse(String xml) {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The first element named {@code localName}. */
    static Element element(Document document, String localName) {
        return (Element) document.getElementsByTagNameNS("*", localName).item(0);
    }

    /** The signature slot {@code DSCKS/<role>} (NBan, NMua, CQT) of the first DSCKS. */
    static Element slot(Document document, String role) {
        Element list = element(document, "DSCKS");
        for (org.w3c.dom.Node c = list.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && role.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no DSCKS/" + role);
    }

    /**
     * Appends a signature like the e-invoice platforms': {@code Id=signatureId} in {@code parent},
     * a reference to each of {@code dataIds} (the first with the enveloped-signature transform), and
     * a last reference to an Object holding {@code SignatureProperties/SignatureProperty/SigningTime}.
     */
    static Element sign(Document document, Element parent, String signatureId, List<String> dataIds,
                        PrivateKey key, X509Certificate certificate, String signatureAlgorithm, String digestAlgorithm) {
        try {
            XMLSignature signature = new XMLSignature(document, "", signatureAlgorithm, Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS);
            signature.setId(signatureId);
            parent.appendChild(signature.getElement());
            for (int i = 0; i < dataIds.size(); i++) {
                Transforms transforms = null;
                if (i == 0) {
                    transforms = new Transforms(document);
                    transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
                }
                signature.addDocument("#" + dataIds.get(i), transforms, digestAlgorithm);
            }
            ObjectContainer object = new ObjectContainer(document);
            object.setId("Obj-" + signatureId);
            Element properties = document.createElementNS(null, "SignatureProperties");
            Element property = document.createElementNS(null, "SignatureProperty");
            property.setAttributeNS(null, "Target", "#" + signatureId);
            Element time = document.createElementNS(null, "SigningTime");
            time.setTextContent("2026-03-02T09:15:00");
            property.appendChild(time);
            properties.appendChild(property);
            object.appendChild(properties);
            signature.appendObject(object);
            object.getElement().setIdAttributeNS(null, "Id", true);
            signature.addDocument("#Obj-" + signatureId, null, digestAlgorithm);
            signature.addKeyInfo(certificate);
            signature.sign(key);
            return signature.getElement();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the test document: " + e.getMessage(), e);
        }
    }

    /** RSA-SHA256 with SHA-256 digests, as current invoices are signed. */
    static Element sign(Document document, Element parent, String signatureId, List<String> dataIds,
                        PrivateKey key, X509Certificate certificate) {
        return sign(document, parent, signatureId, dataIds, key, certificate,
                XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
    }

    /** The document as bytes, no re-indentation, with an XML declaration. */
    static byte[] bytes(Document document) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate and its key, for keys the test PKI does not make (RSA-1024). */
    record SelfSigned(PrivateKey key, X509Certificate certificate) {
    }

    static SelfSigned selfSigned(String subject, int rsaBits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(rsaBits);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name, pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new SelfSigned(pair.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
