package dev.ccx.fakemodel.http;

/** A request the fake cannot serve (bad JSON, bad directive); answered as HTTP 400 in the API's error shape. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
