package dev.ccx.fakemodel.script;

/** A malformed {@code @fake} directive; the server answers it with an HTTP 400 so the mistake is loud. */
public final class DirectiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DirectiveException(String message) {
        super(message);
    }
}
