package dev.ccx.orchestrator.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM encoding and decoding of certificates and PKCS#8 private keys, through Bouncy Castle. */
final class PemCodec {

    private PemCodec() {
    }

    static String encodeCertificate(X509Certificate certificate) {
        return write(certificate);
    }

    /** Encodes as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), whatever the key type. */
    static String encodePrivateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode a " + key.getAlgorithm() + " private key as PKCS#8");
        }
    }

    /** Decodes the first certificate in {@code pem}; {@code what} names the source in error messages. */
    static X509Certificate decodeCertificate(String pem, String what) {
        if (!(read(pem, what) instanceof X509CertificateHolder holder)) {
            throw new IllegalStateException(what + ": expected a PEM CERTIFICATE block");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException(what + ": unreadable certificate", e);
        }
    }

    /** Decodes a PKCS#8 private key; error messages never contain key text. */
    static PrivateKey decodePrivateKey(String pem, String what) {
        if (!(read(pem, what) instanceof PrivateKeyInfo info)) {
            throw new IllegalStateException(what + ": expected a PKCS#8 PEM block (BEGIN PRIVATE KEY)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(what + ": unsupported or corrupt PKCS#8 private key");
        }
    }

    /** Reads the first PEM object; failures carry no cause, so no PEM text can reach a log. */
    private static Object read(String pem, String what) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(what + ": malformed PEM");
        }
        if (object == null) {
            throw new IllegalStateException(what + ": no PEM block found");
        }
        return object;
    }

    private static String write(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
