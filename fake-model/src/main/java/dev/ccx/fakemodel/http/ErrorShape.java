package dev.ccx.fakemodel.http;

/** Renders an error body in one API's shape (Anthropic and OpenAI differ). */
@FunctionalInterface
public interface ErrorShape {

    Object body(int status, String message);
}
