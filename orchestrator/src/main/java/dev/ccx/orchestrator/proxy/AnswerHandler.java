package dev.ccx.orchestrator.proxy;

/** What a caller does with a runner's answer once its status and headers arrived (relay it, or translate it). */
@FunctionalInterface
public interface AnswerHandler {
    void handle(RunnerAnswer answer);
}
