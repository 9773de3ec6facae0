package dev.ccx.runner.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDK-only PEM decoding of certificates and unencrypted PKCS#8 private keys (EC or RSA). Errors name the
 * source ({@code what}) and the problem, never the PEM text, and carry no cause that could.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String[] KEY_ALGORITHMS = {"EC", "RSA"};

    private Pem() {
    }

    /** All certificates in {@code pem}, in order (leaf first for a chain). */
    static List<X509Certificate> certificates(String pem, String what) {
        List<byte[]> blocks = blocks(pem, "CERTIFICATE", what);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new TlsConfigException(what + ": a CERTIFICATE block is not a valid X.509 certificate");
        }
        return certificates;
    }

    /** The single unencrypted PKCS#8 private key in {@code pem}. */
    static PrivateKey privateKey(String pem, String what) {
        String text = normalise(pem, what);
        if (text.contains("-----BEGIN EC PRIVATE KEY-----") || text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new TlsConfigException(what + ": key is in SEC1/PKCS#1 form; PKCS#8 (BEGIN PRIVATE KEY) is"
                    + " required, e.g. convert with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new TlsConfigException(what + ": encrypted private keys are not supported");
        }
        List<byte[]> blocks = blocks(text, "PRIVATE KEY", what);
        if (blocks.size() != 1) {
            throw new TlsConfigException(what + ": expected exactly one PRIVATE KEY block, found " + blocks.size());
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.get(0));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm (or corrupt): try the next, report once below
            }
        }
        throw new TlsConfigException(what + ": not a valid PKCS#8 EC or RSA private key");
    }

    /** DER bodies of every {@code label} block; other blocks are ignored. */
    private static List<byte[]> blocks(String pem, String label, String what) {
        Matcher matcher = BLOCK.matcher(normalise(pem, what));
        List<byte[]> bodies = new ArrayList<>();
        while (matcher.find()) {
            if (!matcher.group(1).equals(label)) {
                continue;
            }
            try {
                bodies.add(Base64.getDecoder().decode(WHITESPACE.matcher(matcher.group(2)).replaceAll("")));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(what + ": a " + label + " block is not valid base64");
            }
        }
        if (bodies.isEmpty()) {
            throw new TlsConfigException(what + ": no PEM " + label + " block found");
        }
        return bodies;
    }

    /** Accepts values whose newlines were flattened to a literal backslash-n (as some env files do). */
    private static String normalise(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new TlsConfigException(what + ": empty");
        }
        return pem.replace("\\n", "\n");
    }
}
