package dev.ccx.runner.tls;

/** The runner's TLS material is missing or unusable; the message names what is wrong and never quotes key text. */
public final class TlsConfigException extends RuntimeException {

    public TlsConfigException(String message) {
        super(message);
    }
}
