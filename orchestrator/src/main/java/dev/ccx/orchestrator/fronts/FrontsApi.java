package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.http.Callers;
import dev.ccx.orchestrator.http.Services;
import dev.ccx.orchestrator.policy.ChatPolicy;
import dev.ccx.orchestrator.policy.Policy;
import io.javalin.http.Context;

/**
 * The OpenAI Responses and Anthropic Messages fronts: each request is authenticated, translated into a chat run,
 * checked by the same chat policy and executed on the user's runner like a chat completion.
 */
public final class FrontsApi {
    private final Services services;
    private final Callers callers;
    private final FrontRun run;

    public FrontsApi(Services services, Callers callers) {
        this.services = services;
        this.callers = callers;
        this.run = new FrontRun(services.forwarder());
    }

    /** {@code POST /v1/responses}. */
    public void responses(Context ctx) {
        execute(ctx, new ResponsesFront());
    }

    /** {@code POST /v1/messages}; {@code anthropic-version} and {@code anthropic-beta} headers are tolerated. */
    public void messages(Context ctx) {
        execute(ctx, new MessagesFront());
    }

    /** {@code POST /v1/messages/count_tokens}: an estimate made in the orchestrator (see {@link TokenEstimate}). */
    public void countTokens(Context ctx) {
        UserId user = callers.user(ctx);
        Policy policy = services.policies().forUser(user);
        RunRequest request = new MessagesFront().translate(Bodies.parseObject(Bodies.read(ctx, policy.maxBodyBytes())));
        ChatPolicy.check(request.chatBody(), policy);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("input_tokens", TokenEstimate.inputTokens(request.chatBody()));
        ctx.contentType("application/json").result(answer.toString());
    }

    private void execute(Context ctx, Front front) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        Policy policy = services.policies().forUser(user);
        RunRequest request = front.translate(Bodies.parseObject(Bodies.read(ctx, policy.maxBodyBytes())));
        ChatPolicy.check(request.chatBody(), policy);
        run.execute(ctx, user, policy, front, request);
    }
}
